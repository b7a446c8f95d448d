package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.Pauser;

/** {@code jrunc pause <id>}: freezes the container's cgroup. */
public final class PauseCommand extends JruncCommand {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    protected void define(Flags f) {
        f.usage("pause suspends all processes inside the container")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container to be
                        paused.\s""")
                .description("""
                        The pause command suspends all processes in the instance of the container.

                        Use jrunc list to identify instances of containers and their current status.""");
    }

    @Override
    public int call(Context ctx) throws JruncException {
        new Pauser(ctx.runtime()).pause(id());
        return 0;
    }
}
