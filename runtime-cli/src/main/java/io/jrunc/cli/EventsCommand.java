package io.jrunc.cli;

/** {@code jrunc events [--interval 5s] [--stats] <id>} */
public final class EventsCommand extends PendingCommand {
    /** a Go duration, e.g. 5s, 100ms, 1m30s */
    public String interval = "5s";
    public boolean stats;

    @Override
    public String name() {
        return "events";
    }

    @Override
    protected void define(Flags f) {
        f.usage("display container events such as OOM notifications, cpu, memory, and IO usage statistics")
                .exactArgs(1, Texts.ID_SHORT)
                .description("""
                        The events command displays information about the container. By default the
                        information is displayed once every 5 seconds.""");
        f.string("interval", null, "set the stats collection interval", "5s", v -> interval = v);
        f.bool("stats", null, "display the container's stats then exit", v -> stats = v);
    }
}
