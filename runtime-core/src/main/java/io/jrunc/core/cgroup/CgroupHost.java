package io.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's cgroup layout: its mode, where each v1 controller's hierarchy is mounted, where
 * cgroup2 is mounted, and the cgroups the calling process is in (for relative cgroupsPath).
 * {@link #probe()} reads /proc; tests build one over a temp dir with {@link #v1} / {@link #v2}.
 *
 * @param mode        unified, hybrid or legacy
 * @param v1Mounts    controller name ("memory", "cpu", "name=systemd", …) to its hierarchy's
 *                    mount point; controllers mounted together ("cpu,cpuacct") share one.
 *                    Empty in unified mode.
 * @param v1Roots     controller to the mount's root inside its hierarchy (mountinfo field 4,
 *                    "/" unless the host is itself a container with a cgroup namespace)
 * @param unified     the cgroup2 mount point (/sys/fs/cgroup or /sys/fs/cgroup/unified), or null
 * @param ownCgroups  /proc/self/cgroup: controller to cgroup path; key "" is the v2 line ("0::")
 */
public record CgroupHost(CgroupMode mode, Map<String, Path> v1Mounts, Map<String, String> v1Roots, Path unified,
                         Map<String, String> ownCgroups) {
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "xattr", "noprefix", "clone_children",
            "cpuset_v2_mode", "nsdelegate", "favordynmods", "memory_localevents", "memory_recursiveprot",
            "memory_hugetlb_accounting");

    public CgroupHost {
        v1Mounts = Collections.unmodifiableMap(new LinkedHashMap<>(v1Mounts));
        v1Roots = Collections.unmodifiableMap(new LinkedHashMap<>(v1Roots));
        ownCgroups = Collections.unmodifiableMap(new LinkedHashMap<>(ownCgroups));
    }

    /** The real host, from /proc/self/mountinfo and /proc/self/cgroup. */
    public static CgroupHost probe() throws CgroupException {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")),
                    Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new CgroupException("cgroup: cannot read the host's cgroup layout: " + e.getMessage(), e);
        }
    }

    /** Parses mountinfo and /proc/self/cgroup lines (public for tests with made-up hosts). */
    public static CgroupHost parse(List<String> mountinfo, List<String> procSelfCgroup) {
        CgroupMode mode = CgroupMode.detect(mountinfo);
        Map<String, Path> mounts = new LinkedHashMap<>();
        Map<String, String> roots = new LinkedHashMap<>();
        Path unified = null;
        for (String line : mountinfo) {
            CgroupMode.MountinfoLine m = CgroupMode.MountinfoLine.parse(line);
            if (m == null) {
                continue;
            }
            if (m.fstype().equals("cgroup2")) {
                if (m.mountPoint().equals("/sys/fs/cgroup") || m.mountPoint().equals("/sys/fs/cgroup/unified")) {
                    unified = Path.of(m.mountPoint());
                }
            } else if (m.fstype().equals("cgroup") && mode != CgroupMode.UNIFIED) {
                for (String o : m.superOptions().split(",")) {
                    if (NOT_CONTROLLERS.contains(o) || o.startsWith("release_agent=")) {
                        continue;
                    }
                    // first mount of a controller wins (runc: GetCgroupMounts(false))
                    if (mounts.putIfAbsent(o, Path.of(m.mountPoint())) == null) {
                        roots.put(o, m.root());
                    }
                }
            }
        }
        return new CgroupHost(mode, mounts, roots, unified, parseProcCgroup(procSelfCgroup));
    }

    /** /proc/&lt;pid&gt;/cgroup lines "ID:controllers:path" to controller → path ("" for v2). */
    public static Map<String, String> parseProcCgroup(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            for (String c : parts[1].split(",", -1)) {
                out.put(c, parts[2]);
            }
        }
        return out;
    }

    /** A made-up v1 (legacy or hybrid) host: each controller at {@code root/<dir>}. */
    public static CgroupHost v1(Path root, Map<String, String> controllerToDir, Path unified,
                                Map<String, String> ownCgroups) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        Map<String, String> roots = new LinkedHashMap<>();
        controllerToDir.forEach((c, d) -> {
            mounts.put(c, root.resolve(d));
            roots.put(c, "/");
        });
        return new CgroupHost(unified == null ? CgroupMode.LEGACY : CgroupMode.HYBRID, mounts, roots, unified,
                ownCgroups);
    }

    /** A made-up unified host with cgroup2 at {@code root}. */
    public static CgroupHost v2(Path root, String ownCgroup) {
        return new CgroupHost(CgroupMode.UNIFIED, Map.of(), Map.of(), root, Map.of("", ownCgroup));
    }

    /** The same host with only these v1 controllers (and, if keepUnified, the cgroup2 mount). */
    public CgroupHost restrictTo(Set<String> controllers, boolean keepUnified) {
        Map<String, Path> m = new LinkedHashMap<>();
        Map<String, String> r = new LinkedHashMap<>();
        v1Mounts.forEach((c, p) -> {
            if (controllers.contains(c)) {
                m.put(c, p);
                r.put(c, v1Roots.getOrDefault(c, "/"));
            }
        });
        Path u = keepUnified ? unified : null;
        CgroupMode md = mode == CgroupMode.UNIFIED ? mode : (u == null ? CgroupMode.LEGACY : CgroupMode.HYBRID);
        return new CgroupHost(md, m, r, u, ownCgroups);
    }
}
