package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI mount's {@code options} split the way runc splits them: mount(2) flags to set
 * and clear, propagation changes applied afterwards, recursive attributes applied with
 * mount_setattr, and everything else passed to the filesystem as data.
 */
public record MountOptions(long flags, List<Long> propagation, long attrSet, long attrClr, String data,
                           boolean tmpcopyup) {

    private record Flag(boolean clear, long bits) {
    }

    private record Attr(boolean clear, long bits) {
    }

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("acl", new Flag(false, MS_POSIXACL)),
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("iversion", new Flag(false, MS_I_VERSION)),
            Map.entry("lazytime", new Flag(false, MS_LAZYTIME)),
            Map.entry("loud", new Flag(true, MS_SILENT)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("noacl", new Flag(true, MS_POSIXACL)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("noiversion", new Flag(true, MS_I_VERSION)),
            Map.entry("nolazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("nosymfollow", new Flag(false, MS_NOSYMFOLLOW)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("silent", new Flag(false, MS_SILENT)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("symfollow", new Flag(true, MS_NOSYMFOLLOW)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    private static final Map<String, Attr> REC_ATTRS = Map.ofEntries(
            Map.entry("rro", new Attr(false, MOUNT_ATTR_RDONLY)),
            Map.entry("rrw", new Attr(true, MOUNT_ATTR_RDONLY)),
            Map.entry("rnosuid", new Attr(false, MOUNT_ATTR_NOSUID)),
            Map.entry("rsuid", new Attr(true, MOUNT_ATTR_NOSUID)),
            Map.entry("rnodev", new Attr(false, MOUNT_ATTR_NODEV)),
            Map.entry("rdev", new Attr(true, MOUNT_ATTR_NODEV)),
            Map.entry("rnoexec", new Attr(false, MOUNT_ATTR_NOEXEC)),
            Map.entry("rexec", new Attr(true, MOUNT_ATTR_NOEXEC)),
            Map.entry("rnodiratime", new Attr(false, MOUNT_ATTR_NODIRATIME)),
            Map.entry("rdiratime", new Attr(true, MOUNT_ATTR_NODIRATIME)),
            Map.entry("rnosymfollow", new Attr(false, MOUNT_ATTR_NOSYMFOLLOW)),
            Map.entry("rsymfollow", new Attr(true, MOUNT_ATTR_NOSYMFOLLOW)));

    /** The atime modes are one field of mount_setattr: setting one clears the others. */
    private static final Map<String, Long> REC_ATIME = Map.of(
            "rrelatime", MOUNT_ATTR_RELATIME, "rnoatime", MOUNT_ATTR_NOATIME,
            "rstrictatime", MOUNT_ATTR_STRICTATIME,
            // the clearing forms: back to the kernel's default (relatime), or strict for norelatime
            "ratime", MOUNT_ATTR_RELATIME, "rnostrictatime", MOUNT_ATTR_RELATIME,
            "rnorelatime", MOUNT_ATTR_STRICTATIME);

    public static MountOptions parse(List<String> options) {
        long flags = 0;
        long attrSet = 0;
        long attrClr = 0;
        boolean tmpcopyup = false;
        List<Long> propagation = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String o : options == null ? List.<String>of() : options) {
            Flag f = FLAGS.get(o);
            if (f != null) {
                flags = f.clear() ? flags & ~f.bits() : flags | f.bits();
                continue;
            }
            Long p = PROPAGATION.get(o);
            if (p != null) {
                propagation.add(p);
                continue;
            }
            Attr a = REC_ATTRS.get(o);
            if (a != null) {
                if (a.clear()) {
                    attrClr |= a.bits();
                    attrSet &= ~a.bits();
                } else {
                    attrSet |= a.bits();
                    attrClr &= ~a.bits();
                }
                continue;
            }
            Long atime = REC_ATIME.get(o);
            if (atime != null) {
                attrClr |= MOUNT_ATTR__ATIME;
                attrSet = (attrSet & ~MOUNT_ATTR__ATIME) | atime;
                continue;
            }
            if (o.equals("tmpcopyup")) {
                tmpcopyup = true;
                continue;
            }
            data.add(o);
        }
        return new MountOptions(flags, List.copyOf(propagation), attrSet, attrClr, String.join(",", data), tmpcopyup);
    }

    public boolean isBind() {
        return (flags & MS_BIND) != 0;
    }

    public boolean hasRecursiveAttrs() {
        return attrSet != 0 || attrClr != 0;
    }

    /** Every option name this class understands, for `features`. */
    public static List<String> known() {
        List<String> all = new ArrayList<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(REC_ATTRS.keySet());
        all.addAll(REC_ATIME.keySet());
        all.sort(null);
        return all;
    }
}
