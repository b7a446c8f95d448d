package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.linux.Namespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What an exec'd process joins: the container init's namespaces and cgroups, read from /proc. */
final class ContainerJoin {
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "xattr", "noprefix", "clone_children",
            "cpuset_v2_mode", "nsdelegate", "favordynmods", "memory_localevents", "memory_recursiveprot");

    private ContainerJoin() {
    }

    /**
     * The namespace types of the config, except those we already share with the init
     * (setns into one's own user namespace fails, and the others would be no-ops).
     */
    static List<String> namespaces(Spec spec, int pid) {
        Linux linux = spec.linux();
        List<String> out = new ArrayList<>();
        if (linux == null || linux.namespaces() == null) {
            return out;
        }
        for (Linux.Namespace n : linux.namespaces()) {
            String proc = Namespaces.procName(n.type());
            String ours = link(Path.of("/proc/self/ns", proc));
            if (ours == null || !ours.equals(link(Path.of("/proc/" + pid + "/ns", proc)))) {
                out.add(n.type());
            }
        }
        return out;
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The cgroup.procs files that put a process where the init is: one per hierarchy in which
     * the init sits in a non-root cgroup other than ours, or in {@code --cgroup}'s sub-cgroup
     * of it ({@code [controller[,controller]:]path}).
     */
    static List<String> cgroupProcs(int pid, List<String> subs) throws JruncException {
        Map<String, String> mounts = mountPoints(lines(Path.of("/proc/self/mountinfo")));
        Set<String> ours = new java.util.HashSet<>(lines(Path.of("/proc/self/cgroup")));
        List<String> out = new ArrayList<>();
        for (String line : lines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            String key = controllers(Arrays.asList(f[1].split(",")));
            String mount = mounts.get(key);
            String path = f[2];
            String sub = sub(subs, key);
            if (mount == null || (sub == null && (path.equals("/") || ours.contains(line)))) {
                continue;
            }
            Path dir = Path.of(mount + (path.equals("/") ? "" : path));
            if (sub != null) {
                dir = dir.resolve(sub.startsWith("/") ? sub.substring(1) : sub).normalize();
                if (!Files.isDirectory(dir) || !dir.startsWith(mount)) {
                    throw new JruncException("--cgroup: " + dir + " is not a cgroup of the container");
                }
            }
            out.add(dir.resolve("cgroup.procs").toString());
        }
        return out;
    }

    /** The --cgroup path for this hierarchy: one naming its controller, else one naming none. */
    private static String sub(List<String> subs, String key) {
        String any = null;
        for (String s : subs) {
            int colon = s.indexOf(':');
            if (colon < 0) {
                any = s;
            } else if (Set.of(key.split(",")).containsAll(Set.of(s.substring(0, colon).split(",")))
                    || (key.isEmpty() && s.substring(0, colon).isEmpty())) {
                return s.substring(colon + 1);
            }
        }
        return any;
    }

    /** Controller set (sorted, comma-joined; "" for cgroup2) to mount point. */
    static Map<String, String> mountPoints(List<String> mountinfo) {
        Map<String, String> m = new HashMap<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (dash < 0 || f.length < dash + 4) {
                continue;
            }
            if (f[dash + 1].equals("cgroup2")) {
                m.putIfAbsent("", f[4]);
            } else if (f[dash + 1].equals("cgroup")) {
                List<String> c = new ArrayList<>();
                for (String o : f[dash + 3].split(",")) {
                    if (!NOT_CONTROLLERS.contains(o) && !o.startsWith("release_agent=")) {
                        c.add(o);
                    }
                }
                m.putIfAbsent(controllers(c), f[4]);
            }
        }
        return m;
    }

    private static String controllers(List<String> names) {
        TreeSet<String> s = new TreeSet<>(names);
        s.remove("");
        return String.join(",", s);
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
