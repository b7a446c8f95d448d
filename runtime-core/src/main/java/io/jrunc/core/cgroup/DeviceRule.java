package io.jrunc.core.cgroup;

import java.util.Objects;

/**
 * One device cgroup rule. On v1 it is written to devices.allow / devices.deny in
 * {@link #v1String()} form; on v2 the ordered list is what the native eBPF device-filter
 * generator (native-shim, BPF_CGROUP_DEVICE program, later) consumes: the last matching rule
 * wins, as in runc's devicefilter.
 *
 * @param type   'a' (all), 'c' or 'b'
 * @param major  major number, or {@link #WILDCARD}
 * @param minor  minor number, or {@link #WILDCARD}
 * @param access a non-empty subset of "rwm", in that order
 * @param allow  allow or deny
 */
public record DeviceRule(char type, long major, long minor, String access, boolean allow) {
    public static final long WILDCARD = -1;

    public DeviceRule {
        if (type != 'a' && type != 'c' && type != 'b') {
            throw new IllegalArgumentException("invalid cgroup device type '" + type + "'");
        }
        Objects.requireNonNull(access, "access");
        StringBuilder norm = new StringBuilder();
        for (char c : new char[] {'r', 'w', 'm'}) {
            if (access.indexOf(c) >= 0) {
                norm.append(c);
            }
        }
        for (char c : access.toCharArray()) {
            if ("rwm".indexOf(c) < 0) {
                throw new IllegalArgumentException("invalid cgroup device access \"" + access + "\"");
            }
        }
        if (norm.isEmpty()) {
            throw new IllegalArgumentException("device access cannot be empty");
        }
        access = norm.toString();
    }

    public static DeviceRule allow(char type, long major, long minor, String access) {
        return new DeviceRule(type, major, minor, access, true);
    }

    /** "c 1:3 rwm", "a *:* rwm", "c 136:* rwm": the devices.allow/deny line. */
    public String v1String() {
        return type + " " + num(major) + ":" + num(minor) + " " + access;
    }

    private static String num(long n) {
        return n == WILDCARD ? "*" : Long.toString(n);
    }

    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + v1String();
    }
}
