package io.jrunc.spec.linux;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private static final List<String> NAMES = List.of(
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
    );
    private static final Map<String, Integer> NUMBERS;
    private static final Set<String> NAME_SET;

    static {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            m.put(NAMES.get(i), i);
        }
        NUMBERS = Map.copyOf(m);
        NAME_SET = Collections.unmodifiableSet(new LinkedHashSet<>(NAMES));
    }

    private Rlimits() {
    }

    /** All known names, in resource-number order. */
    public static Set<String> names() {
        return NAME_SET;
    }

    public static boolean isKnown(String name) {
        return name != null && NUMBERS.containsKey(name);
    }

    /** The resource number of {@code name}, or -1 if it is not a known rlimit. */
    public static int number(String name) {
        Integer n = name == null ? null : NUMBERS.get(name);
        return n == null ? -1 : n;
    }

    /** The name of resource {@code number}; IllegalArgumentException if unknown. */
    public static String name(int number) {
        if (number < 0 || number >= NAMES.size()) {
            throw new IllegalArgumentException("unknown rlimit number " + number);
        }
        return NAMES.get(number);
    }
}
