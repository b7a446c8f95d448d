package io.jrunc.core.container;

import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * jrunc's end of the sync socket to jrunc-init: length-prefixed frames as described in
 * docs/plan-format.md. Blocking, one frame at a time.
 */
final class InitChannel implements AutoCloseable {
    /** One frame from jrunc-init. */
    record Frame(SyncMessage type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Kernel kernel;
    private int fd;

    InitChannel(Kernel kernel, int fd) {
        this.kernel = kernel;
        this.fd = fd;
    }

    void send(SyncMessage type, byte[] payload) throws ErrnoException {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type.type()).putInt(payload.length).put(payload);
        kernel.writeFully(fd, b.array(), 0, b.capacity());
    }

    /** The next frame, or null at EOF (jrunc-init exited). */
    Frame receive() throws IOException {
        byte[] header = new byte[8];
        if (!readFully(header, true)) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getInt();
        int len = h.getInt();
        if (len < 0 || len > (16 << 20)) {
            throw new IOException("bad frame from jrunc-init (length " + len + ")");
        }
        byte[] payload = new byte[len];
        readFully(payload, false);
        return new Frame(SyncMessage.of(type), payload);
    }

    /** The fd jrunc-init sends right after a SECCOMP_FD frame (one byte with SCM_RIGHTS: the byte reads as the name). */
    int receiveFd() throws ErrnoException {
        return kernel.recvFd(fd).fd();
    }

    private boolean readFully(byte[] buf, boolean eofOk) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = kernel.read(fd, buf, off, buf.length - off);
            if (n == 0) {
                if (off == 0 && eofOk) {
                    return false;
                }
                throw new EOFException("jrunc-init closed the sync socket mid-frame");
            }
            off += n;
        }
        return true;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            kernel.close(fd);
            fd = -1;
        }
    }
}
