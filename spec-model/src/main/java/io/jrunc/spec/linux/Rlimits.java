package io.jrunc.spec.linux;

import java.util.List;
import java.util.Set;

/**
 * POSIX rlimit names (RLIMIT_…) and their resource numbers as in the generic Linux
 * asm-generic/resource.h (x86, arm, arm64, riscv, s390, ppc — not mips/sparc/alpha, whose
 * RLIMIT_NOFILE/AS/NPROC/RSS differ).
 */
public final class Rlimits {
    /** RLIM_INFINITY (2^64-1) as the unsigned long the model holds. */
    public static final long INFINITY = -1L;

    /** Index = resource number. */
    private static final NumberedNames TABLE = new NumberedNames("rlimit", List.of(
            "RLIMIT_CPU",        // 0
            "RLIMIT_FSIZE",      // 1
            "RLIMIT_DATA",       // 2
            "RLIMIT_STACK",      // 3
            "RLIMIT_CORE",       // 4
            "RLIMIT_RSS",        // 5
            "RLIMIT_NPROC",      // 6
            "RLIMIT_NOFILE",     // 7
            "RLIMIT_MEMLOCK",    // 8
            "RLIMIT_AS",         // 9
            "RLIMIT_LOCKS",      // 10
            "RLIMIT_SIGPENDING", // 11
            "RLIMIT_MSGQUEUE",   // 12
            "RLIMIT_NICE",       // 13
            "RLIMIT_RTPRIO",     // 14
            "RLIMIT_RTTIME"      // 15
    ));
    private Rlimits() {
    }

    /** All known names, in resource-number order. */
    public static Set<String> names() {
        return TABLE.names();
    }

    public static boolean isKnown(String name) {
        return TABLE.isKnown(name);
    }

    /** The resource number of {@code name}, or -1 if it is not a known rlimit. */
    public static int number(String name) {
        return TABLE.number(name);
    }

    /** The name of resource {@code number}; IllegalArgumentException if unknown. */
    public static String name(int number) {
        return TABLE.name(number);
    }
}
