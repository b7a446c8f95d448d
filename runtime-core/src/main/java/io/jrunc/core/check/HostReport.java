package io.jrunc.core.check;

import io.jrunc.core.container.HostProbe;
import io.jrunc.core.plan.HostFacts;
import io.jrunc.spec.linux.Namespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code jrunc check} reports about the host, read cheaply from /proc, /sys and the
 * library directories: no syscall is probed, kernel features come from a version table.
 *
 * @param kernelRelease       /proc/sys/kernel/osrelease
 * @param kernel              its version numbers
 * @param cgroupMode          unified, hybrid, legacy or none
 * @param cgroupV1Controllers controllers of the mounted v1 hierarchies (sorted)
 * @param cgroupV2Mount       where cgroup2 is mounted, or "" when it is not
 * @param cgroupV2Controllers cgroup.controllers of that mount
 * @param namespaces          /proc/self/ns entries as config.json names them (pid, network, …)
 * @param namespaceLimits     /proc/sys/user/max_*_namespaces
 * @param userNamespaces      user namespaces can be created (max_user_namespaces &gt; 0)
 * @param seccompActions      /proc/sys/kernel/seccomp/actions_avail; empty: no seccomp filters
 * @param libseccomp          the installed libseccomp's version, or "" when none is found
 * @param apparmor            enabled, disabled or absent
 * @param selinux             enforcing, permissive or disabled
 * @param filesystems         /proc/filesystems
 * @param features            kernel features by version
 * @param stateRoot           where --root would live
 */
public record HostReport(String kernelRelease, KernelVersion kernel, String cgroupMode,
                         List<String> cgroupV1Controllers, String cgroupV2Mount, List<String> cgroupV2Controllers,
                         List<String> namespaces, Map<String, Long> namespaceLimits, boolean userNamespaces,
                         List<String> seccompActions, String libseccomp, String apparmor, String selinux,
                         List<String> filesystems, List<Feature> features, StateRoot stateRoot) {

    /** A kernel feature: available when the kernel is at least {@code since}. */
    public record Feature(String name, String since, boolean available, String usedFor) {
    }

    /**
     * @param path      the --root
     * @param exists    it exists already
     * @param mountedOn the mount point it lives on
     * @param fstype    that mount's filesystem type
     */
    public record StateRoot(String path, boolean exists, String mountedOn, String fstype) {
        public boolean onTmpfs() {
            return fstype.equals("tmpfs");
        }
    }

    /** Kernel features jrunc or its configs use, with the first kernel that has them. */
    private static final String[][] FEATURES = {
            {"pidfd_open", "5.3", "waiting for hooks without pid races"},
            {"clone3", "5.3", "clone into a cgroup (CLONE_INTO_CGROUP)"},
            {"openat2", "5.6", "resolving config paths inside the rootfs (required by jrunc-init)"},
            {"time namespace", "5.6", "linux.namespaces type time, linux.timeOffsets"},
            {"close_range", "5.11", "marking fds close-on-exec (CLOSE_RANGE_CLOEXEC)"},
            {"mount_setattr", "5.12", "recursive mount options (rro, rnosuid, …)"},
            {"idmapped mounts", "5.12", "mounts[].uidMappings/gidMappings (per filesystem: ext4/xfs/btrfs 5.12+, "
                    + "overlay 5.19+, tmpfs 6.3+)"},
            {"seccomp user notification", "5.0", "SCMP_ACT_NOTIFY"},
            {"memfd MFD_EXEC", "6.3", "jrunc-init's sealed copy of itself"},
    };

    private static final List<String> LIB_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/usr/local/lib");

    public static HostReport gather(HostFiles fs, Path stateRoot) {
        String release = fs.read("/proc/sys/kernel/osrelease").orElse("unknown");
        KernelVersion kv = KernelVersion.parse(release);
        List<String> mountinfo = fs.lines("/proc/self/mountinfo");
        MountTable mounts = MountTable.parse(mountinfo);
        HostFacts cg = HostProbe.fromMountinfo(mountinfo, 40, false);
        String mode = cg.cgroupV2Only() ? "unified"
                : !cg.cgroupV1Hierarchies().isEmpty() ? (cg.cgroupV2() ? "hybrid" : "legacy")
                : cg.cgroupV2() ? "unified" : "none";
        TreeSet<String> v1 = new TreeSet<>();
        for (HostFacts.CgroupV1 h : cg.cgroupV1Hierarchies()) {
            for (String c : h.data().split(",")) {
                if (!c.isEmpty() && !c.startsWith("name=")) {
                    v1.add(c);
                }
            }
        }
        String v2Mount = mounts.firstOfType("cgroup2").map(MountTable.Entry::mountPoint).orElse("");
        List<String> v2 = v2Mount.isEmpty() ? List.of()
                : fs.read(v2Mount + "/cgroup.controllers").map(s -> List.of(s.split("\\s+"))).orElse(List.of())
                .stream().filter(s -> !s.isEmpty()).sorted().toList();
        List<String> ns = new ArrayList<>();
        for (String entry : fs.list("/proc/self/ns")) {
            Namespaces.Type t = Namespaces.ofProcName(entry);
            if (t != null) {
                ns.add(t.specName());
            }
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String f : fs.list("/proc/sys/user")) {
            if (f.startsWith("max_") && f.endsWith("_namespaces")) {
                fs.read("/proc/sys/user/" + f).map(HostReport::parseLong).ifPresent(v -> limits.put(f, v));
            }
        }
        boolean userns = ns.contains("user") && limits.getOrDefault("max_user_namespaces", 1L) > 0;
        List<String> actions = fs.read("/proc/sys/kernel/seccomp/actions_avail")
                .map(s -> List.of(s.split("\\s+"))).orElse(List.of());
        List<String> filesystems = new ArrayList<>();
        for (String l : fs.lines("/proc/filesystems")) {
            String[] f = l.trim().split("\\s+");
            filesystems.add(f[f.length - 1]);
        }
        List<Feature> features = new ArrayList<>();
        for (String[] f : FEATURES) {
            KernelVersion since = KernelVersion.parse(f[1]);
            features.add(new Feature(f[0], f[1], kv.atLeast(since.major(), since.minor()), f[2]));
        }
        return new HostReport(release, kv, mode, List.copyOf(v1), v2Mount, v2, List.copyOf(ns), limits, userns,
                actions, libseccomp(fs), apparmor(fs), selinux(fs), List.copyOf(filesystems), features,
                stateRoot(mounts, stateRoot));
    }

    public boolean hasFeature(String name) {
        return features.stream().anyMatch(f -> f.name().equals(name) && f.available());
    }

    /** The controllers jrunc would use: v2's on a unified host, else the v1 hierarchies' (as runc does). */
    public List<String> usableControllers() {
        return cgroupMode.equals("unified") ? cgroupV2Controllers : cgroupV1Controllers;
    }

    /** The version in the name the shared library's symlink points at: libseccomp.so.2 → libseccomp.so.2.5.4. */
    private static String libseccomp(HostFiles fs) {
        for (String dir : LIB_DIRS) {
            for (String f : fs.list(dir)) {
                if (f.matches("libseccomp\\.so\\.\\d+\\.\\d+\\.\\d+")) {
                    return f.substring("libseccomp.so.".length());
                }
            }
        }
        return "";
    }

    private static String apparmor(HostFiles fs) {
        return fs.read("/sys/module/apparmor/parameters/enabled")
                .map(v -> v.startsWith("Y") ? "enabled" : "disabled").orElse("absent");
    }

    private static String selinux(HostFiles fs) {
        return fs.read("/sys/fs/selinux/enforce").map(v -> v.equals("1") ? "enforcing" : "permissive")
                .orElse("disabled");
    }

    private static StateRoot stateRoot(MountTable mounts, Path root) {
        String path = root.toAbsolutePath().normalize().toString();
        MountTable.Entry m = mounts.mountOf(path).orElse(new MountTable.Entry("/", "unknown", ""));
        return new StateRoot(path, Files.isDirectory(root), m.mountPoint(), m.fstype());
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
