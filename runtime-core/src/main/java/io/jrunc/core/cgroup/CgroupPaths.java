package io.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * linux.cgroupsPath semantics of runc's cgroupfs driver (libcontainer/specconv
 * CreateCgroupConfig, cgroups fs/paths.go and fs2/defaultpath.go):
 * <ul>
 * <li>the path is cleaned lexically; ".." never leaves the hierarchy root (runc's CleanPath);</li>
 * <li>absolute: relative to each hierarchy's root, e.g. {@code /a/b} →
 *     {@code /sys/fs/cgroup/memory/a/b} (v1) or {@code /sys/fs/cgroup/a/b} (v2);</li>
 * <li>relative: v1 joins it to the runtime's own cgroup in that hierarchy
 *     (/proc/self/cgroup); v2 joins it to the <em>parent</em> of the runtime's own cgroup
 *     (which has processes and so could not enable controllers), with {@code /system.slice}
 *     replaced by {@code /machine.slice/machine-jrunc.slice} (runc: machine-runc.slice);</li>
 * <li>empty: {@code /jrunc/<id>} (runc: the id relative to its own cgroup; jrunc keeps to a parent it owns).</li>
 * </ul>
 */
public final class CgroupPaths {
    /** The v1 subsystems in runc's order (fs/fs.go); "" is the unified hierarchy in hybrid mode. */
    static final List<String> V1_SUBSYSTEMS = List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids",
            "blkio", "hugetlb", "net_cls", "net_prio", "perf_event", "freezer", "rdma", "name=systemd", "misc");

    private CgroupPaths() {
    }

    /** runc's utils.CleanPath: lexical clean; a relative path cannot climb above its start. */
    public static String cleanPath(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        boolean abs = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (abs) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Where a container without linux.cgroupsPath goes: jrunc's own parent at the hierarchy root. */
    public static final String DEFAULT_PARENT = "/jrunc";

    /**
     * The inner path: cleaned cgroupsPath, or {@code /jrunc/<id>} when it is empty. runc nests
     * such a container under its own cgroup; jrunc deliberately does not, so it never creates
     * cgroups inside one it does not own (a systemd unit, a user session, the CI's sandbox).
     */
    public static String innerPath(CgroupConfig cfg) {
        String p = cleanPath(cfg.cgroupsPath());
        return p.isEmpty() ? DEFAULT_PARENT + "/" + cleanPath(cfg.id()) : p;
    }

    /**
     * v1 (and hybrid) directories: subsystem → directory, for every subsystem mounted on the
     * host, in runc's order; in hybrid mode the key "" is the directory in the unified hierarchy.
     */
    public static Map<String, Path> v1Paths(CgroupHost host, CgroupConfig cfg) throws CgroupException {
        String inner = innerPath(cfg);
        Map<String, Path> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(V1_SUBSYSTEMS);
        for (String c : host.v1Mounts().keySet()) {
            if (!names.contains(c) && c.startsWith("name=")) {
                names.add(c);
            }
        }
        for (String s : names) {
            Path mnt = host.v1Mounts().get(s);
            if (mnt == null) {
                continue;
            }
            if (inner.startsWith("/")) {
                out.put(s, join(mnt, inner));
            } else {
                String own = host.ownCgroups().get(s);
                if (own == null) {
                    throw new CgroupException("cgroup: cannot find the runtime's own " + s
                            + " cgroup in /proc/self/cgroup (needed for the relative cgroupsPath \"" + inner + "\")");
                }
                out.put(s, join(join(mnt, relativeTo(host.v1Roots().getOrDefault(s, "/"), own)), inner));
            }
        }
        if (host.mode() == CgroupMode.HYBRID && host.unified() != null) {
            if (inner.startsWith("/")) {
                out.put("", join(host.unified(), inner));
            } else {
                String own = host.ownCgroups().getOrDefault("", "/");
                out.put("", join(join(host.unified(), own), inner));
            }
        }
        return out;
    }

    /** The v2 directory (unified mode). */
    public static Path v2Path(CgroupHost host, CgroupConfig cfg) throws CgroupException {
        String inner = innerPath(cfg);
        if (host.unified() == null) {
            throw new CgroupException("cgroup: no cgroup2 hierarchy is mounted");
        }
        if (inner.startsWith("/")) {
            return join(host.unified(), inner);
        }
        String own = host.ownCgroups().get("");
        if (own == null) {
            throw new CgroupException("cgroup: cannot find the runtime's own cgroup (0::) in /proc/self/cgroup");
        }
        String parent = parentOf(cleanPath(own));
        if (parent.equals("/system.slice")) {
            parent = "/machine.slice/machine-jrunc.slice";
        }
        return join(join(host.unified(), parent), inner);
    }

    static String parentOf(String abs) {
        int i = abs.lastIndexOf('/');
        return i <= 0 ? "/" : abs.substring(0, i);
    }

    /** own cgroup path relative to the mount's root (filepath.Rel(root, path)). */
    private static String relativeTo(String root, String path) {
        String r = cleanPath(root);
        String p = cleanPath(path);
        if (r.equals("/") || r.isEmpty()) {
            return p;
        }
        if (p.equals(r)) {
            return "/";
        }
        if (p.startsWith(r + "/")) {
            return p.substring(r.length());
        }
        return p;
    }

    /** base + inner, where inner (absolute or not) stays below base. */
    static Path join(Path base, String inner) {
        String c = cleanPath(inner.startsWith("/") ? inner : "/" + inner);
        if (c.equals("/")) {
            return base;
        }
        return base.resolve(c.substring(1));
    }
}
