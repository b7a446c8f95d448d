package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Rfc3339;
import io.jrunc.core.state.StateStore;
import io.jrunc.core.state.Status;
import io.jrunc.core.state.StatusProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jrunc list [-f table|json] [-q]}: the containers under --root. The owner is the
 * user owning the container's state directory ({@code #uid} when /etc/passwd does not name
 * it). Directories without a record yet (being created) are left out.
 */
public final class ListCommand extends JruncCommand {
    public String format = "table";
    public boolean quiet;

    @Override
    public String name() {
        return "list";
    }

    @Override
    protected void define(Flags f) {
        f.usage("lists containers started by jrunc with the given root")
                .exactArgs(0, """

                        Where the given root is specified via the global option "--root"
                        (default: "/run/jrunc").

                        EXAMPLE 1:
                        To list containers created via the default "--root":
                               # jrunc list

                        EXAMPLE 2:
                        To list containers created using a non-default value for "--root":
                               # jrunc --root value list""");
        f.string("format", "f", "select one of: table or json", "\"table\"", v -> format = v);
        f.bool("quiet", "q", "display only container IDs", v -> quiet = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        StateStore store = ctx.store();
        StatusProbe probe = new StatusProbe();
        Map<Integer, String> users = null;
        List<Map<String, Object>> states = new ArrayList<>();
        for (String id : store.ids()) {
            Optional<ContainerDir> dir = store.find(id);
            if (dir.isEmpty()) {
                continue;
            }
            Optional<ContainerRecord> rec;
            try {
                rec = dir.get().read();
            } catch (JruncException e) {
                org.slf4j.LoggerFactory.getLogger(ListCommand.class).warn("load container {}: {}", id, e.getMessage());
                continue;
            }
            if (rec.isEmpty()) {
                continue;
            }
            if (users == null) {
                users = passwd();
            }
            Status s = probe.status(dir.get(), rec);
            states.add(StateView.of(rec.get(), s, owner(dir.get().path(), users)));
        }
        StringBuilder out = new StringBuilder();
        if (quiet) {
            for (Map<String, Object> s : states) {
                out.append(s.get("id")).append('\n');
            }
        } else {
            switch (format) {
                case "table" -> {
                    TabWriter w = new TabWriter(12, 3);
                    w.row("ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
                    for (Map<String, Object> s : states) {
                        w.row((String) s.get("id"), String.valueOf(s.get("pid")), (String) s.get("status"),
                                (String) s.get("bundle"), (String) s.get("created"), (String) s.get("owner"));
                    }
                    out.append(w.render());
                }
                case "json" -> out.append(states.isEmpty() ? "null" : GoJson.compact(states)).append('\n');
                default -> throw new JruncException("invalid format option");
            }
        }
        ctx.out().print(out);
        ctx.out().flush();
        return 0;
    }

    private static String owner(Path dir, Map<Integer, String> users) {
        try {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            String name = users.get(uid);
            return name != null ? name : "#" + uid;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    /** uid → user name from /etc/passwd (the first entry wins, as getpwuid). */
    static Map<Integer, String> passwd() {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !f[0].isEmpty() && !f[0].startsWith("#")) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line
                    }
                }
            }
        } catch (IOException ignored) {
            // no names: owners print as #uid
        }
        return m;
    }
}
