package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.cgroup.CgroupConfig;
import io.jrunc.core.cgroup.CgroupException;
import io.jrunc.core.cgroup.CgroupIO;
import io.jrunc.core.cgroup.CgroupManager;
import io.jrunc.core.cgroup.CgroupManagers;
import io.jrunc.core.cgroup.systemd.SystemdManager;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle's view of a container's cgroup: made and limited by the JVM before
 * jrunc-init starts (which then joins it from S0), reopened from state.json later.
 */
final class ContainerCgroup {
    /** Made when first needed (only to warn): the first logger initialises logback, ~50 ms of start-up. */
    private static Logger log() {
        return LoggerFactory.getLogger(ContainerCgroup.class);
    }

    private final CgroupManager manager;
    private final Kernel kernel;

    private ContainerCgroup(CgroupManager manager, Kernel kernel) {
        this.manager = manager;
        this.kernel = kernel;
    }

    /**
     * create: refuse a busy cgroup, make it, write linux.resources.
     *
     * @param initPid jrunc-init S0, spawned and waiting for its plan: a systemd scope is created
     *                with it inside (systemd cannot make an empty scope); the cgroupfs driver
     *                ignores it (S0 joins by itself before it clones the container's init)
     */
    static ContainerCgroup create(RuntimeContext rt, String id, Spec spec, Kernel kernel, int initPid)
            throws JruncException {
        Linux linux = spec.linux();
        CgroupManager m = rt.cgroups().open(config(id, spec, rt.systemdCgroup()));
        m.checkUsable(); // before create: a cgroup we refuse is not ours to remove
        ContainerCgroup cg = new ContainerCgroup(m, kernel);
        try {
            if (m instanceof SystemdManager sd) {
                sd.start(initPid, linux == null ? null : linux.resources());
            } else {
                m.create();
                m.apply(linux == null ? null : linux.resources());
            }
            if (m.isV2()) {
                cg.attachDeviceFilter(linux == null ? null : linux.resources());
            }
        } catch (CgroupException e) {
            cg.destroyQuietly();
            throw e;
        }
        return cg;
    }

    /** What the cgroup of this container is made from. */
    static CgroupConfig config(String id, Spec spec, boolean systemd) {
        Linux linux = spec.linux();
        List<String> devicePaths = linux == null || linux.devices() == null ? List.of()
                : linux.devices().stream().map(Linux.Device::path).toList();
        return new CgroupConfig(id, linux == null ? null : linux.cgroupsPath(), systemd, devicePaths);
    }

    /** The cgroup.procs files a create would join, computed without touching anything (dry run). */
    static List<String> joinFiles(RuntimeContext.CgroupOpener opener, String id, Spec spec, boolean systemd)
            throws JruncException {
        return opener.open(config(id, spec, systemd)).joinFiles().stream().map(Path::toString).toList();
    }

    /** The container's recorded cgroup, or null when it has none. */
    static ContainerCgroup of(ContainerRecord record, Kernel kernel) throws JruncException {
        if (record.cgroupPaths().isEmpty()) {
            return null;
        }
        return new ContainerCgroup(CgroupManagers.fromPaths(record.id(), record.cgroupPaths(), CgroupIO.REAL), kernel);
    }

    /** v2 has no devices files: an eBPF program on the cgroup enforces the rules (v1 wrote them in apply). */
    private void attachDeviceFilter(io.jrunc.spec.LinuxResources resources) throws CgroupException {
        String dir = manager.paths().get("");
        try {
            kernel.attachDeviceFilter(dir, io.jrunc.core.cgroup.DeviceRule.bpfInts(manager.deviceRules(resources)));
        } catch (io.jrunc.core.sys.ErrnoException e) {
            throw new CgroupException("cgroup: device filter: " + e.getMessage());
        }
    }

    List<String> joinFiles() {
        return manager.joinFiles().stream().map(Path::toString).toList();
    }

    Map<String, String> paths() {
        return manager.paths();
    }

    CgroupManager manager() {
        return manager;
    }

    /** delete: kill what is left in it and remove it. */
    void destroy() throws JruncException {
        manager.destroy(kernel::kill);
    }

    void destroyQuietly() {
        try {
            destroy();
        } catch (JruncException e) {
            log().warn(e.getMessage());
        }
    }
}
