package io.jrunc.cli;

import io.jrunc.core.container.Killer;
import io.jrunc.core.JruncException;

/** {@code jrunc kill [-a] <id> [signal]}: signal defaults to SIGTERM; 9, KILL, SIGKILL, sigkill… */
public final class KillCommand extends JruncCommand {
    /** runc ≥1.2: obsolete; only stops "container not running" from being an error. */
    public boolean all;

    @Override
    public String name() {
        return "kill";
    }

    /** The signal argument as given, "SIGTERM" when absent. */
    public String signalArg() {
        return args.size() > 1 ? args.get(1) : "SIGTERM";
    }

    @Override
    protected void define(Flags f) {
        f.usage("kill sends the specified signal (default: SIGTERM) to the container's init process")
                .argRange(1, 2, """
                        <container-id> [signal]

                        Where "<container-id>" is the name for the instance of the container and
                        "[signal]" is the signal to be sent to the init process.

                        EXAMPLE:
                        For example, if the container id is "ubuntu01" the following will send a "KILL"
                        signal to the init process of the "ubuntu01" container:

                               # jrunc kill ubuntu01 KILL""")
                .stopAtPositional();
        f.hiddenBool("all", "a", "(obsoleted, do not use)", v -> all = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        // runc's order: the container must exist before the signal is looked at
        ctx.store().load(id()).read().orElseThrow(() -> new JruncException("container does not exist"));
        int signal = Signals.parse(signalArg());
        new Killer(ctx.runtime()).kill(id(), signal, all);
        return 0;
    }
}
