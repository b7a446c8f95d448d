package io.jrunc.cli;

import java.util.List;

/** {@code jrunc ps [-f table|json] <id> [ps options]}; containerd parses {@code -f json} (a pid array). */
public final class PsCommand extends PendingCommand {
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
}
