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

    /** null: the container has no cgroup (rootless without delegation, docs/rootless.md) */
    private final CgroupManager manager;
    private final Kernel kernel;

    private ContainerCgroup(CgroupManager manager, Kernel kernel) {
        this.manager = manager;
        this.kernel = kernel;
    }

    /**
     * create: refuse a busy cgroup, make it, write linux.resources. In rootless mode a cgroup
     * the user may not make is no error unless cgroupsPath names it or a limit is asked for:
     * the container runs without one (runc's rule, docs/rootless.md).
     *
     * @param initPid jrunc-init S0, spawned and waiting for its plan: a systemd scope is created
     *                with it inside (systemd cannot make an empty scope); the cgroupfs driver
     *                ignores it (S0 joins by itself before it clones the container's init)
     */
    static ContainerCgroup create(RuntimeContext rt, String id, Spec spec, Kernel kernel, int initPid)
            throws JruncException {
        boolean rootless = io.jrunc.core.rootless.Rootless.cgroups(rt.systemdCgroup());
        try {
            return createOwn(rt, id, spec, kernel, initPid);
        } catch (CgroupException e) {
            Linux linux = spec.linux();
            if (!rootless || !io.jrunc.core.rootless.RootlessCgroups.ignorable(e)
                    || (linux != null && linux.cgroupsPath() != null && !linux.cgroupsPath().isEmpty())) {
                throw e;
            }
            String limit = io.jrunc.core.rootless.RootlessCgroups.requestedLimit(linux == null ? null
                    : linux.resources());
            if (limit != null) {
                throw new JruncException("cannot set " + limit + " limit: container could not join or create cgroup");
            }
            return none(kernel);
        }
    }

    /** A rootless container's "cgroup" when it has none: no paths, nothing to join, nothing to remove. */
    static ContainerCgroup none(Kernel kernel) {
        return new ContainerCgroup(null, kernel);
    }

    private static ContainerCgroup createOwn(RuntimeContext rt, String id, Spec spec, Kernel kernel, int initPid)
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
        List<String> files = opener.open(config(id, spec, systemd)).joinFiles().stream().map(Path::toString).toList();
        Linux linux = spec.linux();
        boolean named = linux != null && linux.cgroupsPath() != null && !linux.cgroupsPath().isEmpty();
        if (!files.isEmpty() && !named && io.jrunc.core.rootless.Rootless.cgroups(systemd)
                && !io.jrunc.core.rootless.Identity.current().root() && !makeable(Path.of(files.get(0)).getParent())) {
            return List.of(); // rootless: create would run the container without a cgroup
        }
        return files;
    }

    /** Whether the nearest existing ancestor of a real cgroup directory is writable by us. */
    private static boolean makeable(Path dir) {
        if (dir == null || !dir.startsWith("/sys/fs/cgroup")) {
            return true;
        }
        Path p = dir;
        while (p != null && !java.nio.file.Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && java.nio.file.Files.isWritable(p);
    }

    /** The container's recorded cgroup, or null when it has none (rootless: nothing recorded). */
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
        return manager == null ? List.of() : manager.joinFiles().stream().map(Path::toString).toList();
    }

    /** Empty for a rootless container without a cgroup. */
    Map<String, String> paths() {
        return manager == null ? Map.of() : manager.paths();
    }

    CgroupManager manager() {
        return manager;
    }

    /** delete: kill what is left in it and remove it. */
    void destroy() throws JruncException {
        if (manager == null) {
            return;
        }
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
