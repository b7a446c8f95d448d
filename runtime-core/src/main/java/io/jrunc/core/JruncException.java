package io.jrunc.core;

/**
 * A failure the user sees as one line on stderr (and in --log), with the process exit
 * code runc would use: 1 for command errors, 255 when exec fails.
 */
public class JruncException extends Exception {
    private final int exitCode;

    public JruncException(String message) {
        this(message, 1, null);
    }

    public JruncException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public JruncException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
