package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.ProcessLister;
import java.util.List;
import java.util.stream.Collectors;

/** {@code jrunc ps [-f table|json] <id> [ps options]}; containerd parses {@code -f json} (a pid array). */
public final class PsCommand extends JruncCommand {
    public String format = "table";

    @Override
    public String name() {
        return "ps";
    }

    /** Arguments for ps(1), after the container id. */
    public List<String> psArgs() {
        return args.subList(1, args.size());
    }

    @Override
    protected void define(Flags f) {
        f.usage("ps displays the processes running inside a container")
                .argRange(1, -1, "<container-id> [ps options]")
                .stopAtPositional();
        f.string("format", "f", "select one of: table or json", "\"table\"", v -> format = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        List<Integer> pids = new ProcessLister(ctx.runtime()).pids(id());
        String out = switch (format) {
            // Go's json.Encoder: a nil slice is null; containerd parses this from stdout+stderr
            case "json" -> pids.isEmpty() ? "null\n"
                    : pids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]\n"));
            case "table" -> ProcessLister.table(pids, psArgs());
            default -> throw new JruncException("invalid format option");
        };
        ctx.out().print(out);
        ctx.out().flush();
        return 0;
    }
}
