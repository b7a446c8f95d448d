package io.jrunc.core.container;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.linux.Namespaces;
import java.util.List;
import java.util.Optional;

/**
 * Known causes of a failed step, added to its error line: what the errno usually means for
 * that kind of step on a real host. A small table on purpose: a hint must be right, not guessed.
 */
public final class Hints {
    /** Kinds of steps a hint is about. CGROUP is for the cgroup manager's writes (not a plan op). */
    public enum Kind { MOUNT, EXEC, SYSCTL, NAMESPACE, JOIN, CGROUP, OTHER, SCHEDULER }

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ENOEXEC = 8;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EOPNOTSUPP = 95;
    static final int EBUSY = 16;

    /**
     * One row of the table.
     *
     * @param userns only inside a user namespace (null: either way)
     */
    private record Rule(Kind kind, int errno, Boolean userns, String hint) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Kind.MOUNT, EPERM, true, "in a user namespace only some filesystems may be mounted, "
                    + "and the host mount's locked flags (ro, nosuid, nodev, noexec, atime) cannot be cleared"),
            new Rule(Kind.MOUNT, ENODEV, null, "the kernel has no such filesystem (see /proc/filesystems)"),
            new Rule(Kind.EXEC, EACCES, null, "not executable or on a noexec mount"),
            new Rule(Kind.EXEC, ENOENT, null, "the program or its interpreter (#! line or ELF loader) "
                    + "is missing from the rootfs"),
            new Rule(Kind.EXEC, ENOEXEC, null, "not a program for this machine, or a script without a #! line"),
            new Rule(Kind.SYSCTL, ENOENT, null, "this kernel has no such sysctl (see /proc/sys)"),
            new Rule(Kind.NAMESPACE, EINVAL, null, "this kernel lacks one of these namespace types (see /proc/self/ns)"),
            new Rule(Kind.NAMESPACE, ENOSPC, null, "the namespace limit is reached or user namespaces are disabled "
                    + "(see /proc/sys/user/max_*_namespaces)"),
            new Rule(Kind.JOIN, ENOENT, null, "the namespace path does not exist (has its process exited?)"),
            new Rule(Kind.JOIN, EINVAL, null, "the path is not a namespace of the type config.json says"),
            new Rule(Kind.CGROUP, ENOENT, null, "the cgroup controller is not enabled on this host "
                    + "(see /proc/cgroups, or cgroup.controllers on cgroup v2)"),
            new Rule(Kind.CGROUP, EOPNOTSUPP, null, "the cgroup controller is not enabled on this host "
                    + "(see /proc/cgroups, or cgroup.controllers on cgroup v2)"),
            new Rule(Kind.SCHEDULER, EPERM, null, "real-time policies need CAP_SYS_NICE in the host's user namespace "
                    + "and, where the kernel has RT group scheduling (cgroup v1 cpu.rt_runtime_us), real-time "
                    + "runtime in the container's cgroup: linux.resources.cpu.realtimeRuntime"),
            new Rule(Kind.SCHEDULER, EBUSY, null, "SCHED_DEADLINE admission control refused this runtime/period "
                    + "bandwidth"));

    private Hints() {
    }

    /** The hint for a step of this kind failing with errno, if the table has one. */
    public static Optional<String> hint(Kind kind, int errno, boolean inUserNamespace) {
        for (Rule r : RULES) {
            if (r.kind == kind && r.errno == errno && (r.userns == null || r.userns == inUserNamespace)) {
                return Optional.of(r.hint);
            }
        }
        return Optional.empty();
    }

    /** The hint for a failed plan step. */
    static Optional<String> forStep(Op op, int errno, Plan plan) {
        return hint(kindOf(op.code()), errno, inUserNamespace(plan));
    }

    static Kind kindOf(Opcode code) {
        return switch (code) {
            case MOUNT, REMOUNT, SETATTR, PROPAGATE, MASK_PATH, READONLY_PATH, PIVOT_ROOT, MOVE_ROOT -> Kind.MOUNT;
            case CHECK_EXEC, EXEC -> Kind.EXEC;
            case SYSCTL -> Kind.SYSCTL;
            case CLONE, UNSHARE -> Kind.NAMESPACE;
            case SETNS -> Kind.JOIN;
            case SCHEDULER -> Kind.SCHEDULER;
            default -> Kind.OTHER;
        };
    }

    /** The container runs in a user namespace it creates or joins. */
    static boolean inUserNamespace(Plan plan) {
        for (Op op : plan.ops()) {
            if ((op.code() == Opcode.CLONE || op.code() == Opcode.SETNS || op.code() == Opcode.UNSHARE)
                    && (Long.parseLong(op.arg(0)) & Namespaces.CLONE_NEWUSER) != 0) {
                return true;
            }
        }
        return false;
    }
}
