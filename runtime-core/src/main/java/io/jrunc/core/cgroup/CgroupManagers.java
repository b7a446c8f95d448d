package io.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where cgroup managers come from. */
public final class CgroupManagers {
    private CgroupManagers() {
    }

    /** The manager for a new container on the real host (cgroupfs driver, real files). */
    public static CgroupManager open(CgroupConfig cfg) throws CgroupException {
        return open(CgroupHost.probe(), cfg, CgroupIO.REAL, SystemdPath.SYSTEMD_RUNNING_MARKER);
    }

    /**
     * The manager for a new container.
     *
     * @param systemdMarker /run/systemd/system, or a test stand-in
     */
    public static CgroupManager open(CgroupHost host, CgroupConfig cfg, CgroupIO io, Path systemdMarker)
            throws CgroupException {
        if (cfg.systemd()) {
            SystemdPath.parse(cfg.cgroupsPath(), cfg.id()).cgroupPath(); // validates the slice name
            SystemdPath.requireSystemd(systemdMarker);
        }
        if (host.mode() == CgroupMode.UNIFIED) {
            return new V2Manager(io, cfg, host.unified(), CgroupPaths.v2Path(host, cfg));
        }
        return new V1Manager(io, cfg, CgroupPaths.v1Paths(host, cfg));
    }

    /**
     * Reopens an existing container's cgroup from state.json's cgroup_paths (written from
     * {@link CgroupManager#paths()}): only "" → v2; anything else → v1 (hybrid keeps "" too).
     */
    public static CgroupManager fromPaths(String id, Map<String, String> paths, CgroupIO io) throws CgroupException {
        if (paths == null || paths.isEmpty()) {
            throw new CgroupException("cgroup: container " + id + " has no cgroup paths");
        }
        CgroupConfig cfg = CgroupConfig.of(id, "");
        if (paths.size() == 1 && paths.containsKey("")) {
            Path dir = Path.of(paths.get(""));
            return new V2Manager(io, cfg, dir.getRoot(), dir);
        }
        Map<String, Path> p = new LinkedHashMap<>();
        paths.forEach((k, v) -> p.put(k, Path.of(v)));
        return new V1Manager(io, cfg, p);
    }
}
