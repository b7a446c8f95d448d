package io.jrunc.spec.linux;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Linux capability names (as config.json spells them, {@code CAP_…}) and their numbers
 * from linux/capability.h: CAP_CHOWN = 0 … CAP_CHECKPOINT_RESTORE = 40.
 */
public final class Capabilities {
    /** The highest capability number this table knows (CAP_CHECKPOINT_RESTORE). */
    public static final int LAST = 40;

    /** Index = capability number. */
    private static final NumberedNames TABLE = new NumberedNames("capability", List.of(
            "CAP_CHOWN",              // 0
            "CAP_DAC_OVERRIDE",       // 1
            "CAP_DAC_READ_SEARCH",    // 2
            "CAP_FOWNER",             // 3
            "CAP_FSETID",             // 4
            "CAP_KILL",               // 5
            "CAP_SETGID",             // 6
            "CAP_SETUID",             // 7
            "CAP_SETPCAP",            // 8
            "CAP_LINUX_IMMUTABLE",    // 9
            "CAP_NET_BIND_SERVICE",   // 10
            "CAP_NET_BROADCAST",      // 11
            "CAP_NET_ADMIN",          // 12
            "CAP_NET_RAW",            // 13
            "CAP_IPC_LOCK",           // 14
            "CAP_IPC_OWNER",          // 15
            "CAP_SYS_MODULE",         // 16
            "CAP_SYS_RAWIO",          // 17
            "CAP_SYS_CHROOT",         // 18
            "CAP_SYS_PTRACE",         // 19
            "CAP_SYS_PACCT",          // 20
            "CAP_SYS_ADMIN",          // 21
            "CAP_SYS_BOOT",           // 22
            "CAP_SYS_NICE",           // 23
            "CAP_SYS_RESOURCE",       // 24
            "CAP_SYS_TIME",           // 25
            "CAP_SYS_TTY_CONFIG",     // 26
            "CAP_MKNOD",              // 27
            "CAP_LEASE",              // 28
            "CAP_AUDIT_WRITE",        // 29
            "CAP_AUDIT_CONTROL",      // 30
            "CAP_SETFCAP",            // 31
            "CAP_MAC_OVERRIDE",       // 32
            "CAP_MAC_ADMIN",          // 33
            "CAP_SYSLOG",             // 34
            "CAP_WAKE_ALARM",         // 35
            "CAP_BLOCK_SUSPEND",      // 36
            "CAP_AUDIT_READ",         // 37
            "CAP_PERFMON",            // 38
            "CAP_BPF",                // 39
            "CAP_CHECKPOINT_RESTORE"  // 40
    ));
    private Capabilities() {
    }

    /** All known names, in number order. */
    public static Set<String> names() {
        return TABLE.names();
    }

    public static boolean isKnown(String name) {
        return TABLE.isKnown(name);
    }

    /** The capability number of {@code name}, or -1 if it is not a known capability. */
    public static int number(String name) {
        return TABLE.number(name);
    }

    /** The name of capability {@code number}; IllegalArgumentException if unknown. */
    public static String name(int number) {
        return TABLE.name(number);
    }

    /** The 64-bit capability mask (bit n = capability n) of known names; IllegalArgumentException for unknown ones. */
    public static long mask(Collection<String> names) {
        long mask = 0;
        if (names != null) {
            for (String name : names) {
                int n = number(name);
                if (n < 0) {
                    throw new IllegalArgumentException("unknown capability " + name);
                }
                mask |= 1L << n;
            }
        }
        return mask;
    }
}
