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
    private final UsernsSetup userns;

    NamespacePlanner(Linux linux) {
        this(linux, UsernsSetup.PRIVILEGED);
    }

    NamespacePlanner(Linux linux, UsernsSetup userns) {
        this.linux = linux;
        this.namespaces = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
        this.userns = userns == null ? UsernsSetup.PRIVILEGED : userns;
    }

    /** An unprivileged caller creates the user namespace: S1 is dumpable while its maps are written. */
    private boolean unprivilegedMaps() {
        return userns.unprivileged() && creates("user");
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
        if (unprivilegedMaps()) {
            // runc's stage-1 does the same: an unprivileged S0 (or newuidmap) may open
            // /proc/<S1>/uid_map only while S1 is dumpable; S1 inherits it and drops it first thing
            plan.add(Opcode.DUMPABLE, "make jrunc-init dumpable while the id maps are written",
                    "linux.uidMappings", 1);
        }
        plan.add(Opcode.CLONE, created.isEmpty() ? "start container init"
                : "start container init in new " + String.join(", ", created) + " namespaces",
                "linux.namespaces", flags);
        if (creates("user")) {
            if (userns.uidTool() != null) {
                plan.add(Opcode.CHILD_IDMAP_TOOL, "write uid map with " + userns.uidTool(), "linux.uidMappings",
                        toolArgs(userns.uidTool(), linux.uidMappings()));
            } else {
                plan.add(Opcode.CHILD_WRITE_FILE, "write uid map", "linux.uidMappings", "uid_map",
                        mapContent(linux.uidMappings()));
            }
            if (userns.gidTool() != null) {
                plan.add(Opcode.CHILD_IDMAP_TOOL, "write gid map with " + userns.gidTool(), "linux.gidMappings",
                        toolArgs(userns.gidTool(), linux.gidMappings()));
            } else {
                if (userns.unprivileged()) {
                    // the kernel lets an unprivileged writer map its own gid only once setgroups is denied
                    plan.add(Opcode.CHILD_WRITE_FILE, "deny setgroups (unprivileged gid map)", "linux.gidMappings",
                            "setgroups", "deny");
                }
                plan.add(Opcode.CHILD_WRITE_FILE, "write gid map", "linux.gidMappings", "gid_map",
                        mapContent(linux.gidMappings()));
            }
        }
    }

    /** newuidmap/newgidmap's arguments after the pid: "containerID hostID size" per mapping. */
    private static Object[] toolArgs(String tool, List<LinuxIDMapping> maps) {
        List<Object> args = new ArrayList<>();
        args.add(tool);
        for (LinuxIDMapping m : maps == null ? List.<LinuxIDMapping>of() : maps) {
            args.add(Long.toString(m.containerID()));
            args.add(Long.toString(m.hostID()));
            args.add(Long.toString(m.size()));
        }
        return args.toArray();
    }

    /** S1's first steps: become root of a new user namespace, and lead a new session as runc's init does. */
    void planChildStart(PlanBuilder plan) {
        if (unprivilegedMaps()) {
            plan.add(Opcode.DUMPABLE, "make the container init non-dumpable again", "linux.uidMappings", 0);
        }
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
