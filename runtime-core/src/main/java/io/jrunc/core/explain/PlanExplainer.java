package io.jrunc.core.explain;

import io.jrunc.core.plan.FlagNames;
import io.jrunc.core.plan.MountFlags;
import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.Hooks;
import io.jrunc.spec.LinuxSeccomp;
import io.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a plan into a {@link PlanReport}: every op lands in one section with its numbers
 * turned into names. Ops this class does not know (added later, e.g. seccomp) are still
 * shown, with their raw arguments, so a dry run never hides a step.
 */
public final class PlanExplainer {
    private final Map<Section, List<Entry>> sections = new EnumMap<>(Section.class);
    private final List<String> notes = new ArrayList<>();
    private final Spec spec;
    private Integer syncStep;

    private PlanExplainer(Spec spec) {
        this.spec = spec;
    }

    /**
     * @param cgroupWrites what the cgroup manager would write, or null when cgroups are not managed
     */
    public static PlanReport explain(PlanReport.Container container, Plan plan, Spec spec,
                                     List<CgroupPreview.Write> cgroupWrites) {
        PlanExplainer x = new PlanExplainer(spec);
        for (int i = 0; i < plan.size(); i++) {
            x.op(i, plan.op(i));
        }
        x.runtimeHooks();
        x.seccomp(plan);
        x.cgroups(cgroupWrites);
        return new PlanReport(container, plan.size(), x.sections, exec(plan), x.notes);
    }

    private void op(int i, Op op) {
        Map<String, Object> f = new LinkedHashMap<>();
        Section s;
        String action;
        String target = "";
        switch (op.code()) {
            case SETNS -> {
                s = Section.NAMESPACES;
                action = "join";
                target = String.join(",", FlagNames.namespaces(num(op, 0)));
                f.put("path", op.arg(1));
                f.put("flag", FlagNames.cloneFlags(num(op, 0)));
            }
            case UNSHARE -> {
                s = Section.NAMESPACES;
                action = "unshare";
                target = String.join(",", FlagNames.namespaces(num(op, 0)));
                f.put("flags", FlagNames.cloneFlags(num(op, 0)));
            }
            case CLONE -> {
                s = Section.NAMESPACES;
                action = "clone";
                List<String> ns = FlagNames.namespaces(num(op, 0));
                target = ns.isEmpty() ? "init (no new namespaces)" : "init in new " + String.join(",", ns);
                f.put("flags", FlagNames.cloneFlags(num(op, 0)));
            }
            case CHILD_WRITE_FILE -> {
                s = Section.NAMESPACES;
                action = "write";
                target = "/proc/<init>/" + op.arg(0);
                f.put("content", lines(op.arg(1)));
            }
            case DUMPABLE -> {
                s = Section.NAMESPACES;
                action = "dumpable";
                target = "1".equals(op.arg(0)) ? "on (S1's id maps are written by an unprivileged caller)" : "off";
            }
            case CHILD_IDMAP_TOOL -> {
                s = Section.NAMESPACES;
                action = "run";
                target = op.arg(0) + " <init>";
                f.put("mappings", op.args().subList(1, op.args().size()));
            }
            case BECOME_ROOT -> {
                s = Section.NAMESPACES;
                action = "become root";
                target = "uid 0, gid 0 in the user namespace";
            }
            case WRITE_FILE -> {
                s = op.source() != null && op.source().startsWith("linux.time") ? Section.NAMESPACES : Section.OTHER;
                action = "write";
                target = op.arg(0);
                f.put("content", lines(op.arg(1)));
            }
            case MOUNT -> {
                s = op.source() != null && op.source().startsWith("linux.devices") ? Section.DEVICES : Section.MOUNTS;
                long flags = num(op, 3);
                action = (flags & MountFlags.MS_BIND) != 0 ? "bind" : "mount";
                target = op.arg(1);
                f.put("source", op.arg(0));
                f.put("type", op.arg(2));
                f.put("flags", FlagNames.mountFlags(flags));
                f.put("data", op.arg(4));
                f.put("path", FlagNames.pathFlags((int) num(op, 5)));
            }
            case PROPAGATE -> {
                s = Section.MOUNTS;
                action = "propagation";
                target = op.arg(0);
                f.put("propagation", propagation(num(op, 1)));
            }
            case SETATTR -> {
                s = Section.MOUNTS;
                action = "setattr";
                target = op.arg(0);
                f.put("set", FlagNames.mountAttrs(num(op, 1)));
                f.put("clear", FlagNames.mountAttrs(num(op, 2)));
                f.put("recursive", op.arg(3).equals("1"));
            }
            case REMOUNT -> {
                s = "root.readonly".equals(op.source()) ? Section.PATHS : Section.MOUNTS;
                action = "remount";
                target = op.arg(0);
                f.put("flags", FlagNames.mountFlags(num(op, 1) | MountFlags.MS_REMOUNT));
            }
            case MKDIR, MKFILE -> {
                s = Section.MOUNTS;
                action = op.code() == Opcode.MKDIR ? "mkdir" : "mkfile";
                target = op.arg(0);
                f.put("mode", octal(op.arg(1)));
                f.put("path", FlagNames.pathFlags((int) num(op, 2)));
            }
            case SET_ROOT -> {
                s = Section.MOUNTS;
                action = "open root";
                target = op.arg(0);
            }
            case MKNOD -> {
                s = Section.DEVICES;
                action = "mknod";
                target = op.arg(0);
                long mode = num(op, 1);
                f.put("type", nodeType(mode));
                f.put("device", op.arg(2) + ":" + op.arg(3));
                f.put("mode", String.format("%04o", mode & 07777));
                f.put("owner", op.arg(4) + ":" + op.arg(5));
            }
            case SYMLINK -> {
                s = Section.DEVICES;
                action = "symlink";
                target = op.arg(1);
                f.put("to", op.arg(0));
            }
            case SYNC -> {
                s = Section.HOOKS;
                action = "sync";
                target = op.arg(0);
                f.put("note", "jrunc runs the prestart and createRuntime hooks here" + netDevicesNote(spec));
                syncStep = i;
            }
            case HOOK -> {
                s = Section.HOOKS;
                action = "hook";
                target = op.arg(0);
                int argc = (int) num(op, 2);
                List<String> rest = op.args().subList(3, op.args().size());
                f.put("args", argc == 0 ? List.of(op.arg(0)) : rest.subList(0, argc));
                f.put("env", rest.subList(argc, rest.size()));
                f.put("timeout", op.arg(1).equals("0") ? "none" : op.arg(1) + "s");
            }
            case OPEN_FIFO -> {
                s = Section.ROOT;
                action = "open fifo";
                target = op.arg(0);
            }
            case PIVOT_ROOT, MOVE_ROOT, CHROOT -> {
                s = Section.ROOT;
                action = switch (op.code()) {
                    case PIVOT_ROOT -> "pivot_root";
                    case MOVE_ROOT -> "move root";
                    default -> "chroot";
                };
                target = op.arg(0);
            }
            case SETHOSTNAME, SETDOMAINNAME -> {
                s = Section.KERNEL;
                action = op.code() == Opcode.SETHOSTNAME ? "hostname" : "domainname";
                target = op.arg(0);
            }
            case SYSCTL -> {
                s = Section.KERNEL;
                action = "sysctl";
                target = op.arg(0);
                f.put("value", op.arg(1));
                f.put("file", "/proc/sys/" + op.arg(0).replace('.', '/'));
            }
            case READONLY_PATH, MASK_PATH -> {
                s = Section.PATHS;
                action = op.code() == Opcode.READONLY_PATH ? "read-only" : "mask";
                target = op.arg(0);
            }
            case RLIMIT -> {
                s = Section.RLIMITS;
                action = "setrlimit";
                target = FlagNames.rlimit((int) num(op, 0));
                f.put("soft", FlagNames.limit(op.arg(1)));
                f.put("hard", FlagNames.limit(op.arg(2)));
            }
            case NO_NEW_PRIVS -> {
                s = Section.PRIVILEGES;
                action = "no_new_privs";
                target = "on";
            }
            case CAPS_BOUNDING -> {
                s = Section.PRIVILEGES;
                action = "capabilities";
                target = "bounding";
                f.put("keep", FlagNames.capabilities(Long.parseUnsignedLong(op.arg(0))));
            }
            case KEEPCAPS -> {
                s = Section.PRIVILEGES;
                action = "keepcaps";
                target = op.arg(0).equals("1") ? "on" : "off";
            }
            case CAPS -> {
                s = Section.PRIVILEGES;
                action = "capabilities";
                target = "effective, permitted, inheritable, ambient";
                String[] sets = {"effective", "permitted", "inheritable", "ambient"};
                for (int k = 0; k < sets.length; k++) {
                    f.put(sets[k], FlagNames.capabilities(Long.parseUnsignedLong(op.arg(k))));
                }
            }
            case SCHEDULER, IOPRIO, CPU_AFFINITY, PERSONALITY, MEMPOLICY, KEYRING -> {
                s = Section.PROCESS;
                action = io.jrunc.core.plan.ProcAttrPlanner.syscall(op.code());
                target = op.description().replaceFirst("^(set|join) ", "");
            }
            case OOM_SCORE_ADJ -> {
                s = Section.PROCESS;
                action = "oom_score_adj";
                target = op.arg(0);
            }
            case SETSID -> {
                s = Section.PROCESS;
                action = "setsid";
                target = "new session";
            }
            case CLOSE_FDS -> {
                s = Section.PROCESS;
                action = "close fds";
                target = "fd >= " + op.arg(0) + " close-on-exec";
            }
            case SET_USER -> {
                s = Section.PROCESS;
                action = "user";
                target = op.arg(0) + ":" + op.arg(1);
                f.put("additionalGids", op.args().subList(2, op.args().size()));
            }
            case UMASK -> {
                s = Section.PROCESS;
                action = "umask";
                target = octal(op.arg(0));
            }
            case CHDIR -> {
                s = Section.PROCESS;
                action = "cwd";
                target = op.arg(0);
            }
            case SET_ARGV -> {
                s = Section.PROCESS;
                action = "argv";
                target = op.args().isEmpty() ? "" : op.arg(0);
                f.put("argv", op.args());
            }
            case SET_ENV -> {
                s = Section.PROCESS;
                action = "env";
                target = op.args().size() + " variables";
                f.put("env", op.args());
            }
            case CHECK_EXEC -> {
                s = Section.PROCESS;
                action = "look up";
                target = "argv[0] in PATH";
            }
            case READY -> {
                s = Section.PROCESS;
                action = "ready";
                target = "create returns";
            }
            case WAIT_FIFO -> {
                s = Section.PROCESS;
                action = "wait";
                target = "for jrunc start (exec fifo)";
            }
            case EXEC -> {
                s = Section.PROCESS;
                action = "execve";
                target = spec.process().args().getFirst();
            }
            case LSM_LABEL -> {
                s = Section.PROCESS;
                action = "exec label";
                target = op.arg(2);
                f.put("file", "/proc/thread-self/attr/" + op.arg(0));
            }
            default -> {
                // an op this printer does not know yet: show it as the plan carries it
                s = op.code().name().startsWith("SECCOMP") ? Section.SECCOMP : Section.OTHER;
                action = op.code().name().toLowerCase();
                target = "";
                f.put("args", op.args());
            }
        }
        add(s, new Entry(i, op.code().name(), action, target, f, op.description(), op.source(), op.args()));
    }

    /** prestart/createRuntime (run by jrunc at the sync step), poststart (start) and poststop (delete). */
    private void runtimeHooks() {
        Hooks h = spec.hooks();
        if (h == null) {
            return;
        }
        String at = syncStep == null ? "" : " at step " + syncStep;
        hookLines("prestart", h.prestart(), "jrunc create, in the host" + at);
        hookLines("createRuntime", h.createRuntime(), "jrunc create, in the host" + at);
        hookLines("poststart", h.poststart(), "jrunc start, after the exec");
        hookLines("poststop", h.poststop(), "jrunc delete");
    }

    private void hookLines(String kind, List<Hooks.Hook> hooks, String when) {
        for (int i = 0; hooks != null && i < hooks.size(); i++) {
            Hooks.Hook hk = hooks.get(i);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("args", hk.args() == null || hk.args().isEmpty() ? List.of(hk.path()) : hk.args());
            f.put("env", hk.env() == null ? List.of() : hk.env());
            f.put("timeout", hk.timeout() == null ? "none" : hk.timeout() + "s");
            f.put("runBy", when);
            add(Section.HOOKS, new Entry(null, "hook", kind, hk.path(), f, kind + " hook " + hk.path(),
                    "hooks." + kind + "[" + i + "]", List.of()));
        }
    }

    /** A summary of linux.seccomp; a note when no plan step carries it out. */
    private void seccomp(Plan plan) {
        LinuxSeccomp sc = spec.linux() == null ? null : spec.linux().seccomp();
        if (sc == null) {
            return;
        }
        List<LinuxSeccomp.Syscall> calls = sc.syscalls() == null ? List.of() : sc.syscalls();
        boolean notify = "SCMP_ACT_NOTIFY".equals(sc.defaultAction())
                || calls.stream().anyMatch(c -> "SCMP_ACT_NOTIFY".equals(c.action()));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rules", calls.size());
        f.put("syscalls", calls.stream().mapToInt(c -> c.names() == null ? 0 : c.names().size()).sum());
        f.put("architectures", sc.architectures() == null ? List.of() : sc.architectures());
        f.put("flags", sc.flags() == null ? List.of() : sc.flags());
        f.put("notify", notify);
        if (sc.listenerPath() != null) {
            f.put("listenerPath", sc.listenerPath());
        }
        add(Section.SECCOMP, new Entry(null, "config", "filter", "default " + sc.defaultAction(), f,
                "seccomp filter", "linux.seccomp", List.of()));
        if (sections.get(Section.SECCOMP).stream().allMatch(e -> e.step() == null)) {
            notes.add("linux.seccomp: no plan step installs the filter: this build of jrunc does not apply seccomp");
        }
    }

    private void cgroups(List<CgroupPreview.Write> writes) {
        if (writes == null) {
            notes.add("linux.resources, linux.cgroupsPath: this build of jrunc does not manage cgroups: "
                    + "no cgroup file is written");
            return;
        }
        for (CgroupPreview.Write w : writes) {
            add(Section.CGROUPS, new Entry(null, "cgroup", "write", w.file(), Map.of("value", w.value()),
                    "write " + w.value() + " to " + w.file(), w.source(), List.of()));
        }
    }

    private static PlanReport.Exec exec(Plan plan) {
        List<String> argv = last(plan, Opcode.SET_ARGV);
        List<String> env = last(plan, Opcode.SET_ENV);
        List<String> cwd = last(plan, Opcode.CHDIR);
        List<String> user = last(plan, Opcode.SET_USER);
        List<Long> gids = user.size() > 2 ? user.subList(2, user.size()).stream().map(Long::parseLong).toList()
                : List.of();
        return new PlanReport.Exec(argv, env, cwd.isEmpty() ? "/" : cwd.getFirst(),
                user.isEmpty() ? 0 : Long.parseLong(user.get(0)), user.isEmpty() ? 0 : Long.parseLong(user.get(1)),
                gids);
    }

    private static List<String> last(Plan plan, Opcode code) {
        List<Op> ops = plan.ops(code);
        return ops.isEmpty() ? List.of() : ops.getLast().args();
    }

    private void add(Section s, Entry e) {
        sections.computeIfAbsent(s, k -> new ArrayList<>()).add(e);
    }

    private static long num(Op op, int i) {
        return Long.parseLong(op.arg(i));
    }

    private static String octal(String decimal) {
        return String.format("%04o", Long.parseLong(decimal));
    }

    private static List<String> lines(String content) {
        return content.lines().toList();
    }

    /** MS_SLAVE|MS_REC → "rslave", as config.json spells propagation. */
    static String propagation(long flags) {
        boolean rec = (flags & MountFlags.MS_REC) != 0;
        List<String> names = new ArrayList<>(FlagNames.mountFlags(flags & ~MountFlags.MS_REC));
        String base = String.join(",", names);
        return rec ? "r" + base : base;
    }

    private static String nodeType(long mode) {
        return switch ((int) (mode & 0170000)) {
            case 0060000 -> "b";
            case 0010000 -> "p";
            case 0020000 -> "c";
            default -> "?";
        };
    }

    /** linux.netDevices are moved at the sync point, before the hooks run. */
    private static String netDevicesNote(Spec spec) {
        var moves = io.jrunc.core.net.NetDevices.moves(spec);
        if (moves.isEmpty()) {
            return "";
        }
        return "; first it moves linux.netDevices into the container: " + String.join(", ",
                moves.stream().map(m -> m.hostName() + " as " + m.containerName()).toList());
    }
}
