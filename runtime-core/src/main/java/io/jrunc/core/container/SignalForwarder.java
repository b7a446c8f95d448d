package io.jrunc.core.container;

import io.jrunc.core.sys.Kernel;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * Forwards the signals a foreground jrunc gets to the process it runs. Installed before
 * the process exists, so a signal that arrives while it is being started is not lost
 * (nor kills the JVM): it is held and delivered once the pid is known.
 */
final class SignalForwarder {
    /** Everything a user may send us that the process should get instead (not CHLD, WINCH, URG). */
    static final List<String> FORWARDED = List.of("HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "ALRM",
            "CONT", "TSTP", "TTIN", "TTOU", "PIPE", "PWR", "SYS", "XCPU", "XFSZ", "VTALRM", "PROF", "IO");

    private final Kernel kernel;
    private final List<Integer> pending = new ArrayList<>();
    private int pid;

    private SignalForwarder(Kernel kernel) {
        this.kernel = kernel;
    }

    static SignalForwarder install(Kernel kernel) {
        SignalForwarder f = new SignalForwarder(kernel);
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), s -> f.deliver(s.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (e.g. QUIT for thread dumps): it cannot be forwarded
            }
        }
        return f;
    }

    private synchronized void deliver(int signal) {
        if (pid > 0) {
            kernel.kill(pid, signal);
        } else {
            pending.add(signal);
        }
    }

    synchronized void target(int newPid) {
        pid = newPid;
        pending.forEach(s -> kernel.kill(newPid, s));
        pending.clear();
    }
}
