package io.jrunc.cli;

import io.jrunc.core.JruncException;

/** A command whose flags are all parsed but whose work is not wired yet. */
abstract class PendingCommand extends JruncCommand {
    @Override
    public int call(Context ctx) throws JruncException {
        throw notImplemented();
    }

    protected JruncException notImplemented() {
        return new JruncException(name() + ": not implemented yet");
    }
}
