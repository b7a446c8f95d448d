package io.jrunc.core.cgroup;

/**
 * runc's value conversions between the OCI (cgroup v1 shaped) resources and cgroup v2
 * (opencontainers/cgroups utils.go). Unsigned Go values are Java longs read as unsigned.
 */
public final class Convert {
    private Convert() {
    }

    /**
     * cpu.shares [2, 262144] → cpu.weight [1, 10000], 0 = unset. Current runc (cgroups
     * v0.0.5, runc PR #4785) uses a quadratic in log2 that maps 2 → 1, 1024 → 100 (both
     * defaults) and 262144 → 10000: {@code ceil(10^((l² + 125 l)/612 − 7/34))}, l = log2(shares).
     * (Older runc used the linear 1 + (shares − 2)·9999/262142, which maps 1024 to 39.)
     */
    public static long cpuSharesToWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        if (Long.compareUnsigned(shares, 2) <= 0) {
            return 1;
        }
        if (Long.compareUnsigned(shares, 262144) >= 0) {
            return 10000;
        }
        double l = goLog2(shares);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (long) Math.ceil(StrictMath.pow(10, exponent));
    }

    /** Go's math.Log2: exact for powers of two, else log(frac)/ln2 + exp from frexp. */
    static double goLog2(double x) {
        int exp = Math.getExponent(x) + 1;
        double frac = Math.scalb(x, -exp);
        if (frac == 0.5) {
            return exp - 1;
        }
        return StrictMath.log(frac) * (1 / 0.693147180559945309417232121458176568) + exp;
    }

    /** blkio.weight [10, 1000] → io.weight [1, 10000]: 1 + (w − 10)·9999/990 (uint64 math), 0 = unset. */
    public static long blkioWeightToIoWeight(int weight) {
        if (weight == 0) {
            return 0;
        }
        long w = weight & 0xFFFFL;
        return 1 + Long.divideUnsigned((w - 10) * 9999, 990);
    }

    /**
     * OCI memory.swap is memory+swap; v2 memory.swap.max is swap alone. Returns the v2 value
     * (-1 = "max", 0 = unset) or fails with runc's messages.
     */
    public static long memorySwapToV2(long memorySwap, long memory) throws CgroupException {
        if (memory == -1 && memorySwap == 0) {
            return -1;
        }
        if (memorySwap == -1 || memorySwap == 0) {
            return memorySwap;
        }
        if (memory == -1) {
            return memorySwap;
        }
        if (memory == 0) {
            throw new CgroupException("cgroup: unable to set swap limit without memory limit");
        }
        if (memory < 0) {
            throw new CgroupException("cgroup: invalid memory value: " + memory);
        }
        if (memorySwap < memory) {
            throw new CgroupException("cgroup: memory+swap limit should be >= memory limit");
        }
        return memorySwap - memory;
    }

    /** v2 .max/.low/.high values: 0 → "" (do not write), -1 → "max", else the number. */
    public static String numToStr(long value) {
        if (value == 0) {
            return "";
        }
        if (value == -1) {
            return "max";
        }
        return Long.toString(value);
    }

    /** Parses a cgroup number; "max" is 2^64-1 (as runc's GetCgroupParamUint), negative is 0. */
    public static long parseUint(String s) throws CgroupException {
        String t = s.strip();
        if (t.equals("max")) {
            return -1L; // unsigned max
        }
        try {
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            try {
                long v = Long.parseLong(t);
                if (v < 0) {
                    return 0;
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
            throw new CgroupException("cgroup: cannot parse \"" + t + "\" as a number");
        }
    }

    /** Value of 0/null as "unset", as in runc's configs.Resources. */
    static long nz(Long v) {
        return v == null ? 0 : v;
    }

    static int nz(Integer v) {
        return v == null ? 0 : v;
    }
}
