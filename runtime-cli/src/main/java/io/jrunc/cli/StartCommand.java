package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.Starter;

/** {@code jrunc start <id>}: lets a created container's init exec the user process. */
public final class StartCommand extends JruncCommand {
    @Override
    public String name() {
        return "start";
    }

    @Override
    protected void define(Flags f) {
        f.usage("executes the user defined process in a created container")
                .exactArgs(1, Texts.ID_NEW)
                .description("The start command executes the user defined process in a created container.");
    }

    @Override
    public int call(Context ctx) throws JruncException {
        new Starter(ctx.runtime()).start(id());
        return 0;
    }
}
