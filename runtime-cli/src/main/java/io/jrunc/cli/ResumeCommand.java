package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.Pauser;

/** {@code jrunc resume <id>}: thaws the container's cgroup. */
public final class ResumeCommand extends JruncCommand {
    @Override
    public String name() {
        return "resume";
    }

    @Override
    protected void define(Flags f) {
        f.usage("resumes all processes that have been previously paused")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container to be
                        resumed.""")
                .description("""
                        The resume command resumes all processes in the instance of the container.

                        Use jrunc list to identify instances of containers and their current status.""");
    }

    @Override
    public int call(Context ctx) throws JruncException {
        new Pauser(ctx.runtime()).resume(id());
        return 0;
    }
}
