package io.jrunc.cli;

import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.Mount;
import io.jrunc.spec.Process;
import io.jrunc.spec.Root;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config.json {@code jrunc spec} writes: the same starter spec as runc's
 * ({@code specconv.Example}), and runc's rootless conversion ({@code specconv.ToRootless}).
 */
final class DefaultSpec {
    private DefaultSpec() {
    }

    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    /** @param cgroupNamespace add a cgroup namespace (runc does on cgroup v2 hosts) */
    static Spec example(boolean cgroupNamespace) {
        Process process = new Process(true, null, new Process.User(0, 0, null, null, null), List.of("sh"), null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/", new Process.LinuxCapabilities(CAPS, CAPS, null, CAPS, null),
                List.of(new Process.POSIXRlimit("RLIMIT_NOFILE", 1024, 1024)), true,
                null, null, null, null, null, null);
        List<Mount> mounts = List.of(
                mount("/proc", "proc", "proc", null),
                mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        List<Linux.Namespace> ns = new ArrayList<>(List.of(ns("pid"), ns("network"), ns("ipc"), ns("uts"),
                ns("mount")));
        if (cgroupNamespace) {
            ns.add(ns("cgroup"));
        }
        LinuxResources resources = new LinuxResources(
                List.of(new LinuxResources.DeviceCgroup(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);
        Linux linux = new Linux(null, null, null, resources, null, List.copyOf(ns), null, null, null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
                        "/sys/devices/virtual/tpm"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                null, null, null, null, null);
        return new Spec(State.SPEC_VERSION, process, new Root("rootfs", true), "runc", null, mounts, null, null,
                linux);
    }

    /**
     * runc's ToRootless: no network (and no previous user) namespace, a new user namespace
     * mapping root to the caller, /sys as a read-only rbind, no uid=/gid= mount options,
     * no cgroup resources.
     */
    static Spec rootless(Spec s, long uid, long gid) {
        List<Linux.Namespace> ns = new ArrayList<>();
        for (Linux.Namespace n : s.linux().namespaces()) {
            if (!n.type().equals("network") && !n.type().equals("user")) {
                ns.add(n);
            }
        }
        ns.add(ns("user"));
        List<Mount> mounts = new ArrayList<>();
        for (Mount m : s.mounts()) {
            if (Path.of(m.destination()).normalize().toString().equals("/sys")) {
                mounts.add(mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
                continue;
            }
            List<String> opts = null;
            if (m.options() != null) {
                opts = m.options().stream().filter(o -> !o.startsWith("gid=") && !o.startsWith("uid=")).toList();
                if (opts.isEmpty()) {
                    opts = null;
                }
            }
            mounts.add(new Mount(m.destination(), m.type(), m.source(), opts, m.uidMappings(), m.gidMappings()));
        }
        Linux l = s.linux();
        Linux linux = new Linux(List.of(new LinuxIDMapping(0, uid, 1)), List.of(new LinuxIDMapping(0, gid, 1)),
                l.sysctl(), null, l.cgroupsPath(), List.copyOf(ns), l.devices(), l.netDevices(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), l.mountLabel(), l.intelRdt(),
                l.personality(), l.timeOffsets(), l.memoryPolicy());
        return new Spec(s.ociVersion(), s.process(), s.root(), s.hostname(), s.domainname(), List.copyOf(mounts),
                s.hooks(), s.annotations(), linux);
    }

    /** True on a cgroup v2 (unified) host: /sys/fs/cgroup is a cgroup2 file system. */
    static boolean cgroup2Unified() {
        try {
            return Files.getFileStore(Path.of("/sys/fs/cgroup")).type().equals("cgroup2");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Mount mount(String dst, String type, String src, List<String> opts) {
        return new Mount(dst, type, src, opts, null, null);
    }

    private static Linux.Namespace ns(String type) {
        return new Linux.Namespace(type, null);
    }
}
