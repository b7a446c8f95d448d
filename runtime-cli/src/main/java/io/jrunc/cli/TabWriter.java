package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as {@code runc list} uses it ({@code NewWriter(out, 12, 1, 3, ' ', 0)}):
 * every tab-terminated cell is padded with spaces to max(minwidth, widest cell + padding)
 * of its column; the last cell of a line is written as it is.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    void row(String... cells) {
        lines.add(cells);
    }

    String render() {
        int cols = 0;
        for (String[] l : lines) {
            cols = Math.max(cols, l.length);
        }
        int[] width = new int[cols];
        for (String[] l : lines) {
            for (int i = 0; i < l.length - 1; i++) {
                width[i] = Math.max(width[i], Math.max(minWidth, len(l[i]) + padding));
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                b.append(l[i]);
                if (i < l.length - 1) {
                    b.append(" ".repeat(width[i] - len(l[i])));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static int len(String s) {
        return s.codePointCount(0, s.length());
    }
}
