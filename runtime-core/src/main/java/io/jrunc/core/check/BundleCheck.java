package io.jrunc.core.check;

import io.jrunc.core.explain.CgroupPreview;
import io.jrunc.core.explain.PlanExplainer;
import io.jrunc.core.explain.PlanReport;
import io.jrunc.core.container.HostProbe;
import io.jrunc.core.plan.ContainerPlanner;
import io.jrunc.core.plan.CreateContext;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Hooks;
import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.LinuxSeccomp;
import io.jrunc.spec.Mount;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.linux.Namespaces;
import io.jrunc.spec.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code check --bundle}: which parts of a config.json will not work on this host, and why,
 * each naming its JSON path. Errors mean create would fail; warnings that something in the
 * config would not take effect. Only reads: the bundle, the rootfs and the host facts.
 */
public final class BundleCheck {
    private final HostReport host;
    private final HostFiles fs;
    private final List<Finding> findings = new ArrayList<>();

    private BundleCheck(HostReport host, HostFiles fs) {
        this.host = host;
        this.fs = fs;
    }

    public static List<Finding> check(Path bundle, HostReport host, HostFiles fs, CgroupPreview cgroups,
                                      boolean systemdCgroup) {
        BundleCheck c = new BundleCheck(host, fs);
        Path dir = bundle.toAbsolutePath().normalize();
        Spec spec;
        try {
            spec = SpecIO.readConfig(dir.resolve("config.json"));
            Validator.validate(spec, dir, systemdCgroup);
        } catch (ConfigException e) {
            c.findings.add(Finding.error(e.jsonPath(), e.getMessage()));
            return c.findings;
        }
        Path rootfs;
        try {
            rootfs = dir.resolve(spec.root().path()).toRealPath();
        } catch (IOException e) {
            c.findings.add(Finding.error("root.path", "the rootfs cannot be opened: " + e.getMessage()));
            return c.findings;
        }
        if (spec.process().isTerminal()) {
            c.findings.add(Finding.error("process.terminal", "terminals are not supported by jrunc yet"));
        }
        c.mounts(spec);
        c.namespaces(spec.linux());
        c.sysctl(spec.linux());
        c.resources(spec.linux());
        c.seccomp(spec.linux());
        c.security(spec);
        c.hooks(spec.hooks());
        c.executable(spec, rootfs);
        c.plan(spec, dir, rootfs, cgroups);
        return c.findings;
    }

    private void mounts(Spec spec) {
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            List<String> opts = m.options() == null ? List.of() : m.options();
            boolean bind = "bind".equals(m.type()) || opts.contains("bind") || opts.contains("rbind");
            String type = m.type() == null ? "" : m.type();
            if (!bind && !type.isEmpty()) {
                String needed = type.equals("cgroup") && host.cgroupMode().equals("unified") ? "cgroup2" : type;
                if (!host.filesystems().contains(needed)) {
                    findings.add(Finding.error("mounts[" + i + "].type",
                            "filesystem \"" + needed + "\" is not in /proc/filesystems: the kernel cannot mount it"));
                }
            }
            boolean idmap = m.uidMappings() != null || m.gidMappings() != null
                    || opts.contains("idmap") || opts.contains("ridmap");
            if (idmap && !host.hasFeature("idmapped mounts")) {
                findings.add(Finding.error("mounts[" + i + "]", "idmapped mounts need Linux 5.12 (this kernel is "
                        + host.kernel() + ")"));
            }
        }
    }

    private void namespaces(Linux linux) {
        List<Linux.Namespace> ns = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
        for (int i = 0; i < ns.size(); i++) {
            Linux.Namespace n = ns.get(i);
            String at = "linux.namespaces[" + i + "]";
            Namespaces.Type t = Namespaces.ofSpecName(n.type());
            if (!host.namespaces().contains(n.type())) {
                String why = t == Namespaces.Type.TIME && !host.kernel().atLeast(5, 6)
                        ? "time namespaces need Linux 5.6 (this kernel is " + host.kernel() + ")"
                        : "this kernel has no " + n.type() + " namespace (no /proc/self/ns/" + t.procName() + ")";
                findings.add(Finding.error(at + ".type", why));
            } else if (n.path() != null && !n.path().isEmpty()) {
                if (!fs.exists(n.path())) {
                    findings.add(Finding.error(at + ".path", "\"" + n.path() + "\" does not exist"));
                }
            } else if (t == Namespaces.Type.USER && !host.userNamespaces()) {
                findings.add(Finding.error(at + ".type",
                        "user namespaces are disabled here (/proc/sys/user/max_user_namespaces is 0)"));
            }
        }
    }

    private void sysctl(Linux linux) {
        if (linux == null || linux.sysctl() == null) {
            return;
        }
        for (String key : new java.util.TreeSet<>(linux.sysctl().keySet())) {
            String file = "/proc/sys/" + key.replace('.', '/');
            if (!fs.exists(file)) {
                findings.add(Finding.error("linux.sysctl." + key, "this kernel has no such sysctl (no " + file + ")"));
            }
        }
    }

    /** Each linux.resources field and the controller it is written through. */
    private void resources(Linux linux) {
        LinuxResources r = linux == null ? null : linux.resources();
        if (r == null) {
            return;
        }
        boolean v2 = host.cgroupMode().equals("unified");
        String at = "linux.resources.";
        need(r.memory(), at + "memory", "memory");
        if (r.cpu() != null) {
            LinuxResources.Cpu c = r.cpu();
            if (c.shares() != null || c.quota() != null || c.period() != null || c.burst() != null
                    || c.realtimeRuntime() != null || c.realtimePeriod() != null || c.idle() != null) {
                need(c, at + "cpu", "cpu");
            }
            if (c.cpus() != null || c.mems() != null) {
                need(c, at + "cpu", "cpuset");
            }
        }
        need(r.pids(), at + "pids", "pids");
        need(r.blockIO(), at + "blockIO", v2 ? "io" : "blkio");
        need(r.hugepageLimits() == null || r.hugepageLimits().isEmpty() ? null : r, at + "hugepageLimits", "hugetlb");
        need(r.rdma() == null || r.rdma().isEmpty() ? null : r, at + "rdma", "rdma");
        if (r.network() != null) {
            if (v2) {
                findings.add(Finding.warning(at + "network", "cgroup v2 has no net_cls/net_prio: ignored here"));
            } else {
                need(r.network().classID(), at + "network.classID", "net_cls");
                need(r.network().priorities(), at + "network.priorities", "net_prio");
            }
        }
        if (r.unified() != null) {
            for (String key : r.unified().keySet()) {
                String controller = key.substring(0, Math.max(0, key.indexOf('.')));
                if (!v2) {
                    findings.add(Finding.error(at + "unified." + key, "needs a cgroup v2 host (this host is "
                            + host.cgroupMode() + ")"));
                } else if (!controller.equals("cgroup") && !host.cgroupV2Controllers().contains(controller)) {
                    findings.add(Finding.error(at + "unified." + key, "controller " + controller
                            + " is not available (" + host.cgroupV2Mount() + "/cgroup.controllers)"));
                }
            }
        }
    }

    private void need(Object set, String field, String controller) {
        if (set != null && !host.usableControllers().contains(controller)) {
            String where = host.cgroupMode().equals("unified")
                    ? "not in " + host.cgroupV2Mount() + "/cgroup.controllers"
                    : "no v1 hierarchy mounted for it";
            findings.add(Finding.error(field, "the " + controller + " cgroup controller is not enabled on this host ("
                    + where + ")"));
        }
    }

    private void seccomp(Linux linux) {
        LinuxSeccomp sc = linux == null ? null : linux.seccomp();
        if (sc == null) {
            return;
        }
        if (host.seccompActions().isEmpty()) {
            findings.add(Finding.error("linux.seccomp",
                    "this kernel has no seccomp filters (no /proc/sys/kernel/seccomp/actions_avail)"));
            return;
        }
        List<LinuxSeccomp.Syscall> calls = sc.syscalls() == null ? List.of() : sc.syscalls();
        boolean notify = "SCMP_ACT_NOTIFY".equals(sc.defaultAction())
                || calls.stream().anyMatch(c -> "SCMP_ACT_NOTIFY".equals(c.action()));
        if (notify && !host.seccompActions().contains("user_notif")) {
            findings.add(Finding.error("linux.seccomp", "SCMP_ACT_NOTIFY needs seccomp user notification "
                    + "(user_notif is not in /proc/sys/kernel/seccomp/actions_avail)"));
        }
    }

    private void security(Spec spec) {
        String profile = spec.process().apparmorProfile();
        if (profile != null && !profile.isEmpty() && !host.apparmor().equals("enabled")) {
            findings.add(Finding.error("process.apparmorProfile", "AppArmor is " + host.apparmor() + " on this host"));
        }
        String label = spec.process().selinuxLabel();
        if (label != null && !label.isEmpty() && host.selinux().equals("disabled")) {
            findings.add(Finding.error("process.selinuxLabel", "SELinux is disabled on this host"));
        }
    }

    private void hooks(Hooks h) {
        if (h == null) {
            return;
        }
        hookKind("prestart", h, Hooks::prestart);
        hookKind("createRuntime", h, Hooks::createRuntime);
        hookKind("poststart", h, Hooks::poststart);
        hookKind("poststop", h, Hooks::poststop);
        // createContainer and startContainer run inside the container: their paths are the container's
    }

    private void hookKind(String kind, Hooks h, Function<Hooks, List<Hooks.Hook>> get) {
        List<Hooks.Hook> list = get.apply(h) == null ? List.of() : get.apply(h);
        for (int i = 0; i < list.size(); i++) {
            Path p = fs.resolve(list.get(i).path());
            String at = "hooks." + kind + "[" + i + "].path";
            if (!Files.exists(p)) {
                findings.add(Finding.error(at, "\"" + list.get(i).path() + "\" does not exist on this host"));
            } else if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                findings.add(Finding.error(at, "\"" + list.get(i).path() + "\" is not an executable file"));
            }
        }
    }

    private void executable(Spec spec, Path rootfs) {
        String name = spec.process().args().getFirst();
        RootfsLookup.Result r = RootfsLookup.find(rootfs, name, spec.process().env());
        switch (r.status()) {
            case NOT_FOUND -> findings.add(Finding.error("process.args[0]", name.contains("/")
                    ? "\"" + name + "\" does not exist in the rootfs"
                    : "\"" + name + "\" is not found in the rootfs along PATH " + r.searched()));
            case NOT_EXECUTABLE -> findings.add(Finding.error("process.args[0]",
                    "\"" + r.path() + "\" in the rootfs is not an executable file"));
            default -> {
            }
        }
    }

    /** Plans the container as create would: planner refusals are errors, the plan's notes warnings. */
    private void plan(Spec spec, Path bundle, Path rootfs, CgroupPreview cgroups) {
        Plan plan;
        try {
            plan = ContainerPlanner.plan(new CreateContext(spec, bundle, rootfs, Path.of("/run/jrunc/check/exec.fifo"),
                    false, 0, HostProbe.fromMountinfo(fs.lines("/proc/self/mountinfo"), 40, false), List.of()));
        } catch (ConfigException e) {
            findings.add(Finding.error(e.jsonPath(), e.getMessage()));
            return;
        }
        PlanReport report = PlanExplainer.explain(new PlanReport.Container("check", bundle.toString(),
                rootfs.toString(), "", ""), plan, spec, cgroups.writes(spec, "check"));
        for (String note : report.notes()) {
            int colon = note.indexOf(": ");
            findings.add(Finding.warning(colon < 0 ? "" : note.substring(0, colon),
                    colon < 0 ? note : note.substring(colon + 2)));
        }
    }
}
