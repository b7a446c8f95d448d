package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.MS_BIND;

import io.jrunc.spec.Linux;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's /dev: the spec's default devices plus linux.devices, the /dev/fd and
 * stdio symlinks, and /dev/ptmx pointing at the container's own devpts. Inside a user
 * namespace mknod is not allowed, so devices are bind mounts of the host's nodes (as runc).
 */
final class DevicePlanner {
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    /** runtime-spec config-linux.md "Default Devices". */
    static final List<Linux.Device> DEFAULTS = List.of(
            device("/dev/null", 1, 3), device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
            device("/dev/random", 1, 8), device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0));

    private DevicePlanner() {
    }

    static void plan(PlanBuilder plan, List<Linux.Device> configured, boolean userns, boolean hasKcore) {
        Map<String, Linux.Device> devices = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Linux.Device d : DEFAULTS) {
            devices.put(d.path(), d);
            sources.put(d.path(), "linux.devices");
        }
        List<Linux.Device> cfg = configured == null ? List.of() : configured;
        for (int i = 0; i < cfg.size(); i++) {
            devices.put(cfg.get(i).path(), cfg.get(i));
            sources.put(cfg.get(i).path(), "linux.devices[" + i + "]");
        }
        for (Linux.Device d : devices.values()) {
            String src = sources.get(d.path());
            if (userns) {
                plan.add(Opcode.MOUNT, "bind mount host device " + d.path(), src,
                        d.path(), d.path(), "bind", MS_BIND, "", PathFlags.IN_ROOT | PathFlags.MKFILE);
            } else {
                long mode = (d.fileMode() == null ? 0666 : d.fileMode()) | typeBits(d.type());
                plan.add(Opcode.MKNOD, "create device " + d.path(), src, d.path(), mode, d.major(), d.minor(),
                        d.uid() == null ? 0 : d.uid(), d.gid() == null ? 0 : d.gid(),
                        PathFlags.IN_ROOT | PathFlags.MKDIR);
            }
        }
        List<String[]> links = new ArrayList<>(List.of(
                new String[] {"/proc/self/fd", "/dev/fd"}, new String[] {"/proc/self/fd/0", "/dev/stdin"},
                new String[] {"/proc/self/fd/1", "/dev/stdout"}, new String[] {"/proc/self/fd/2", "/dev/stderr"}));
        if (hasKcore) {
            links.add(new String[] {"/proc/kcore", "/dev/core"});
        }
        for (String[] l : links) {
            plan.add(Opcode.SYMLINK, "link " + l[1] + " to " + l[0], null, l[0], l[1], PathFlags.IN_ROOT);
        }
        plan.add(Opcode.SYMLINK, "link /dev/ptmx to pts/ptmx", null, "pts/ptmx", "/dev/ptmx", PathFlags.IN_ROOT);
    }

    private static long typeBits(String type) {
        return switch (type) {
            case "b" -> S_IFBLK;
            case "p" -> S_IFIFO;
            default -> S_IFCHR; // "c" and "u"
        };
    }

    private static Linux.Device device(String path, long major, long minor) {
        return new Linux.Device(path, "c", major, minor, 0666L, 0L, 0L);
    }
}
