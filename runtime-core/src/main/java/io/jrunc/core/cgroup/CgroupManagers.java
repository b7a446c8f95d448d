package io.jrunc.core.cgroup;

import io.jrunc.core.cgroup.systemd.SystemdManager;
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
            SystemdPath sp = SystemdPath.parse(cfg.cgroupsPath(), cfg.id());
            sp.cgroupPath(); // validates the slice name
            SystemdPath.requireSystemd(systemdMarker);
            // the unit's directory (e.g. /system.slice/jrunc-x.scope) for the cgroupfs manager
            return SystemdManager.create(sp, host.mode() == CgroupMode.UNIFIED, SystemdManager::connectReal,
                    dir -> fsManager(host, new CgroupConfig(cfg.id(), dir, false, cfg.specDevicePaths()), io),
                    systemdMarker);
        }
        return fsManager(host, cfg, io);
    }

    private static CgroupManager fsManager(CgroupHost host, CgroupConfig cfg, CgroupIO io) throws CgroupException {
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
        if (paths.containsKey(SystemdManager.UNIT_KEY)) {
            Map<String, String> dirs = new LinkedHashMap<>(paths);
            String unit = dirs.remove(SystemdManager.UNIT_KEY);
            return SystemdManager.reopen(unit, fromPaths(id, dirs, io), SystemdManager::connectReal,
                    SystemdPath.SYSTEMD_RUNNING_MARKER);
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
