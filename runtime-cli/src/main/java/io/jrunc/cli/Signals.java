package io.jrunc.cli;

import io.jrunc.core.JruncException;
import java.util.Locale;
import java.util.Map;

/** Signal arguments as runc's kill reads them: a number, or a name with or without SIG, any case. */
public final class Signals {
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGILL", 4),
            Map.entry("SIGTRAP", 5), Map.entry("SIGABRT", 6), Map.entry("SIGIOT", 6), Map.entry("SIGBUS", 7),
            Map.entry("SIGFPE", 8), Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGSEGV", 11),
            Map.entry("SIGUSR2", 12), Map.entry("SIGPIPE", 13), Map.entry("SIGALRM", 14), Map.entry("SIGTERM", 15),
            Map.entry("SIGSTKFLT", 16), Map.entry("SIGCHLD", 17), Map.entry("SIGCLD", 17), Map.entry("SIGCONT", 18),
            Map.entry("SIGSTOP", 19), Map.entry("SIGTSTP", 20), Map.entry("SIGTTIN", 21), Map.entry("SIGTTOU", 22),
            Map.entry("SIGURG", 23), Map.entry("SIGXCPU", 24), Map.entry("SIGXFSZ", 25), Map.entry("SIGVTALRM", 26),
            Map.entry("SIGPROF", 27), Map.entry("SIGWINCH", 28), Map.entry("SIGIO", 29), Map.entry("SIGPOLL", 29),
            Map.entry("SIGPWR", 30), Map.entry("SIGSYS", 31));

    private Signals() {
    }

    /** "9", "KILL", "SIGKILL", "sigkill" → 9; unknown → {@code unknown signal "X"}. */
    public static int parse(String raw) throws JruncException {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            // a name
        }
        String sig = raw.toUpperCase(Locale.ROOT);
        if (!sig.startsWith("SIG")) {
            sig = "SIG" + sig;
        }
        Integer n = BY_NAME.get(sig);
        if (n == null) {
            throw new JruncException("unknown signal \"" + raw + "\"");
        }
        return n;
    }
}
