package io.jrunc.cli;

/**
 * Hidden {@code jrunc init}: runc's internal re-exec entry. jrunc's container init is the
 * native jrunc-init executable (native-shim), so this only exists for command-line parity.
 */
public final class InitCommand extends PendingCommand {
    @Override
    public String name() {
        return "init";
    }

    @Override
    protected void define(Flags f) {
        f.usage("initialize the namespaces and launch the process (do not call it outside of jrunc)")
                .hidden()
                .stopAtPositional();
    }
}
