package io.jrunc.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** /proc/self/mountinfo as the few columns check needs. */
record MountTable(List<Entry> entries) {
    record Entry(String mountPoint, String fstype, String superOptions) {
    }

    static MountTable parse(List<String> mountinfo) {
        List<Entry> out = new ArrayList<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 5 || f.length < dash + 4) {
                continue;
            }
            out.add(new Entry(unescape(f[4]), f[dash + 1], f[dash + 3]));
        }
        return new MountTable(out);
    }

    /** The mount a path lives on: the last (topmost) mount whose point is the path or a parent of it. */
    Optional<Entry> mountOf(String path) {
        Entry best = null;
        for (Entry e : entries) {
            String p = e.mountPoint();
            boolean covers = p.equals("/") || path.equals(p) || path.startsWith(p + "/");
            if (covers && (best == null || p.length() >= best.mountPoint().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    Optional<Entry> firstOfType(String fstype) {
        return entries.stream().filter(e -> e.fstype().equals(fstype)).findFirst();
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
