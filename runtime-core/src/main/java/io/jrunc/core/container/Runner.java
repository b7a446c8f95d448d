package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.Timing;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code run}: create and start; in the foreground wait for the container's init,
 * forwarding signals to it, and exit with its status (128+n when killed by signal n),
 * then delete it unless {@code --keep}.
 */
public final class Runner {
    /** Made when first needed (only to warn): the first logger initialises logback, ~50 ms of start-up. */
    private static Logger log() {
        return LoggerFactory.getLogger(Runner.class);
    }
    /** Everything a user may send us that the container should get instead (not CHLD, WINCH, URG). */
    private static final List<String> FORWARDED = List.of("HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "ALRM",
            "CONT", "TSTP", "TTIN", "TTOU", "PIPE", "PWR", "SYS", "XCPU", "XFSZ", "VTALRM", "PROF", "IO");

    private final RuntimeContext rt;

    public Runner(RuntimeContext rt) {
        this.rt = rt;
    }

    public int run(CreateRequest req, boolean detach, boolean keep) throws JruncException {
        Creator.Created created = new Creator(rt).create(req);
        Kernel kernel = rt.kernel().get();
        int pid = created.pid();
        if (!detach) {
            // before start: a signal that arrives while start waits for the exec is the container's too
            forwardSignals(kernel, pid);
        }
        try {
            new Starter(rt).start(req.id());
        } catch (JruncException e) {
            cleanup(req.id());
            throw e;
        }
        if (detach) {
            return 0;
        }
        int status;
        try {
            status = kernel.waitpid(pid, false);
        } catch (ErrnoException e) {
            throw new JruncException("waiting for the container: " + e.getMessage());
        }
        Timing.mark("wait");
        if (!keep) {
            cleanup(req.id());
            Timing.mark("delete");
        }
        return Kernel.exitCode(status);
    }

    private void cleanup(String id) {
        try {
            new Deleter(rt).delete(id, true);
        } catch (JruncException e) {
            log().warn("cleaning up container {}: {}", id, e.getMessage());
        }
    }

    private static void forwardSignals(Kernel kernel, int pid) {
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), s -> kernel.kill(pid, s.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (e.g. QUIT for thread dumps): it cannot be forwarded
            }
        }
    }
}
