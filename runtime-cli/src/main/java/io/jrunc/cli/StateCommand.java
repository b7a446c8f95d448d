package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.core.state.StatusProbe;
import java.util.Optional;

/** {@code jrunc state <id>}: runc's JSON, two-space indent, no trailing newline. */
public final class StateCommand extends JruncCommand {
    @Override
    public String name() {
        return "state";
    }

    @Override
    protected void define(Flags f) {
        f.usage("output the state of a container")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is your name for the instance of the container.""")
                .description("""
                        The state command outputs current state information for the
                        instance of a container.""");
    }

    @Override
    public int call(Context ctx) throws JruncException {
        ContainerDir dir = ctx.store().load(id());
        ContainerRecord r = dir.read().orElseThrow(() -> new JruncException("container does not exist"));
        Status s = new StatusProbe().status(dir, Optional.of(r));
        ctx.out().print(GoJson.indent(StateView.of(r, s, ""), "  "));
        ctx.out().flush();
        return 0;
    }
}
