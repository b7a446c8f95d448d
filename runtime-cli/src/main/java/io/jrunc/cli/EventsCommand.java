package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.EventStream;
import java.time.Duration;

/** {@code jrunc events [--interval 5s] [--stats] <id>} */
public final class EventsCommand extends JruncCommand {
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

    @Override
    public int call(Context ctx) throws JruncException {
        Duration every;
        try {
            every = GoDuration.parse(interval);
        } catch (JruncException e) {
            throw new JruncException("invalid value \"" + interval + "\" for flag -interval: " + e.getMessage());
        }
        if (every.isNegative() || every.isZero()) {
            throw new JruncException("duration interval must be greater than 0");
        }
        EventStream events = new EventStream(ctx.runtime());
        if (stats) {
            ctx.out().print(events.statsOnce(id()) + "\n");
        } else {
            events.stream(id(), every, line -> {
                ctx.out().print(line + "\n");
                ctx.out().flush();
            });
        }
        ctx.out().flush();
        return 0;
    }
}
