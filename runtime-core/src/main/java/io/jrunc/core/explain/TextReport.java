package io.jrunc.core.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The human form of a dry run: a header, then one block per non-empty section, one line per
 * step in aligned columns: step number, action, target, the config.json field
 * the step comes from (the same field a failure of that step names), then the details.
 */
public final class TextReport {
    /** A longer cell shifts its own line only, instead of widening every line of the section. */
    private static final int MAX_COLUMN = 40;

    private TextReport() {
    }

    public static String render(PlanReport r) {
        StringBuilder b = new StringBuilder();
        PlanReport.Container c = r.container();
        b.append("Dry run of container ").append(c.id()).append(": nothing was created, mounted or started.\n");
        b.append("  bundle     ").append(c.bundle()).append('\n');
        b.append("  rootfs     ").append(c.rootfs()).append('\n');
        b.append("  state dir  ").append(c.stateDir()).append(" (not created)\n");
        b.append("  exec fifo  ").append(c.execFifo()).append('\n');
        b.append("  plan       ").append(r.steps())
                .append(" steps for jrunc-init (#N); lines without #N are done by jrunc itself\n");
        for (Map.Entry<Section, List<Entry>> s : r.sections().entrySet()) {
            if (!s.getValue().isEmpty()) {
                b.append('\n').append(s.getKey().title()).append('\n');
                table(b, s.getValue());
            }
        }
        PlanReport.Exec e = r.exec();
        b.append("\nFinal execve\n");
        b.append("  argv  ").append(words(e.argv())).append('\n');
        b.append("  cwd   ").append(e.cwd()).append('\n');
        b.append("  user  ").append(e.uid()).append(':').append(e.gid());
        if (!e.additionalGids().isEmpty()) {
            b.append(" groups ").append(e.additionalGids().stream().map(String::valueOf).toList());
        }
        b.append('\n');
        for (String v : e.env()) {
            b.append("  env   ").append(v).append('\n');
        }
        if (!r.notes().isEmpty()) {
            b.append("\nNot in the plan\n");
            for (String n : r.notes()) {
                b.append("  ").append(n).append('\n');
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, List<Entry> entries) {
        List<String[]> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(new String[] {e.step() == null ? "-" : "#" + e.step(), e.action(), e.target(),
                    e.source() == null ? "" : e.source(), details(e)});
        }
        // the details come last: they vary most, and a long one then shifts nothing after it
        int[] w = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], Math.min(row[i].length(), MAX_COLUMN));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < 4; i++) {
                line.append(row[i]).append(" ".repeat(Math.max(1, w[i] - row[i].length() + 2)));
            }
            line.append(row[4]);
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** key=value pairs; empty values are left out, lists are comma-joined (argv and env as words). */
    static String details(Entry e) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            Object v = f.getValue();
            String text;
            if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    continue;
                }
                text = f.getKey().equals("argv") || f.getKey().equals("args") || f.getKey().equals("env")
                        || f.getKey().equals("content") ? words(l) : String.join(",", l.stream().map(String::valueOf).toList());
            } else {
                text = String.valueOf(v);
                if (text.isEmpty()) {
                    continue;
                }
            }
            parts.add(f.getKey() + "=" + text);
        }
        return String.join(" ", parts);
    }

    /** Words as a shell would need them: quoted when empty or holding blanks or quotes. */
    static String words(List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            String s = String.valueOf(o);
            out.add(s.isEmpty() || s.matches(".*[\\s\"'\\\\].*")
                    ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s);
        }
        return "[" + String.join(" ", out) + "]";
    }
}
