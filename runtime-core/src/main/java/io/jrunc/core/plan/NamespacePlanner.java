package io.jrunc.core.plan;

import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.linux.Namespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Namespaces: which are joined (setns before the clone), which are created (clone flags),
 * and the user namespace's id maps written by S0 for S1 before S1 goes on.
 */
final class NamespacePlanner {
    /** The order namespaces are joined in: the user namespace first, so the others can be owned by it. */
    static final List<String> JOIN_ORDER =
            List.of("user", "ipc", "uts", "network", "pid", "cgroup", "time", "mount");

    private final List<Linux.Namespace> namespaces;
    private final Linux linux;

    NamespacePlanner(Linux linux) {
        this.linux = linux;
        this.namespaces = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
    }

    boolean creates(String type) {
        return namespaces.stream().anyMatch(n -> n.type().equals(type) && isEmpty(n.path()));
    }

    boolean joins(String type) {
        return namespaces.stream().anyMatch(n -> n.type().equals(type) && !isEmpty(n.path()));
    }

    boolean has(String type) {
        return creates(type) || joins(type);
    }

    /** S0's part: oom_score_adj is set by the caller; this adds setns, time offsets and the clone. */
    void planParent(PlanBuilder plan) {
        for (String type : JOIN_ORDER) {
            for (int i = 0; i < namespaces.size(); i++) {
                Linux.Namespace n = namespaces.get(i);
                if (n.type().equals(type) && !isEmpty(n.path())) {
                    plan.add(Opcode.SETNS, "join " + type + " namespace " + n.path(),
                            "linux.namespaces[" + i + "]", Namespaces.cloneFlag(type), n.path());
                }
            }
        }
        if (creates("time")) {
            // CLONE_NEWTIME only works with unshare/clone3: S0 unshares it for its children
            // and sets the offsets before any process has entered it.
            plan.add(Opcode.UNSHARE, "create time namespace", "linux.namespaces", Namespaces.cloneFlag("time"));
            Map<String, Linux.TimeOffset> offsets = linux.timeOffsets();
            if (offsets != null && !offsets.isEmpty()) {
                StringBuilder content = new StringBuilder();
                offsets.forEach((clock, o) ->
                        content.append(clock).append(' ').append(o.secs()).append(' ').append(o.nanosecs()).append('\n'));
                plan.add(Opcode.WRITE_FILE, "set time namespace offsets", "linux.timeOffsets",
                        "/proc/self/timens_offsets", content.toString());
            }
        }
        long flags = 0;
        List<String> created = new ArrayList<>();
        for (Linux.Namespace n : namespaces) {
            if (isEmpty(n.path()) && !n.type().equals("time")) {
                flags |= Namespaces.cloneFlag(n.type());
                created.add(n.type());
            }
        }
        plan.add(Opcode.CLONE, created.isEmpty() ? "start container init"
                : "start container init in new " + String.join(", ", created) + " namespaces",
                "linux.namespaces", flags);
        if (creates("user")) {
            plan.add(Opcode.CHILD_WRITE_FILE, "write uid map", "linux.uidMappings", "uid_map",
                    mapContent(linux.uidMappings()));
            plan.add(Opcode.CHILD_WRITE_FILE, "write gid map", "linux.gidMappings", "gid_map",
                    mapContent(linux.gidMappings()));
        }
    }

    /** S1's first steps: become root of a new user namespace, and lead a new session as runc's init does. */
    void planChildStart(PlanBuilder plan) {
        if (has("user")) {
            plan.add(Opcode.BECOME_ROOT, "become root in the user namespace", "linux.uidMappings");
        }
        plan.add(Opcode.SETSID, "start a new session", null);
    }

    static String mapContent(List<LinuxIDMapping> maps) {
        StringBuilder b = new StringBuilder();
        for (LinuxIDMapping m : maps == null ? List.<LinuxIDMapping>of() : maps) {
            b.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        return b.toString();
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
