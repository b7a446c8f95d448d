package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.Timing;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final RuntimeContext rt;

    public Runner(RuntimeContext rt) {
        this.rt = rt;
    }

    public int run(CreateRequest req, boolean detach, boolean keep) throws JruncException {
        Creator.Created created = new Creator(rt).create(req, !detach);
        ConsoleRelay relay = created.console();
        Kernel kernel = rt.kernel().get();
        if (!detach) {
            // before start: the container may react to its first signal before start returns
            forwardSignals(kernel, created.pid());
        }
        try {
            if (relay != null) {
                relay.start(); // the pty is ready before the process runs: size and raw mode first
            }
            new Starter(rt).start(req.id());
        } catch (JruncException | ErrnoException e) {
            if (relay != null) {
                relay.close();
            }
            cleanup(req.id());
            throw e instanceof JruncException j ? j : new JruncException(e.getMessage(), e);
        }
        if (detach) {
            return 0;
        }
        int pid = created.pid();
        int status;
        try {
            status = kernel.waitpid(pid, false);
        } catch (ErrnoException e) {
            throw new JruncException("waiting for the container: " + e.getMessage());
        } finally {
            if (relay != null) {
                relay.finish();
            }
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

    static void forwardSignals(Kernel kernel, int pid) {
        SignalForwarder.install(kernel).target(pid);
    }
}
