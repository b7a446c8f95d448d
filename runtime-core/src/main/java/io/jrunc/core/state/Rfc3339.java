package io.jrunc.core.state;

import java.time.Instant;
import java.time.OffsetDateTime;
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
        // by hand, not LocalDateTime: java.time's class set-up (ChronoUnit, Duration's BigIntegers,
        // IsoChronology, Year's formatter) costs a command ~10 ms
        long secs = t.getEpochSecond();
        long days = Math.floorDiv(secs, 86400);
        int sod = (int) Math.floorMod(secs, 86400);
        long[] ymd = civil(days);
        StringBuilder b = new StringBuilder(30);
        int year = (int) ymd[0];
        if (ymd[0] < 0 || ymd[0] > 9999) {
            throw new IllegalArgumentException("year outside [0,9999]: " + t);
        }
        pad(b, year, 4).append('-');
        pad(b, (int) ymd[1], 2).append('-');
        pad(b, (int) ymd[2], 2).append('T');
        pad(b, sod / 3600, 2).append(':');
        pad(b, sod / 60 % 60, 2).append(':');
        pad(b, sod % 60, 2);
        int nano = t.getNano();
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
        Instant utc = parseUtc(s);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + s, e);
        }
    }

    /**
     * The form {@link #formatNano} writes ({@code yyyy-mm-ddThh:mm:ss[.f{1,9}]Z}) without
     * java.time's formatters, which cost a light command ~10 ms to set up; null for any other
     * form (offsets, lower-case letters, leap seconds…), which the general parser handles.
     */
    private static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        int nano = 0;
        if (n > 20) {
            int len = n - 21;
            if (s.charAt(19) != '.' || len < 1 || len > 9) {
                return null;
            }
            nano = digits(s, 20, len);
            for (int k = len; k < 9; k++) {
                nano *= 10;
            }
        }
        if (year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nano < 0) {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
            return null;
        }
        long days = epochDay(year, month, day);
        return Instant.ofEpochSecond(days * 86400 + hour * 3600L + minute * 60L + second, nano);
    }

    private static int monthLength(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** {year, month, day} of a day since 1970-01-01 (civil_from_days). */
    static long[] civil(long z) {
        z += 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp + (mp < 10 ? 3 : -9);
        return new long[] {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
    }

    /** The decimal number in s[from, from+len), or -1 when a character is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int k = from; k < from + len; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
