package io.jrunc.core.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What jrunc remembers about a container between commands: the {@code state.json} in its
 * directory (format: docs/state-format.md). Status is not stored; {@link StatusProbe}
 * derives it. Maps are never null (empty when absent) and are unmodifiable.
 *
 * @param id             the container id
 * @param pid            the init process's pid in the host pid namespace
 * @param pidStartTime   its start time (clock ticks, /proc/&lt;pid&gt;/stat field 22), against pid reuse
 * @param bundle         absolute bundle directory
 * @param rootfs         absolute rootfs path
 * @param created        when create recorded the container
 * @param annotations    config.json annotations
 * @param owner          informational (the user that created it); {@code state} prints "" like runc
 * @param namespacePaths runc's keys (NEWNS, NEWPID, NEWNET, NEWUTS, NEWIPC, NEWUSER, NEWCGROUP, NEWTIME)
 *                       to /proc/&lt;pid&gt;/ns/… paths
 * @param cgroupPaths    controller to cgroup directory; key "" is the v2 unified path
 * @param extra          free-form string data other parts of jrunc need to keep (forward compatible)
 */
public record ContainerRecord(
        String id,
        int pid,
        long pidStartTime,
        String bundle,
        String rootfs,
        Instant created,
        Map<String, String> annotations,
        String owner,
        Map<String, String> namespacePaths,
        Map<String, String> cgroupPaths,
        Map<String, String> extra) {

    public ContainerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        bundle = bundle == null ? "" : bundle;
        rootfs = rootfs == null ? "" : rootfs;
        owner = owner == null ? "" : owner;
        annotations = frozen(annotations);
        namespacePaths = frozen(namespacePaths);
        cgroupPaths = frozen(cgroupPaths);
        extra = frozen(extra);
    }

    /** A record with just the essentials; the maps empty. */
    public static ContainerRecord of(String id, int pid, long pidStartTime, String bundle, String rootfs,
                                     Instant created) {
        return new ContainerRecord(id, pid, pidStartTime, bundle, rootfs, created, null, "", null, null, null);
    }

    public ContainerRecord withPid(int newPid, long newStartTime) {
        return new ContainerRecord(id, newPid, newStartTime, bundle, rootfs, created, annotations, owner,
                namespacePaths, cgroupPaths, extra);
    }

    public ContainerRecord withAnnotations(Map<String, String> a) {
        return new ContainerRecord(id, pid, pidStartTime, bundle, rootfs, created, a, owner,
                namespacePaths, cgroupPaths, extra);
    }

    public ContainerRecord withNamespacePaths(Map<String, String> paths) {
        return new ContainerRecord(id, pid, pidStartTime, bundle, rootfs, created, annotations, owner,
                paths, cgroupPaths, extra);
    }

    public ContainerRecord withCgroupPaths(Map<String, String> paths) {
        return new ContainerRecord(id, pid, pidStartTime, bundle, rootfs, created, annotations, owner,
                namespacePaths, paths, extra);
    }

    /** A copy with one extra entry added or replaced ({@code value == null} removes it). */
    public ContainerRecord withExtra(String key, String value) {
        Map<String, String> e = new LinkedHashMap<>(extra);
        if (value == null) {
            e.remove(key);
        } else {
            e.put(key, value);
        }
        return new ContainerRecord(id, pid, pidStartTime, bundle, rootfs, created, annotations, owner,
                namespacePaths, cgroupPaths, e);
    }

    private static Map<String, String> frozen(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
