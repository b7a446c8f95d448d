package io.jrunc.core.container;

import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording fake of the kernel: "spawning jrunc-init" returns a scripted stream of
 * frames on the sync socket, and every call is recorded so tests can assert what jrunc
 * asked the kernel to do (and to undo) without root.
 */
final class ScriptedKernel implements Kernel {
    final List<String> calls = new ArrayList<>();
    final ByteArrayOutputStream fromInit = new ByteArrayOutputStream();
    final ByteArrayOutputStream toInit = new ByteArrayOutputStream();
    private byte[] script;
    private int pos;

    ScriptedKernel frame(SyncMessage type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type.type()).putInt(payload.length).put(payload);
        fromInit.writeBytes(b.array());
        return this;
    }

    ScriptedKernel frame(SyncMessage type, String payload) {
        return frame(type, payload.getBytes());
    }

    ScriptedKernel error(int opIndex, int errno, String detail) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(opIndex).putInt(errno);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(b.array());
        p.writeBytes(detail.getBytes());
        return frame(SyncMessage.ERROR, p.toByteArray());
    }

    @Override
    public int spawn(String path, String[] argv, String[] env, int[] fds) {
        calls.add("spawn " + path + " " + String.join(" ", env) + " fds=" + fds.length);
        script = fromInit.toByteArray();
        return 4242;
    }

    @Override
    public int[] socketpair() {
        calls.add("socketpair");
        return new int[] {100, 101};
    }

    @Override
    public int read(int fd, byte[] buf, int off, int len) {
        int n = Math.min(len, script.length - pos);
        System.arraycopy(script, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public void writeFully(int fd, byte[] buf, int off, int len) {
        toInit.write(buf, off, len);
    }

    @Override
    public void close(int fd) {
        calls.add("close " + fd);
    }

    @Override
    public int kill(int pid, int signal) {
        calls.add("kill " + pid + " " + signal);
        return 0;
    }

    @Override
    public int waitpid(int pid, boolean noHang) {
        calls.add("waitpid " + pid);
        return 0;
    }

    @Override
    public void setChildSubreaper() {
        calls.add("subreaper");
    }

    @Override
    public void mkfifo(String path, int mode) throws ErrnoException {
        calls.add("mkfifo " + path + " " + Integer.toOctalString(mode));
        try {
            Files.createFile(Path.of(path));
        } catch (IOException e) {
            throw new ErrnoException("mkfifo", 17, e.getMessage());
        }
    }

    @Override
    public int open(String path, int flags, int mode) {
        calls.add("open " + path);
        return 200;
    }

    @Override
    public int connectUnix(String path) {
        calls.add("connect " + path);
        return 102;
    }

    @Override
    public ReceivedFd recvFd(int sock) {
        calls.add("recvfd " + sock);
        return new ReceivedFd(103, "/dev/pts/0");
    }

    @Override
    public int[] windowSize(int fd) {
        return new int[] {24, 80};
    }

    @Override
    public void setWindowSize(int fd, int rows, int cols) {
        calls.add("winsize " + fd + " " + rows + "x" + cols);
    }

    @Override
    public boolean isatty(int fd) {
        return false;
    }

    @Override
    public byte[] makeRaw(int fd) {
        calls.add("raw " + fd);
        return new byte[0];
    }

    @Override
    public void restoreTerminal(int fd, byte[] saved) {
        calls.add("restore " + fd);
    }

    @Override
    public void attachDeviceFilter(String cgroupDir, int[] rules) {
        calls.add("devfilter " + cgroupDir + " " + java.util.Arrays.toString(rules) + " sent=" + toInit.size());
    }

    @Override
    public String strerror(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 19 -> "No such device";
            default -> "Error " + errno;
        };
    }
}
