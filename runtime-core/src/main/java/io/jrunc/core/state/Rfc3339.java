package io.jrunc.core.state;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Go's {@code time.RFC3339Nano} in UTC, as runc prints {@code created}: fractional seconds
 * with trailing zeros removed (none at all when they are zero), then "Z". Written by hand:
 * java.time's formatters cost start-up time that a light command does not need.
 */
public final class Rfc3339 {
    private Rfc3339() {
    }

    /** e.g. 2022-02-19T00:12:45.41305Z, 2022-02-19T00:12:45Z */
    public static String formatNano(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year outside [0,9999]: " + t);
        }
        pad(b, year, 4).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        pad(b, d.getDayOfMonth(), 2).append('T');
        pad(b, d.getHour(), 2).append(':');
        pad(b, d.getMinute(), 2).append(':');
        pad(b, d.getSecond(), 2);
        int nano = d.getNano();
        if (nano != 0) {
            String digits = Integer.toString(nano + 1_000_000_000).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        return b.append('Z').toString();
    }

    /** Go's plain {@code time.RFC3339} in UTC (whole seconds), as logrus stamps log lines. */
    public static String formatSeconds(Instant t) {
        return formatNano(Instant.ofEpochSecond(t.getEpochSecond()));
    }

    /** Parses any RFC 3339 timestamp (fraction optional, "Z" or an offset). */
    public static Instant parse(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + s, e);
        }
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
