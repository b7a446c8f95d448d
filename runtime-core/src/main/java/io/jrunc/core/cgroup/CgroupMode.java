package io.jrunc.core.cgroup;

import java.util.List;

/**
 * How the host mounts cgroups, detected the way runc does (it statfs-es /sys/fs/cgroup and
 * /sys/fs/cgroup/unified; jrunc reads the same facts from mountinfo).
 */
public enum CgroupMode {
    /** /sys/fs/cgroup is cgroup2: one hierarchy, every controller in it. */
    UNIFIED,
    /** v1 controllers under /sys/fs/cgroup/&lt;controller&gt; plus cgroup2 at /sys/fs/cgroup/unified. */
    HYBRID,
    /** v1 only. */
    LEGACY;

    /** Mode from /proc/self/mountinfo lines. */
    public static CgroupMode detect(List<String> mountinfo) {
        boolean hybrid = false;
        for (String line : mountinfo) {
            MountinfoLine m = MountinfoLine.parse(line);
            if (m == null || !m.fstype().equals("cgroup2")) {
                continue;
            }
            if (m.mountPoint().equals("/sys/fs/cgroup")) {
                return UNIFIED;
            }
            if (m.mountPoint().equals("/sys/fs/cgroup/unified")) {
                hybrid = true;
            }
        }
        return hybrid ? HYBRID : LEGACY;
    }

    /** One parsed line of mountinfo (only the fields cgroups need). */
    record MountinfoLine(String root, String mountPoint, String fstype, String superOptions) {
        static MountinfoLine parse(String line) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || f.length < dash + 4) {
                return null;
            }
            return new MountinfoLine(unescape(f[3]), unescape(f[4]), f[dash + 1], f[dash + 3]);
        }

        /** mountinfo escapes space, tab, newline and backslash as \ooo. */
        static String unescape(String s) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length()
                        && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
