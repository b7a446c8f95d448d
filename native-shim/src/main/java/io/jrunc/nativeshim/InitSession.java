package io.jrunc.nativeshim;

import io.jrunc.core.plan.Plan;
import io.jrunc.core.plan.PlanCodec;
import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * J's side of one jrunc-init run (docs/plan-format.md): spawn it with the right fds, send
 * the plan, then read what comes back as typed {@link Event}s.
 *
 * <p>Typical use by the lifecycle code:
 * <pre>{@code
 * try (InitSession s = InitSession.start(kernel, NativeShim.initPath(), stdio, preserved)) {
 *     s.sendPlan(plan);
 *     for (;;) {
 *         switch (s.next()) {
 *             case InitSession.Pid p -> remember p.pid() (S1, the container's init, host pid)
 *             case InitSession.Sync y -> do the host-side work for y.name(), then s.sendContinue(stateJson)
 *             case InitSession.Ready r -> success: everything before READY is done
 *             case InitSession.Failed f -> f.opIndex() names the op; kill S1, clean up
 *             case InitSession.Eof e -> jrunc-init died without saying why (or exec'd after READY)
 *         }
 *     }
 * }
 * }</pre>
 * S0 (the spawned process, {@link #initPid()}) exits by itself after the CLONE op: reap it with
 * {@link #waitInit()}; S1 is re-parented to the nearest subreaper (J should call
 * {@link Kernel#setChildSubreaper()} first). Not thread-safe: one thread drives a session.
 */
public final class InitSession implements AutoCloseable {
    /** What jrunc-init sent, in order. */
    public sealed interface Event permits Pid, Sync, Ready, Failed, Eof {
    }

    /** S0 cloned S1; {@code pid} is S1's pid in J's pid namespace. */
    public record Pid(int pid) implements Event {
    }

    /** S1 reached the plan's SYNC op {@code name} and waits for {@link #sendContinue}. */
    public record Sync(String name) implements Event {
    }

    /** S1 ran every op before READY. */
    public record Ready() implements Event {
    }

    /**
     * An op failed; the sender exits 1 (127 for EXEC).
     *
     * @param opIndex index into the plan, or -1 for a failure not tied to an op
     * @param errno   the errno, or 0 when {@code detail} says it all
     * @param detail  lowercase text without strerror (may be empty): show it as
     *                {@code description[: detail][: strerror(errno)]}
     */
    public record Failed(int opIndex, int errno, String detail) implements Event {
    }

    /** The socket closed: every holder exited or exec'd (the sync fd is close-on-exec). */
    public record Eof() implements Event {
    }

    /** Frames larger than this are refused (a plan or state is far smaller). */
    private static final int MAX_FRAME = 64 << 20;
    private static final int EPROTO = 71;

    private final Kernel kernel;
    private final int pid;
    private int fd;

    private InitSession(Kernel kernel, int pid, int fd) {
        this.kernel = kernel;
        this.pid = pid;
        this.fd = fd;
    }

    /**
     * Spawns jrunc-init.
     *
     * @param init      path of jrunc-init ({@link NativeShim#initPath()})
     * @param stdio     three parent fds for the container's 0, 1, 2; -1 inherits J's own
     * @param preserved parent fds that become 3, 4, … in the container (--preserve-fds, LISTEN_FDS)
     */
    public static InitSession start(Kernel kernel, Path init, int[] stdio, int[] preserved) throws ErrnoException {
        Objects.requireNonNull(kernel, "kernel");
        if (stdio.length != 3) {
            throw new IllegalArgumentException("stdio needs exactly 3 fds");
        }
        int[] sv = kernel.socketpair();
        int syncFd = 3 + preserved.length;
        int[] fds = Arrays.copyOf(stdio, syncFd + 1);
        System.arraycopy(preserved, 0, fds, 3, preserved.length);
        fds[syncFd] = sv[1];
        int child;
        try {
            child = kernel.spawn(init.toString(), new String[] {"jrunc-init"},
                    new String[] {"_JRUNC_SYNC_FD=" + syncFd}, fds);
        } catch (ErrnoException e) {
            kernel.close(sv[0]);
            throw e;
        } finally {
            kernel.close(sv[1]);
        }
        return new InitSession(kernel, child, sv[0]);
    }

    /** S0's pid (the spawned jrunc-init). */
    public int initPid() {
        return pid;
    }

    public void sendPlan(Plan plan) throws ErrnoException {
        send(SyncMessage.PLAN, PlanCodec.encode(plan));
    }

    /** Answers a {@link Sync}; {@code state} is the stdin of the HOOK ops that follow. */
    public void sendContinue(byte[] state) throws ErrnoException {
        send(SyncMessage.CONTINUE, state);
    }

    public void send(SyncMessage type, byte[] payload) throws ErrnoException {
        byte[] frame = new byte[8 + payload.length];
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(type.type()).putInt(payload.length);
        System.arraycopy(payload, 0, frame, 8, payload.length);
        kernel.writeFully(fd, frame, 0, frame.length);
    }

    /** Blocks for the next frame. After {@link Eof} every further call returns Eof again. */
    public Event next() throws ErrnoException {
        byte[] hdr = new byte[8];
        if (!readFully(hdr, true)) {
            return new Eof();
        }
        ByteBuffer h = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getInt();
        int len = h.getInt();
        if (len < 0 || len > MAX_FRAME) {
            throw new ErrnoException("sync frame of " + Integer.toUnsignedString(len) + " bytes", EPROTO,
                    kernel.strerror(EPROTO));
        }
        byte[] payload = new byte[len];
        readFully(payload, false);
        SyncMessage m;
        try {
            m = SyncMessage.of(type);
        } catch (IllegalArgumentException e) {
            throw new ErrnoException("sync message type " + type, EPROTO, kernel.strerror(EPROTO));
        }
        return switch (m) {
            case PID -> new Pid(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)));
            case SYNC -> new Sync(new String(payload, StandardCharsets.UTF_8));
            case READY -> new Ready();
            case ERROR -> failed(payload);
            case PLAN, CONTINUE, SECCOMP_DONE, SECCOMP_FD -> throw new ErrnoException("unexpected " + m + " from jrunc-init", EPROTO,
                    kernel.strerror(EPROTO));
        };
    }

    /** waitpid on S0; returns the raw wait status (see {@link Kernel#exitCode}). */
    public int waitInit() throws ErrnoException {
        return kernel.waitpid(pid, false);
    }

    /** Closes J's end of the sync socket (S1 sees EOF/EPIPE from then on). */
    @Override
    public void close() {
        if (fd >= 0) {
            kernel.close(fd);
            fd = -1;
        }
    }

    private static Failed failed(byte[] p) {
        if (p.length < 8) {
            return new Failed(-1, 0, "malformed error frame");
        }
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        return new Failed(b.getInt(), b.getInt(), new String(p, 8, p.length - 8, StandardCharsets.UTF_8));
    }

    /** False on EOF before the first byte when allowed; a partial frame is an error. */
    private boolean readFully(byte[] buf, boolean eofOk) throws ErrnoException {
        if (fd < 0) {
            if (eofOk) {
                return false;
            }
            throw new ErrnoException("read sync socket", 9, kernel.strerror(9));
        }
        int got = 0;
        while (got < buf.length) {
            int n = kernel.read(fd, buf, got, buf.length - got);
            if (n == 0) {
                if (got == 0 && eofOk) {
                    return false;
                }
                throw new ErrnoException("truncated sync frame", EPROTO, kernel.strerror(EPROTO));
            }
            got += n;
        }
        return true;
    }
}
