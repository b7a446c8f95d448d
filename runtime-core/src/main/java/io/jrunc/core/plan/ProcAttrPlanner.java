package io.jrunc.core.plan;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process attributes beyond credentials: scheduler, I/O priority, exec CPU affinity,
 * personality, memory policy and the session keyring. Each becomes one op; where it sits
 * follows runc's standard_init/setns_init order (docs/plan-format.md, ops 90–95):
 *
 * <ul>
 *   <li>KEYRING first thing in S1 (runc joins the session keyring before the rootfs);</li>
 *   <li>IOPRIO in S0 before the clone (runc sets it in its parent before starting init;
 *       inherited, and still with the host's privileges that IOPRIO_CLASS_RT needs);</li>
 *   <li>exec only: CPU_AFFINITY initial in S0 before it joins the container's cgroups,
 *       final in S1 right before READY/EXEC (the spec: "not applicable to the container's
 *       init process", runc applies it to exec'd processes only);</li>
 *   <li>SCHEDULER and MEMPOLICY after no_new_privs, before the user switch drops
 *       CAP_SYS_NICE;</li>
 *   <li>PERSONALITY after the executable lookup and the late seccomp filter, as runc.</li>
 * </ul>
 */
public final class ProcAttrPlanner {
    /** CPUs jrunc-init's affinity mask holds (CPU_AFFINITY); the validator refuses higher numbers. */
    public static final int MAX_CPUS = 8192;
    /** NUMA nodes jrunc-init's node mask holds (MEMPOLICY); the kernel's MAX_NUMNODES is at most 1024. */
    public static final int MAX_NODES = 1024;

    static final Map<String, Integer> SCHED_POLICIES = Map.of(
            "SCHED_OTHER", 0, "SCHED_FIFO", 1, "SCHED_RR", 2, "SCHED_BATCH", 3, "SCHED_ISO", 4,
            "SCHED_IDLE", 5, "SCHED_DEADLINE", 6);
    static final Map<String, Integer> SCHED_FLAGS = Map.of(
            "SCHED_FLAG_RESET_ON_FORK", 0x01, "SCHED_FLAG_RECLAIM", 0x02, "SCHED_FLAG_DL_OVERRUN", 0x04,
            "SCHED_FLAG_KEEP_POLICY", 0x08, "SCHED_FLAG_KEEP_PARAMS", 0x10, "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20,
            "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40);
    static final Map<String, Integer> IOPRIO_CLASSES = Map.of(
            "IOPRIO_CLASS_RT", 1, "IOPRIO_CLASS_BE", 2, "IOPRIO_CLASS_IDLE", 3);
    static final int IOPRIO_CLASS_SHIFT = 13;
    static final Map<String, Integer> MPOL_MODES = Map.of(
            "MPOL_DEFAULT", 0, "MPOL_PREFERRED", 1, "MPOL_BIND", 2, "MPOL_INTERLEAVE", 3, "MPOL_LOCAL", 4,
            "MPOL_PREFERRED_MANY", 5, "MPOL_WEIGHTED_INTERLEAVE", 6);
    static final Map<String, Integer> MPOL_FLAGS = Map.of(
            "MPOL_F_STATIC_NODES", 1 << 15, "MPOL_F_RELATIVE_NODES", 1 << 14, "MPOL_F_NUMA_BALANCING", 1 << 13);
    static final Map<String, Long> PERSONALITIES = Map.of("LINUX", 0x0000L, "LINUX32", 0x0008L);
    /** runc's session keyring permissions: keep all bits, add search for "other" (user ns) or the owner. */
    static final long KEY_OTH_SEARCH = 0x08;
    static final long KEY_USR_SEARCH = 0x080000;

    /** The memory policy modes and flags jrunc applies (for {@code jrunc features}). */
    public static List<String> memoryPolicyModes() {
        return MPOL_MODES.keySet().stream().sorted().toList();
    }

    public static List<String> memoryPolicyFlags() {
        return MPOL_FLAGS.keySet().stream().sorted().toList();
    }

    /**
     * The container-wide attributes a process plan needs besides the process itself.
     *
     * @param personality    linux.personality, or null
     * @param memoryPolicy   linux.memoryPolicy, or null
     * @param execAffinity   whether process.execCPUAffinity applies (exec, never the init)
     */
    public record Attrs(Linux.Personality personality, Linux.MemoryPolicy memoryPolicy, boolean execAffinity) {
        public static final Attrs NONE = new Attrs(null, null, false);

        static Attrs of(Linux linux, boolean execAffinity) {
            return linux == null ? new Attrs(null, null, execAffinity)
                    : new Attrs(linux.personality(), linux.memoryPolicy(), execAffinity);
        }
    }

    private ProcAttrPlanner() {
    }

    /**
     * Joins a new session keyring {@code name}; {@code create} also makes it searchable as
     * runc's ModKeyringPerm does (other with a user namespace, else the owner).
     */
    static void keyring(PlanBuilder plan, String name, boolean create, boolean userNamespace) {
        if (name == null) {
            return;
        }
        plan.add(Opcode.KEYRING, "join session keyring " + name, null, name,
                Long.toUnsignedString(userNamespace ? KEY_OTH_SEARCH : KEY_USR_SEARCH), create ? 1 : 0);
    }

    /** IOPRIO_WHO_PROCESS on S0 itself, inherited by S1 at the clone. */
    static void ioPriority(PlanBuilder plan, Process p) {
        Process.IOPriority io = p.ioPriority();
        if (io == null) {
            return;
        }
        int prio = io.priority() == null ? 0 : io.priority();
        int value = IOPRIO_CLASSES.get(io.ioClass()) << IOPRIO_CLASS_SHIFT | prio;
        plan.add(Opcode.IOPRIO, "set I/O priority " + io.ioClass() + " " + prio, "process.ioPriority", value);
    }

    /** S0's affinity before it joins the container's cgroups (exec only). */
    static void initialAffinity(PlanBuilder plan, Process p, Attrs attrs) {
        Process.CPUAffinity a = p.execCPUAffinity();
        if (attrs.execAffinity() && a != null && a.initial() != null && !a.initial().isEmpty()) {
            plan.add(Opcode.CPU_AFFINITY, "set initial CPU affinity " + a.initial(),
                    "process.execCPUAffinity.initial", ranges(a.initial()).toArray());
        }
    }

    /** The process's affinity once it is in the container's cgroups, right before it runs (exec only). */
    static void finalAffinity(PlanBuilder plan, Process p, Attrs attrs) {
        Process.CPUAffinity a = p.execCPUAffinity();
        if (attrs.execAffinity() && a != null && a.finalCpus() != null && !a.finalCpus().isEmpty()) {
            plan.add(Opcode.CPU_AFFINITY, "set CPU affinity " + a.finalCpus(),
                    "process.execCPUAffinity.final", ranges(a.finalCpus()).toArray());
        }
    }

    /** sched_setattr and set_mempolicy: after no_new_privs, while CAP_SYS_NICE is still held. */
    static void scheduling(PlanBuilder plan, Process p, Attrs attrs) {
        Process.Scheduler s = p.scheduler();
        if (s != null) {
            long flags = 0;
            for (String f : s.flags() == null ? List.<String>of() : s.flags()) {
                flags |= SCHED_FLAGS.get(f);
            }
            int nice = s.nice() == null ? 0 : s.nice();
            int prio = s.priority() == null ? 0 : s.priority();
            StringBuilder d = new StringBuilder("set scheduler ").append(s.policy());
            if (prio != 0) {
                d.append(" priority ").append(prio);
            }
            if (nice != 0) {
                d.append(" nice ").append(nice);
            }
            plan.add(Opcode.SCHEDULER, d.toString(), "process.scheduler", SCHED_POLICIES.get(s.policy()),
                    Long.toUnsignedString(flags), nice, prio, u64(s.runtime()), u64(s.deadline()), u64(s.period()));
        }
        Linux.MemoryPolicy mp = attrs.memoryPolicy();
        if (mp != null) {
            int mode = MPOL_MODES.get(mp.mode());
            for (String f : mp.flags() == null ? List.<String>of() : mp.flags()) {
                mode |= MPOL_FLAGS.get(f);
            }
            List<Object> args = new ArrayList<>();
            args.add(mode);
            boolean nodes = mp.nodes() != null && !mp.nodes().isEmpty();
            if (nodes) {
                args.addAll(ranges(mp.nodes()));
            }
            plan.add(Opcode.MEMPOLICY, "set memory policy " + mp.mode() + (nodes ? " nodes " + mp.nodes() : ""),
                    "linux.memoryPolicy", args.toArray());
        }
    }

    /** personality(2), as late as runc sets it: after the lookup and the late seccomp filter. */
    static void personality(PlanBuilder plan, Attrs attrs) {
        Linux.Personality pers = attrs.personality();
        if (pers != null) {
            plan.add(Opcode.PERSONALITY, "set personality " + pers.domain(), "linux.personality.domain",
                    Long.toUnsignedString(PERSONALITIES.get(pers.domain())));
        }
    }

    /** The syscall behind one of these ops, for the dry run's listing. */
    public static String syscall(Opcode code) {
        return switch (code) {
            case SCHEDULER -> "sched_setattr";
            case IOPRIO -> "ioprio_set";
            case CPU_AFFINITY -> "sched_setaffinity";
            case PERSONALITY -> "personality";
            case MEMPOLICY -> "set_mempolicy";
            case KEYRING -> "keyctl";
            default -> code.name().toLowerCase();
        };
    }

    /** A validated list like {@code 0-3,7} as (first, last) pairs: {@code [0, 3, 7, 7]}. */
    static List<Integer> ranges(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1));
            out.add(lo);
            out.add(hi);
        }
        return out;
    }

    private static String u64(Long v) {
        return v == null ? "0" : Long.toUnsignedString(v);
    }
}
