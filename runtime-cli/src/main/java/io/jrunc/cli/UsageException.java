package io.jrunc.cli;

/**
 * A command line jrunc cannot accept. Reported as runc does: "Incorrect Usage." and the
 * command's help on stdout, then the message as the error line; exit 1.
 */
public class UsageException extends Exception {
    private final boolean inHeader;

    /** A bad flag: the message also goes into the "Incorrect Usage: …" header, as urfave/cli does. */
    public UsageException(String message) {
        this(message, true);
    }

    UsageException(String message, boolean inHeader) {
        super(message);
        this.inHeader = inHeader;
    }

    /** Wrong number of arguments: {@code jrunc: "create" requires exactly 1 argument(s)}. */
    static UsageException argCount(String argv0, String command, String how, int n) {
        return new UsageException(argv0 + ": \"" + command + "\" requires " + how + " " + n + " argument(s)", false);
    }

    boolean inHeader() {
        return inHeader;
    }
}
