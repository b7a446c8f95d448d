package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.spec.LinuxResources;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * runc update's per-resource flags turned into the LinuxResources they stand for. Values
 * come as the user typed them (null = flag not given); parse errors are runc's:
 * {@code invalid value for memory: invalid size: 'x'}.
 */
public record ResourceFlags(Integer blkioWeight, String cpuPeriod, String cpuQuota, String cpuBurst, String cpuShare,
                            String cpuRtPeriod, String cpuRtRuntime, String cpusetCpus, String cpusetMems,
                            String memory, String memoryReservation, String memorySwap, String cpuIdle,
                            Integer pidsLimit) {

    /** go-units RAMInBytes: a decimal number, then an optional binary unit k/m/g/t/p with optional i and b. */
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    public LinuxResources toResources() throws JruncException {
        LinuxResources.Memory mem = new LinuxResources.Memory(memory("memory", memory),
                memory("memory-reservation", memoryReservation), memory("memory-swap", memorySwap),
                null, null, null, null, null, null);
        LinuxResources.Cpu cpu = new LinuxResources.Cpu(unsigned("cpu-share", cpuShare), signed("cpu-quota", cpuQuota),
                unsigned("cpu-burst", cpuBurst), unsigned("cpu-period", cpuPeriod), signed("cpu-rt-runtime", cpuRtRuntime),
                unsigned("cpu-rt-period", cpuRtPeriod), empty(cpusetCpus), empty(cpusetMems), signed("cpu-idle", cpuIdle));
        LinuxResources.BlockIO blkio = blkioWeight == null || blkioWeight == 0 ? null
                : new LinuxResources.BlockIO(blkioWeight & 0xffff, null, null, null, null, null, null);
        LinuxResources.Pids pids = pidsLimit == null || pidsLimit == 0 ? null
                : new LinuxResources.Pids(pidsLimit.longValue());
        return new LinuxResources(null, mem, cpu, pids, blkio, null, null, null, null);
    }

    /** go-units RAMInBytes (1k = 1024), with runc's "-1" for unlimited. */
    public static long ramInBytes(String s) throws JruncException {
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new JruncException("invalid size: '" + s + "'");
        }
        BigDecimal n;
        try {
            n = new BigDecimal(m.group(1));
        } catch (NumberFormatException e) {
            throw new JruncException("invalid size: '" + s + "'"); // "1.2.3" passes the pattern, as in go-units
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return n.multiply(BigDecimal.valueOf(1L << shift)).longValue();
    }

    private static Long memory(String flag, String v) throws JruncException {
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.equals("-1")) {
            return -1L;
        }
        try {
            return ramInBytes(v);
        } catch (JruncException e) {
            throw new JruncException("invalid value for " + flag + ": " + e.getMessage());
        }
    }

    private static Long unsigned(String flag, String v) throws JruncException {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            if (v.startsWith("+") || v.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new JruncException("invalid value for " + flag + ": strconv.ParseUint: parsing " + goQuote(v) + ": "
                    + (v.matches("\\d+") ? "value out of range" : "invalid syntax"));
        }
    }

    private static Long signed(String flag, String v) throws JruncException {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new JruncException("invalid value for " + flag + ": strconv.ParseInt: parsing " + goQuote(v) + ": "
                    + (v.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax"));
        }
    }

    private static String empty(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
