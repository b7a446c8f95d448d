package io.jrunc.cli;

import io.jrunc.core.JruncException;
import java.util.List;

/**
 * One runc command. A subclass holds its flags as fields, binds them in {@link #define},
 * and does its work in {@link #call}: when {@code call} runs, every field is set and the
 * argument count has been checked. A fresh instance serves one invocation.
 */
public abstract class JruncCommand {
    /** The positional arguments (for exec: the container id, then the command). */
    protected List<String> args = List.of();

    /** runc's name for the command. */
    public abstract String name();

    /** Declares flags (bound to fields), the argument count and the help texts. */
    protected abstract void define(Flags f);

    /** Does the work; returns the exit code. Failures: throw JruncException (its exit code). */
    public abstract int call(Context ctx) throws JruncException;

    public List<String> args() {
        return args;
    }

    /** The first argument, the container id for most commands. */
    protected String id() {
        return args.getFirst();
    }
}
