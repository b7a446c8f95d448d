package io.jrunc.core.container;

import io.jrunc.core.plan.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the host facts the planner needs from /proc. */
public final class HostProbe {
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "xattr", "noprefix", "clone_children",
            "cpuset_v2_mode", "nsdelegate", "favordynmods", "memory_localevents", "memory_recursiveprot");

    private HostProbe() {
    }

    public static HostFacts probe() {
        return fromMountinfo(readLines(Path.of("/proc/self/mountinfo")), lastCap(), Files.exists(Path.of("/proc/kcore")));
    }

    /** Parses mountinfo for the cgroup layout (public for tests with made-up hosts). */
    public static HostFacts fromMountinfo(List<String> mountinfo, int lastCap, boolean kcore) {
        List<HostFacts.CgroupV1> v1 = new ArrayList<>();
        boolean v2 = false;
        boolean v2Only = false;
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || f.length < dash + 4) {
                continue;
            }
            String mountPoint = f[4];
            String fstype = f[dash + 1];
            if (fstype.equals("cgroup2")) {
                v2 = true;
                v2Only |= mountPoint.equals("/sys/fs/cgroup");
            } else if (fstype.equals("cgroup") && mountPoint.startsWith("/sys/fs/cgroup/")) {
                List<String> controllers = new ArrayList<>();
                for (String o : f[dash + 3].split(",")) {
                    if (!NOT_CONTROLLERS.contains(o) && !o.startsWith("release_agent=")) {
                        controllers.add(o);
                    }
                }
                v1.add(new HostFacts.CgroupV1(mountPoint.substring("/sys/fs/cgroup/".length()),
                        String.join(",", controllers)));
            }
        }
        return new HostFacts(v1, v2, v2Only, kcore, lastCap);
    }

    static int lastCap() {
        List<String> l = readLines(Path.of("/proc/sys/kernel/cap_last_cap"));
        return l.isEmpty() ? 40 : Integer.parseInt(l.get(0).strip());
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
