package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Hooks;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Mount;
import io.jrunc.spec.Spec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a validated config into the complete, ordered plan jrunc-init runs for
 * {@code create}, following runc's order: namespaces, rootfs and mounts, devices, the
 * createRuntime/createContainer hooks, the root switch, a missing cwd, hostname and sysctl,
 * read-only and masked paths, then the process (rlimits, privileges, user, cwd) and the wait for start.
 */
public final class ContainerPlanner {
    private final CreateContext ctx;
    private final Spec spec;
    private final NamespacePlanner ns;

    private ContainerPlanner(CreateContext ctx) {
        this.ctx = ctx;
        this.spec = ctx.spec();
        this.ns = new NamespacePlanner(spec.linux(), ctx.userns());
    }

    public static Plan plan(CreateContext ctx) throws ConfigException {
        return new ContainerPlanner(ctx).build();
    }

    private Plan build() throws ConfigException {
        PlanBuilder plan = new PlanBuilder();
        for (String procs : ctx.cgroupJoin()) {
            // first: a joined mount namespace would change what these paths mean
            plan.add(Opcode.WRITE_FILE, "join cgroup " + procs.substring(0, procs.lastIndexOf('/')),
                    "linux.cgroupsPath", procs, "0");
        }
        Integer oom = spec.process().oomScoreAdj();
        if (oom != null) {
            plan.add(Opcode.OOM_SCORE_ADJ, "set oom_score_adj to " + oom, "process.oomScoreAdj", oom);
        }
        ProcAttrPlanner.ioPriority(plan, spec.process());
        boolean mountNs = ns.has("mount");
        // S0 opens the fifo while it is still the host's root, before any setns: the state
        // directory is 0700/0711 root's, which a mapped root in a user namespace cannot
        // traverse, and the fifo (0622) is not readable by it. S1 inherits the fd at clone.
        plan.add(Opcode.OPEN_FIFO, "open exec fifo", null, ctx.execFifo().toString());
        // before any setns: S0 id-maps trees from the host's namespaces
        Map<Integer, Integer> trees = mountNs && spec.mounts() != null
                ? IdmapPlanner.plan(plan, spec.mounts(), spec.linux(), ctx.bundle()) : Map.of();
        ns.planParent(plan);
        ns.planChildStart(plan);
        ProcAttrPlanner.keyring(plan, ctx.sessionKeyring(), true, ns.has("user"));
        if (mountNs) {
            planRootfs(plan, trees);
        } else {
            refuseMountsWithoutMountNamespace();
        }
        planCreateHooks(plan);
        planRootSwitch(plan, mountNs);
        planCwd(plan);
        if (ctx.consoleFd() >= 0) {
            // after the root switch: the pty comes from the container's own devpts
            ProcessPlanner.planConsole(plan, spec.process(), ctx.consoleSize(), ctx.consoleFd(), mountNs);
        }
        planKernelSettings(plan);
        if (mountNs) {
            planPathRestrictions(plan);
        }
        ProcessPlanner.planInit(plan, spec.process(), spec.linux() == null ? null : spec.linux().seccomp(),
                ctx.extraFds(), ctx.host().lastCap(),
                hooks(Hooks::startContainer), "hooks.startContainer", ProcAttrPlanner.Attrs.of(spec.linux(), false));
        return LsmPlanner.labelMounts(plan.build(), spec, LsmFacts.host());
    }

    private void planRootfs(PlanBuilder plan, Map<Integer, Integer> trees) throws ConfigException {
        Linux linux = spec.linux();
        String rootfs = ctx.rootfs().toString();
        String propagation = linux == null ? null : linux.rootfsPropagation();
        long rootProp = MS_SLAVE | MS_REC;
        if (propagation != null && !propagation.isEmpty()) {
            List<Long> p = MountOptions.parse(List.of(propagation)).propagation();
            rootProp = p.isEmpty() ? rootProp : p.get(0);
        }
        plan.add(Opcode.PROPAGATE, "set propagation of / in the container's mount namespace",
                "linux.rootfsPropagation", "/", rootProp, PathFlags.HOST);
        // A bind of the rootfs onto itself makes it a mount point, which pivot_root needs.
        plan.add(Opcode.MOUNT, "bind mount rootfs " + rootfs + " onto itself", "root.path",
                rootfs, rootfs, "bind", MS_BIND | MS_REC, "", PathFlags.HOST);
        plan.add(Opcode.SET_ROOT, "open rootfs " + rootfs, "root.path", rootfs);
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        MountPlanner mp = new MountPlanner(ctx.bundle(), ctx.host(), trees, ownCgroups(), ns.creates("cgroup"))
                .inUserNamespace(ns.has("user"), ns.creates("network"), ctx.userns().selfCgroups());
        for (int i = 0; i < mounts.size(); i++) {
            mp.plan(plan, mounts.get(i), i);
        }
        if (mounts.stream().noneMatch(m -> "/dev".equals(m.destination()) && MountOptions.parse(m.options()).isBind())) {
            DevicePlanner.plan(plan, linux == null ? null : linux.devices(), ns.has("user"), ctx.host().hasKcore());
        }
    }

    private void refuseMountsWithoutMountNamespace() throws ConfigException {
        Linux linux = spec.linux();
        if (spec.mounts() != null && !spec.mounts().isEmpty()) {
            throw new ConfigException("config.json", "mounts",
                    "unable to set up mounts without a private MNT namespace");
        }
        if (linux != null && ((linux.maskedPaths() != null && !linux.maskedPaths().isEmpty())
                || (linux.readonlyPaths() != null && !linux.readonlyPaths().isEmpty()))) {
            throw new ConfigException("config.json", "linux.maskedPaths",
                    "unable to restrict sys entries without a private MNT namespace");
        }
        if (spec.root().isReadonly()) {
            throw new ConfigException("config.json", "root.readonly",
                    "unable to make rootfs read-only without a private MNT namespace");
        }
    }

    /** prestart/createRuntime run in jrunc at this sync point; createContainer run here, in the container. */
    private void planCreateHooks(PlanBuilder plan) {
        Hooks h = spec.hooks();
        if (h == null) {
            if (hasNetDevices()) {
                plan.add(Opcode.SYNC, "move network devices", "linux.netDevices", "netDevices");
            }
            return;
        }
        boolean any = notEmpty(h.prestart()) || notEmpty(h.createRuntime()) || notEmpty(h.createContainer())
                || notEmpty(h.startContainer());
        if (any || hasNetDevices()) {
            plan.add(Opcode.SYNC, "run createRuntime hooks", "hooks.createRuntime", "createRuntime");
        }
        ProcessPlanner.planHooks(plan, h.createContainer(), "hooks.createContainer");
    }

    /** linux.netDevices are moved by jrunc at the sync point, like the createRuntime hooks' work. */
    private boolean hasNetDevices() {
        return spec.linux() != null && spec.linux().netDevices() != null && !spec.linux().netDevices().isEmpty();
    }

        private void planRootSwitch(PlanBuilder plan, boolean mountNs) {
        String rootfs = ctx.rootfs().toString();
        if (!mountNs) {
            plan.add(Opcode.CHROOT, "chroot to " + rootfs, "root.path", rootfs);
        } else if (ctx.noPivot()) {
            plan.add(Opcode.MOVE_ROOT, "move rootfs " + rootfs + " to / (--no-pivot)", "root.path", rootfs);
        } else {
            plan.add(Opcode.PIVOT_ROOT, "pivot_root to " + rootfs, "root.path", rootfs);
        }
    }

    /** The container's cgroup directory per v1 hierarchy, from the cgroup.procs files S0 joins. */
    private Map<String, String> ownCgroups() {
        Map<String, String> own = new java.util.HashMap<>();
        for (String procs : ctx.cgroupJoin()) {
            String dir = procs.substring(0, procs.lastIndexOf('/'));
            for (HostFacts.CgroupV1 h : ctx.host().cgroupV1Hierarchies()) {
                String mount = "/sys/fs/cgroup/" + h.dir();
                if (dir.equals(mount) || dir.startsWith(mount + "/")) {
                    own.put(h.dir(), dir);
                }
            }
        }
        return own;
    }

    /** runc creates a missing cwd inside the rootfs (as root, 0755) before / turns read-only. */
    private void planCwd(PlanBuilder plan) {
        String cwd = spec.process().cwd();
        if (cwd != null && !cwd.isEmpty() && !cwd.equals("/")) {
            plan.add(Opcode.MKDIR, "create cwd " + cwd, "process.cwd", cwd, 0755, PathFlags.IN_ROOT | PathFlags.MKDIR);
        }
    }

    private void planKernelSettings(PlanBuilder plan) {
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            plan.add(Opcode.SETHOSTNAME, "set hostname to " + spec.hostname(), "hostname", spec.hostname());
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty()) {
            plan.add(Opcode.SETDOMAINNAME, "set domainname to " + spec.domainname(), "domainname", spec.domainname());
        }
        Linux linux = spec.linux();
        if (linux != null && linux.sysctl() != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(linux.sysctl()).entrySet()) {
                plan.add(Opcode.SYSCTL, "set sysctl " + e.getKey() + " to " + e.getValue(),
                        "linux.sysctl." + e.getKey(), e.getKey(), e.getValue());
            }
        }
    }

    private void planPathRestrictions(PlanBuilder plan) {
        Linux linux = spec.linux();
        if (linux != null) {
            List<String> ro = linux.readonlyPaths() == null ? List.of() : linux.readonlyPaths();
            for (int i = 0; i < ro.size(); i++) {
                plan.add(Opcode.READONLY_PATH, "make " + ro.get(i) + " read-only", "linux.readonlyPaths[" + i + "]", ro.get(i));
            }
            List<String> masked = linux.maskedPaths() == null ? List.of() : linux.maskedPaths();
            for (int i = 0; i < masked.size(); i++) {
                plan.add(Opcode.MASK_PATH, "mask " + masked.get(i), "linux.maskedPaths[" + i + "]", masked.get(i));
            }
        }
        if (spec.root().isReadonly()) {
            plan.add(Opcode.REMOUNT, "remount / read-only", "root.readonly", "/", MS_BIND | MS_RDONLY, PathFlags.HOST);
        }
    }

    private List<Hooks.Hook> hooks(java.util.function.Function<Hooks, List<Hooks.Hook>> kind) {
        return spec.hooks() == null || kind.apply(spec.hooks()) == null ? List.of() : kind.apply(spec.hooks());
    }

    private static boolean notEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }
}
