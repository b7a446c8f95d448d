package io.jrunc.cli;

import io.jrunc.core.JruncException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration ("5s", "1m30s", "1.5h", "300ms"), as runc's duration flags take them. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d*(?:\\.\\d*)?)([a-zµμ]+)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    static Duration parse(String s) throws JruncException {
        String q = "\"" + s + "\"";
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw new JruncException("time: invalid duration " + q);
        }
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = PART.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                if (body.substring(at).matches("[\\d.]+")) {
                    throw new JruncException("time: missing unit in duration " + q);
                }
                throw new JruncException("time: invalid duration " + q);
            }
            Long unit = NANOS.get(m.group(2));
            if (unit == null) {
                throw new JruncException("time: unknown unit \"" + m.group(2) + "\" in duration " + q);
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        long nanos = total.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }
}
