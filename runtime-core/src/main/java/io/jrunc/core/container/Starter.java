package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.Timing;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code start}: release a created container's init by writing to its exec fifo, then run
 * the poststart hooks (a failing one kills the container, as runc does).
 */
public final class Starter {
    private static final int ENXIO = 6;
    private static final int ENOENT = 2;

    private final RuntimeContext rt;

    public Starter(RuntimeContext rt) {
        this.rt = rt;
    }

    public void start(String id) throws JruncException {
        ContainerDir dir = rt.store().load(id);
        try (ContainerDir.Lock lock = dir.lock()) {
            ContainerRecord record = Containers.record(dir);
            Status status = Containers.status(dir, record);
            switch (status) {
                case CREATED -> release(dir, record);
                case STOPPED -> throw new JruncException("cannot start a container that has stopped");
                case CREATING -> throw new JruncException("cannot start a container that is still being created");
                default -> throw new JruncException("cannot start an already running container");
            }
            Spec spec = Containers.savedConfig(dir, record);
            if (spec != null && spec.hooks() != null && spec.hooks().poststart() != null) {
                try {
                    HookRunner.run("poststart", spec.hooks().poststart(),
                            OciState.json(id, "running", record.pid(), Path.of(record.bundle()), record.annotations()));
                } catch (JruncException e) {
                    rt.kernel().get().kill(record.pid(), 9);
                    throw e;
                }
            }
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("start failed: " + e.getMessage(), e);
        }
    }

    private void release(ContainerDir dir, ContainerRecord record)
            throws JruncException, IOException, InterruptedException {
        Kernel kernel = rt.kernel().get();
        int fd;
        try {
            // O_NONBLOCK: with no init waiting on the other end this fails at once (ENXIO) instead of hanging.
            fd = kernel.open(dir.execFifo().toString(), Kernel.O_WRONLY | Kernel.O_NONBLOCK | Kernel.O_CLOEXEC, 0);
        } catch (ErrnoException e) {
            if (e.errno() == ENXIO || e.errno() == ENOENT) {
                throw new JruncException("cannot start a container that has stopped");
            }
            throw e;
        }
        try {
            kernel.writeFully(fd, "0".getBytes(StandardCharsets.US_ASCII), 0, 1);
        } finally {
            kernel.close(fd);
        }
        Files.deleteIfExists(dir.execFifo());
        Timing.mark("start");
        awaitExec(record.pid());
        Timing.mark("exec");
    }

    /**
     * Returns once the init has exec'd the user's program (or died): runc's start returns only
     * then, so poststart hooks run after the startContainer hooks and the exec, as the spec orders.
     * Until its execve the init runs from jrunc-init's sealed memfd; /proc/pid/exe tells.
     */
    private static void awaitExec(int pid) throws InterruptedException {
        Path exe = Path.of("/proc/" + pid + "/exe");
        for (int i = 0; ; i++) {
            String target;
            try {
                target = Files.readSymbolicLink(exe).toString();
            } catch (IOException e) {
                return; // gone: state will say stopped
            }
            if (!target.startsWith("/memfd:jrunc-init")) {
                return;
            }
            Thread.sleep(i < 50 ? 1 : 10);
        }
    }
}
