package io.jrunc.core.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --systemd-cgroup}: linux.cgroupsPath is {@code slice:prefix:name} (runc's
 * specconv). Empty means slice "" (systemd's default, system.slice for root), prefix
 * "jrunc" (runc: "runc") and the id as name. The unit is {@code prefix-name.scope}, or the
 * name itself when it ends in ".slice". The unit is made over D-Bus by
 * {@link io.jrunc.core.cgroup.systemd.SystemdManager}; without systemd {@link #requireSystemd}
 * fails clearly first.
 *
 * @param slice  the parent slice ("" for the default)
 * @param prefix the scope prefix
 * @param name   the unit's name part
 */
public record SystemdPath(String slice, String prefix, String name) {
    public static final Path SYSTEMD_RUNNING_MARKER = Path.of("/run/systemd/system");

    public static SystemdPath parse(String cgroupsPath, String id) throws CgroupException {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return new SystemdPath("", "jrunc", id);
        }
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new CgroupException("expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got \""
                    + cgroupsPath + "\" instead");
        }
        return new SystemdPath(parts[0], parts[1], parts[2]);
    }

    /** runc's getUnitName. */
    public String unitName() {
        if (!name.endsWith(".slice")) {
            return prefix.isEmpty() ? name + ".scope" : prefix + "-" + name + ".scope";
        }
        return name;
    }

    /** The slice the unit goes into ("system.slice" when none was given, as for root). */
    public String effectiveSlice() {
        return slice.isEmpty() ? "system.slice" : slice;
    }

    /**
     * The cgroup directory below a hierarchy root that systemd will create. A slice unit's
     * parent is given by its name, whatever the slice part says (systemd derives it).
     */
    public String cgroupPath() throws CgroupException {
        String unit = unitName();
        if (unit.endsWith(".slice")) {
            expandSlice(effectiveSlice()); // still validated
            return expandSlice(unit);
        }
        String sl = expandSlice(effectiveSlice());
        return (sl.equals("/") ? "" : sl) + "/" + unit;
    }

    /** systemd's slice path: "a-b-c.slice" → "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" → "/". */
    public static String expandSlice(String slice) throws CgroupException {
        final String suffix = ".slice";
        if (slice.length() <= suffix.length() || !slice.endsWith(suffix)) {
            throw new CgroupException("invalid slice name: " + slice);
        }
        if (slice.contains("/")) {
            throw new CgroupException("invalid slice name: " + slice);
        }
        if (slice.equals("-.slice")) {
            return "/";
        }
        String sliceName = slice.substring(0, slice.length() - suffix.length());
        StringBuilder path = new StringBuilder();
        StringBuilder prefix = new StringBuilder();
        for (String component : sliceName.split("-", -1)) {
            if (component.isEmpty()) {
                throw new CgroupException("invalid slice name: " + slice);
            }
            path.append('/').append(prefix).append(component).append(suffix);
            prefix.append(component).append('-');
        }
        return path.toString();
    }

    /** Fails unless systemd runs (marker: /run/systemd/system, as sd_booted(3)). */
    public static void requireSystemd(Path marker) throws CgroupException {
        if (!Files.isDirectory(marker)) {
            throw new CgroupException("systemd cgroup driver: systemd is not running (no " + marker + ")");
        }
    }
}
