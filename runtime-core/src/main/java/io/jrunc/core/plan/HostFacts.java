package io.jrunc.core.plan;

import java.util.List;

/**
 * What the planner needs to know about the host, gathered once by the caller so the
 * planner itself stays pure (and testable with made-up hosts).
 *
 * @param cgroupV1Hierarchies the v1 hierarchies mounted under /sys/fs/cgroup; empty on a v2-only host
 * @param cgroupV2            a cgroup2 hierarchy exists (unified or hybrid)
 * @param cgroupV2Only        unified mode: /sys/fs/cgroup itself is cgroup2
 * @param hasKcore            /proc/kcore exists (runc links /dev/core to it)
 * @param lastCap             the highest capability number this kernel knows
 */
public record HostFacts(List<CgroupV1> cgroupV1Hierarchies, boolean cgroupV2, boolean cgroupV2Only,
                        boolean hasKcore, int lastCap) {
    public HostFacts {
        cgroupV1Hierarchies = List.copyOf(cgroupV1Hierarchies);
    }

    /**
     * One v1 hierarchy.
     *
     * @param dir  its directory name under /sys/fs/cgroup (e.g. "cpu,cpuacct", "systemd")
     * @param data the mount data naming its controllers (e.g. "cpu,cpuacct", "name=systemd")
     */
    public record CgroupV1(String dir, String data) {
    }
}
