package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;

import io.jrunc.spec.linux.Capabilities;
import io.jrunc.spec.linux.Namespaces;
import io.jrunc.spec.linux.Rlimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers a plan carries, turned back into the names a human knows them by: clone
 * flags, mount flags and attributes, capability masks, rlimit numbers. Bits without a name
 * are shown in hex so nothing is hidden.
 */
public final class FlagNames {
    private static final Map<Long, String> MOUNT = new LinkedHashMap<>();
    private static final Map<Long, String> ATTRS = new LinkedHashMap<>();

    static {
        MOUNT.put(MS_RDONLY, "ro");
        MOUNT.put(MS_NOSUID, "nosuid");
        MOUNT.put(MS_NODEV, "nodev");
        MOUNT.put(MS_NOEXEC, "noexec");
        MOUNT.put(MS_SYNCHRONOUS, "sync");
        MOUNT.put(MS_REMOUNT, "remount");
        MOUNT.put(MS_MANDLOCK, "mand");
        MOUNT.put(MS_DIRSYNC, "dirsync");
        MOUNT.put(MS_NOSYMFOLLOW, "nosymfollow");
        MOUNT.put(MS_NOATIME, "noatime");
        MOUNT.put(MS_NODIRATIME, "nodiratime");
        MOUNT.put(MS_BIND, "bind");
        MOUNT.put(MS_MOVE, "move");
        MOUNT.put(MS_REC, "rec");
        MOUNT.put(MS_SILENT, "silent");
        MOUNT.put(MS_POSIXACL, "acl");
        MOUNT.put(MS_UNBINDABLE, "unbindable");
        MOUNT.put(MS_PRIVATE, "private");
        MOUNT.put(MS_SLAVE, "slave");
        MOUNT.put(MS_SHARED, "shared");
        MOUNT.put(MS_RELATIME, "relatime");
        MOUNT.put(MS_I_VERSION, "iversion");
        MOUNT.put(MS_STRICTATIME, "strictatime");
        MOUNT.put(MS_LAZYTIME, "lazytime");
        ATTRS.put(MOUNT_ATTR_RDONLY, "rdonly");
        ATTRS.put(MOUNT_ATTR_NOSUID, "nosuid");
        ATTRS.put(MOUNT_ATTR_NODEV, "nodev");
        ATTRS.put(MOUNT_ATTR_NOEXEC, "noexec");
        ATTRS.put(MOUNT_ATTR_NOATIME, "noatime");
        ATTRS.put(MOUNT_ATTR_STRICTATIME, "strictatime");
        ATTRS.put(MOUNT_ATTR_NODIRATIME, "nodiratime");
        ATTRS.put(MOUNT_ATTR_NOSYMFOLLOW, "nosymfollow");
    }

    private FlagNames() {
    }

    /** CLONE_NEW* bits as config.json's namespace types: {@code [pid, network, mount]}. */
    public static List<String> namespaces(long cloneFlags) {
        List<String> names = new ArrayList<>();
        long rest = cloneFlags;
        for (Namespaces.Type t : Namespaces.Type.values()) {
            if ((cloneFlags & t.cloneFlag()) != 0) {
                names.add(t.specName());
                rest &= ~t.cloneFlag();
            }
        }
        addRest(names, rest);
        return names;
    }

    /** CLONE_NEW* bits by their kernel names: {@code [CLONE_NEWPID, CLONE_NEWNET]}. */
    public static List<String> cloneFlags(long cloneFlags) {
        List<String> names = new ArrayList<>();
        long rest = cloneFlags;
        for (Namespaces.Type t : Namespaces.Type.values()) {
            if ((cloneFlags & t.cloneFlag()) != 0) {
                names.add(t == Namespaces.Type.MOUNT ? "CLONE_NEWNS" : "CLONE_NEW" + t.procName().toUpperCase());
                rest &= ~t.cloneFlag();
            }
        }
        addRest(names, rest);
        return names;
    }

    /** mount(2) flags by their mount(8) option names: {@code [nosuid, nodev, bind, rec]}. */
    public static List<String> mountFlags(long flags) {
        return bits(flags, MOUNT);
    }

    /** mount_setattr(2) MOUNT_ATTR_* bits: {@code [rdonly, nosuid]}. */
    public static List<String> mountAttrs(long attrs) {
        return bits(attrs, ATTRS);
    }

    /** A capability mask as names in number order; bits above the table show as {@code cap_N}. */
    public static List<String> capabilities(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit <= Capabilities.LAST ? Capabilities.name(bit) : "cap_" + bit);
            }
        }
        return names;
    }

    /** RLIMIT_* name of a resource number. */
    public static String rlimit(int resource) {
        try {
            return Rlimits.name(resource);
        } catch (IllegalArgumentException e) {
            return "rlimit " + resource;
        }
    }

    /** A path op's dstflags: {@code [in-root, mkdir]}. */
    public static List<String> pathFlags(int dstflags) {
        List<String> names = new ArrayList<>();
        if ((dstflags & PathFlags.IN_ROOT) != 0) {
            names.add("in-root");
        }
        if ((dstflags & PathFlags.MKDIR) != 0) {
            names.add("mkdir");
        }
        if ((dstflags & PathFlags.MKFILE) != 0) {
            names.add("mkfile");
        }
        if ((dstflags & PathFlags.OPTIONAL) != 0) {
            names.add("optional");
        }
        return names;
    }

    /** A resource limit value: "unlimited" for RLIM_INFINITY. */
    public static String limit(String unsignedDecimal) {
        return unsignedDecimal.equals(Long.toUnsignedString(-1L)) ? "unlimited" : unsignedDecimal;
    }

    private static List<String> bits(long value, Map<Long, String> table) {
        List<String> names = new ArrayList<>();
        long rest = value;
        for (Map.Entry<Long, String> e : table.entrySet()) {
            if ((value & e.getKey()) != 0) {
                names.add(e.getValue());
                rest &= ~e.getKey();
            }
        }
        addRest(names, rest);
        return names;
    }

    private static void addRest(List<String> names, long rest) {
        if (rest != 0) {
            names.add("0x" + Long.toHexString(rest));
        }
    }
}
