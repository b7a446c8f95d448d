package io.jrunc.core.cgroup;

import java.util.List;

/**
 * What a container's cgroup is made from, besides the resources.
 *
 * @param id              the container id (the cgroup's name when cgroupsPath is empty)
 * @param cgroupsPath     linux.cgroupsPath, or null/empty
 * @param systemd         the global {@code --systemd-cgroup} flag
 * @param specDevicePaths the paths of linux.devices[]: a default allowed device with the same
 *                        path is left out of the device rules, as in runc
 */
public record CgroupConfig(String id, String cgroupsPath, boolean systemd, List<String> specDevicePaths) {
    public CgroupConfig {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id");
        }
        cgroupsPath = cgroupsPath == null ? "" : cgroupsPath;
        specDevicePaths = specDevicePaths == null ? List.of() : List.copyOf(specDevicePaths);
    }

    public static CgroupConfig of(String id, String cgroupsPath) {
        return new CgroupConfig(id, cgroupsPath, false, List.of());
    }
}
