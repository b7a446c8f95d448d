package io.jrunc.cli;

/** {@code jrunc start <id>}: lets a created container's init exec the user process. */
public final class StartCommand extends PendingCommand {
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
}
