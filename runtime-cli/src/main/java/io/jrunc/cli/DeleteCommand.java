package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.Deleter;

/**
 * {@code jrunc delete [-f] <id>}: a stopped container is removed, a created one killed first, a
 * running one only with --force; a missing container with --force is success (containerd's
 * clean-up relies on it); a directory without a record (an aborted create) is removed.
 */
public final class DeleteCommand extends JruncCommand {
    public boolean force;

    @Override
    public String name() {
        return "delete";
    }

    @Override
    protected void define(Flags f) {
        f.usage("delete any resources held by the container often used with detached container")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container.

                        EXAMPLE:
                        For example, if the container id is "ubuntu01" and jrunc list currently shows the
                        status of "ubuntu01" as "stopped" the following will delete resources held for
                        "ubuntu01" removing "ubuntu01" from the jrunc list of containers:

                               # jrunc delete ubuntu01""");
        f.bool("force", "f", "Forcibly deletes the container if it is still running (uses SIGKILL)",
                v -> force = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        new Deleter(ctx.runtime()).delete(id(), force);
        return 0;
    }
}
