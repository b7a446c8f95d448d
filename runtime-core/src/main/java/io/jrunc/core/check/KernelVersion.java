package io.jrunc.core.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel release (6.18.44-fc-v669) reduced to the numbers feature tables compare. */
public record KernelVersion(int major, int minor, int patch) {
    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** 0.0.0 when the release cannot be read: every "since" check then fails, which is the safe side. */
    public static KernelVersion parse(String release) {
        Matcher m = NUMBERS.matcher(release == null ? "" : release.strip());
        if (!m.find()) {
            return new KernelVersion(0, 0, 0);
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
