package io.jrunc.core.rootless;

import io.jrunc.core.cgroup.CgroupException;
import io.jrunc.core.cgroup.CgroupIOException;
import io.jrunc.spec.LinuxResources;
import java.util.List;

/**
 * runc's rootless cgroup rule (cgroups/fs: isIgnorableError, and Set's "container could not
 * join or create cgroup"): without permission to make the container's cgroup (nothing
 * delegated to the user) the container runs without one, unless linux.cgroupsPath names one
 * or a limit is asked for. Device rules are no limit here: runc ignores the devices
 * controller in rootless mode (a user namespace cannot mknod anyway).
 */
public final class RootlessCgroups {
    private RootlessCgroups() {
    }

    /** EPERM, EACCES, EROFS: the user may not make or write the cgroup. */
    public static boolean ignorable(CgroupException e) {
        return e instanceof CgroupIOException io && switch (io.errno()) {
            case EPERM, EACCES, EROFS -> true;
            default -> false;
        };
    }

    /** The controller of the first limit asked for (runc's subsystem names), or null when none is. */
    public static String requestedLimit(LinuxResources r) {
        if (r == null) {
            return null;
        }
        LinuxResources.Memory m = r.memory();
        if (m != null && (m.limit() != null || m.reservation() != null || m.swap() != null || m.kernel() != null
                || m.kernelTCP() != null || m.swappiness() != null || Boolean.TRUE.equals(m.disableOOMKiller()))) {
            return "memory";
        }
        LinuxResources.Cpu c = r.cpu();
        if (c != null && (c.shares() != null || c.quota() != null || c.burst() != null || c.period() != null
                || c.realtimeRuntime() != null || c.realtimePeriod() != null || c.idle() != null)) {
            return "cpu";
        }
        if (c != null && (notEmpty(c.cpus()) || notEmpty(c.mems()))) {
            return "cpuset";
        }
        if (r.pids() != null && r.pids().limit() != null) {
            return "pids";
        }
        LinuxResources.BlockIO b = r.blockIO();
        if (b != null && (b.weight() != null || b.leafWeight() != null || notEmpty(b.weightDevice())
                || notEmpty(b.throttleReadBpsDevice()) || notEmpty(b.throttleWriteBpsDevice())
                || notEmpty(b.throttleReadIOPSDevice()) || notEmpty(b.throttleWriteIOPSDevice()))) {
            return "blkio";
        }
        if (notEmpty(r.hugepageLimits())) {
            return "hugetlb";
        }
        if (r.network() != null && r.network().classID() != null) {
            return "net_cls";
        }
        if (r.network() != null && notEmpty(r.network().priorities())) {
            return "net_prio";
        }
        if (r.rdma() != null && !r.rdma().isEmpty()) {
            return "rdma";
        }
        if (r.unified() != null && !r.unified().isEmpty()) {
            return "unified";
        }
        return null;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean notEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }
}
