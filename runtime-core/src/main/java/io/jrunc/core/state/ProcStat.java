package io.jrunc.core.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two fields of {@code /proc/<pid>/stat} that identify a process over time: its state
 * letter (field 3) and its start time in clock ticks since boot (field 22). The command
 * name (field 2) may contain spaces and parentheses, so fields are counted after the
 * <em>last</em> ')'.
 */
public record ProcStat(char state, long startTime) {

    /** Zombie or dead: the process has exited but was not reaped (or is being reaped). */
    public boolean isGone() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Reads {@code <procRoot>/<pid>/stat}; empty when the process does not exist. */
    public static Optional<ProcStat> read(Path procRoot, int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(procRoot.resolve(Integer.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        return parse(new String(raw, StandardCharsets.ISO_8859_1));
    }

    /** Parses the text of a stat file; empty when it is malformed. */
    public static Optional<ProcStat> parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        // after ") ": field 3 is the state, then fields 4.. ; field 22 is the 20th after the state
        String[] rest = stat.substring(close + 1).trim().split(" +");
        if (rest.length < 20 || rest[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(rest[0].charAt(0), Long.parseLong(rest[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
