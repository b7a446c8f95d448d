package io.jrunc.it;

import java.util.List;

/**
 * What one command did: its exit code, its stdout and stderr apart, and both interleaved in the
 * order they arrived ({@code combined}, what containerd sees when it reads them together).
 */
public record ProcResult(List<String> command, int exitCode, String stdout, String stderr, String combined,
        boolean timedOut) {

    /** A readable account for assertion messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\nexit: " + (timedOut ? "TIMED OUT" : exitCode)
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr + "\n---";
    }

    /** stdout split into lines, without the trailing empty one. */
    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }
}
