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

    /**
     * The rule as the native device-filter builder reads it (Kernel.attachDeviceFilter): type
     * 0 any / 1 block / 2 char (BPF_DEVCG_DEV_*), major, minor (-1 = any), access bits
     * (BPF_DEVCG_ACC_MKNOD 1, READ 2, WRITE 4), allow.
     */
    public int[] bpfInts() {
        int t = switch (type) {
            case 'b' -> 1;
            case 'c' -> 2;
            default -> 0;
        };
        int acc = (access.indexOf('m') >= 0 ? 1 : 0) | (access.indexOf('r') >= 0 ? 2 : 0)
                | (access.indexOf('w') >= 0 ? 4 : 0);
        return new int[] {t, (int) major, (int) minor, acc, allow ? 1 : 0};
    }

    /** The whole ordered list for Kernel.attachDeviceFilter. */
    public static int[] bpfInts(java.util.List<DeviceRule> rules) {
        int[] out = new int[rules.size() * 5];
        for (int i = 0; i < rules.size(); i++) {
            System.arraycopy(rules.get(i).bpfInts(), 0, out, i * 5, 5);
        }
        return out;
    }
}
