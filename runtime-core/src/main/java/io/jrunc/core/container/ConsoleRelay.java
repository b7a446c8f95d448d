package io.jrunc.core.container;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * A terminal in the foreground ({@code run} or {@code exec -t} without a console socket):
 * jrunc is its own console socket. jrunc-init gets one end of a socketpair and sends the pty
 * master through it; we then copy our stdin to the pty and the pty to our stdout, with our
 * terminal (if stdin is one) in raw mode so keys reach the container as typed, and keep the
 * pty's window size equal to ours, initially and on every SIGWINCH.
 */
public final class ConsoleRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRelay.class);

    private final Kernel kernel;
    private int local;
    private int remote;
    private volatile int master = -1;
    private byte[] savedTerminal;
    private Thread out;

    private ConsoleRelay(Kernel kernel, int[] pair) {
        this.kernel = kernel;
        this.local = pair[0];
        this.remote = pair[1];
    }

    static ConsoleRelay open(Kernel kernel) throws ErrnoException {
        return new ConsoleRelay(kernel, kernel.socketpair());
    }

    /** The end jrunc-init sends the master through. */
    int remote() {
        return remote;
    }

    /** Once jrunc-init has its copy. */
    void closeRemote() {
        if (remote >= 0) {
            kernel.close(remote);
            remote = -1;
        }
    }

    /** After the process is ready: take the master (already sent) and start relaying. */
    void start() throws ErrnoException {
        Kernel.ReceivedFd m = kernel.recvFd(local);
        kernel.close(local);
        local = -1;
        master = m.fd();
        resize();
        try {
            Signal.handle(new Signal("WINCH"), s -> resize());
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot follow SIGWINCH: {}", e.getMessage());
        }
        if (kernel.isatty(0)) {
            savedTerminal = kernel.makeRaw(0);
        }
        Thread.ofPlatform().daemon().name("tty-in").start(() -> copy(0, master));
        out = Thread.ofPlatform().daemon().name("tty-out").start(() -> copy(master, 1));
    }

    private void resize() {
        int m = master;
        Process.Box size = ourSize();
        if (m >= 0 && size != null) {
            try {
                kernel.setWindowSize(m, (int) size.height(), (int) size.width());
            } catch (ErrnoException e) {
                LOG.debug("resize the console: {}", e.getMessage());
            }
        }
    }

    /** The size of our terminal (the first of stdin, stdout, stderr that is one), or null. */
    Process.Box ourSize() {
        for (int fd = 0; fd <= 2; fd++) {
            if (kernel.isatty(fd)) {
                try {
                    int[] size = kernel.windowSize(fd);
                    return new Process.Box(size[0], size[1]);
                } catch (ErrnoException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Copies until EOF, or EIO: the pty's last peer fd was closed. */
    private void copy(int from, int to) {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = kernel.read(from, buf, 0, buf.length)) > 0) {
                kernel.writeFully(to, buf, 0, n);
            }
        } catch (ErrnoException e) {
            // EIO from the master when the process and everything that shared its tty are gone
        }
    }

    /** After the process exited: the rest of its output, then our terminal as it was. */
    void finish() {
        if (out != null) {
            try {
                // processes the container started in the background may hold the pty open
                out.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public void close() {
        if (savedTerminal != null) {
            try {
                kernel.restoreTerminal(0, savedTerminal);
            } catch (ErrnoException e) {
                LOG.warn("restoring the terminal: {}", e.getMessage());
            }
            savedTerminal = null;
        }
        closeRemote();
        if (local >= 0) {
            kernel.close(local);
            local = -1;
        }
    }
}
