package io.jrunc.core.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The subordinate id ranges /etc/subuid or /etc/subgid delegate to a user
 * ({@code name:start:count} or {@code uid:start:count} lines, subuid(5)), which
 * newuidmap/newgidmap let that user map into a user namespace.
 */
public final class SubIds {
    /** One delegated range: host ids {@code start … start+count-1}. */
    public record Range(long start, long count) {
        public boolean covers(long first, long size) {
            return first >= start && size >= 0 && first + size <= start + count;
        }
    }

    private SubIds() {
    }

    /** The ranges of {@code file} for the user (by name or by uid); none when the file is missing. */
    public static List<Range> of(Path file, String userName, long uid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
        return parse(lines, userName, uid);
    }

    public static List<Range> parse(List<String> lines, String userName, long uid) {
        List<Range> ranges = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":");
            if (f.length != 3) {
                continue;
            }
            if (!f[0].equals(userName) && !f[0].equals(Long.toString(uid))) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1].strip());
                long count = Long.parseLong(f[2].strip());
                if (start >= 0 && count > 0) {
                    ranges.add(new Range(start, count));
                }
            } catch (NumberFormatException ignored) {
                // not a range: newuidmap skips such lines too
            }
        }
        return ranges;
    }
}
