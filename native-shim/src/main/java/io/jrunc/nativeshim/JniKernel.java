package io.jrunc.nativeshim;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@link Kernel} implemented with JNI (libjrunc.so). The native functions return errno
 * values instead of throwing, and this class turns them into {@link ErrnoException}s; strings
 * cross as NUL-terminated UTF-8 byte arrays (JNI's modified UTF-8 is not what the kernel wants).
 *
 * <p>{@link #spawn} never copies the JVM: it uses clone(CLONE_VM|CLONE_VFORK) and execve, as
 * posix_spawn does, so it is safe from a multi-threaded JVM.
 */
public final class JniKernel implements Kernel {
    /** waitpid0's "still running" answer for WNOHANG. */
    private static final int NOT_EXITED = Integer.MIN_VALUE;

    public JniKernel() {
        NativeShim.load();
    }

    @Override
    public int spawn(String path, String[] argv, String[] env, int[] fds) throws ErrnoException {
        Objects.requireNonNull(path, "path");
        int[] err = new int[2];
        int pid = spawn0(cstr(path), cstrs(argv), cstrs(env), fds.clone(), err);
        if (pid < 0) {
            String step = switch (err[1]) {
                case 1 -> "spawn " + path + ": dup fds";
                case 2 -> "spawn " + path + ": clone";
                default -> "exec " + path;
            };
            throw error(step, err[0]);
        }
        return pid;
    }

    @Override
    public int[] socketpair() throws ErrnoException {
        int[] sv = new int[2];
        int e = socketpair0(sv);
        if (e != 0) {
            throw error("socketpair", e);
        }
        return sv;
    }

    @Override
    public int read(int fd, byte[] buf, int off, int len) throws ErrnoException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int n = read0(fd, buf, off, len);
        if (n < 0) {
            throw error("read", -n);
        }
        return n;
    }

    @Override
    public void writeFully(int fd, byte[] buf, int off, int len) throws ErrnoException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int e = write0(fd, buf, off, len);
        if (e != 0) {
            throw error("write", e);
        }
    }

    @Override
    public void close(int fd) {
        close0(fd);
    }

    @Override
    public int kill(int pid, int signal) {
        return kill0(pid, signal);
    }

    @Override
    public int waitpid(int pid, boolean noHang) throws ErrnoException {
        int st = waitpid0(pid, noHang);
        if (st == NOT_EXITED) {
            return -1;
        }
        if (st < 0) {
            throw error("waitpid " + pid, -st);
        }
        return st;
    }

    @Override
    public void setChildSubreaper() throws ErrnoException {
        int e = setChildSubreaper0();
        if (e != 0) {
            throw error("prctl PR_SET_CHILD_SUBREAPER", e);
        }
    }

    @Override
    public void mkfifo(String path, int mode) throws ErrnoException {
        int e = mkfifo0(cstr(path), mode);
        if (e > 0) {
            throw error("mkfifo " + path, e);
        }
        if (e < 0) {
            throw error("chmod " + path, -e);
        }
    }

    @Override
    public int open(String path, int flags, int mode) throws ErrnoException {
        int fd = open0(cstr(path), flags, mode);
        if (fd < 0) {
            throw error("open " + path, -fd);
        }
        return fd;
    }

    @Override
    public int connectUnix(String path) throws ErrnoException {
        int fd = connectUnix0(cstr(path));
        if (fd < 0) {
            throw error("connect " + path, -fd);
        }
        return fd;
    }

    @Override
    public ReceivedFd recvFd(int sock) throws ErrnoException {
        byte[] name = new byte[4096];
        int[] out = new int[2];
        int e = recvFd0(sock, name, out);
        if (e != 0) {
            throw error("receive fd", e);
        }
        return new ReceivedFd(out[0], new String(name, 0, out[1], StandardCharsets.UTF_8));
    }

    @Override
    public int[] windowSize(int fd) throws ErrnoException {
        int[] out = new int[2];
        int e = getWinsize0(fd, out);
        if (e != 0) {
            throw error("get window size", e);
        }
        return out;
    }

    @Override
    public void setWindowSize(int fd, int rows, int cols) throws ErrnoException {
        int e = setWinsize0(fd, rows, cols);
        if (e != 0) {
            throw error("set window size", e);
        }
    }

    @Override
    public boolean isatty(int fd) {
        return isatty0(fd);
    }

    @Override
    public byte[] makeRaw(int fd) throws ErrnoException {
        byte[] saved = new byte[termiosSize0()];
        int e = makeRaw0(fd, saved);
        if (e != 0) {
            throw error("set raw mode", e);
        }
        return saved;
    }

    @Override
    public void restoreTerminal(int fd, byte[] saved) throws ErrnoException {
        int e = restoreTerminal0(fd, saved);
        if (e != 0) {
            throw error("restore terminal", e);
        }
    }

    @Override
    public void sendFd(String socketPath, byte[] payload, int fd) throws ErrnoException {
        int e = sendFd0(cstr(socketPath), payload, fd);
        if (e > 0) {
            throw error("connect " + socketPath, e);
        }
        if (e < 0) {
            throw error("send to " + socketPath, -e);
        }
    }

    /** For tests (a console socket receiver): a listening AF_UNIX stream socket at {@code path}. */
    public int listenUnix(String path) throws ErrnoException {
        int fd = listenUnix0(cstr(path));
        if (fd < 0) {
            throw error("listen " + path, -fd);
        }
        return fd;
    }

    /** For tests: accept(2), close-on-exec. */
    public int accept(int fd) throws ErrnoException {
        int c = accept0(fd);
        if (c < 0) {
            throw error("accept", -c);
        }
        return c;
    }

    /** For tests: a new pty pair {master, peer} from /dev/ptmx, close-on-exec, no controlling tty. */
    public int[] openpty() throws ErrnoException {
        int[] out = new int[2];
        int e = openpty0(out);
        if (e != 0) {
            throw error("openpty", e);
        }
        return out;
    }

    @Override
    public String strerror(int errno) {
        NativeShim.load();
        return strerror0(errno);
    }

    @Override
    public void attachDeviceFilter(String cgroupDir, int[] rules) throws ErrnoException {
        int[] stage = new int[1];
        int e = attachDeviceFilter0(cstr(cgroupDir), rules, stage);
        if (e != 0) {
            String call = switch (stage[0]) {
                case 2 -> "bpf prog load (device filter, " + rules.length / 5 + " rules)";
                case 3 -> "open " + cgroupDir;
                case 4 -> "bpf prog attach " + cgroupDir;
                default -> "device filter arguments";
            };
            throw error(call, e);
        }
    }

    @Override
    public void moveLink(String name, String fromNs, String toNs, String newName, boolean up) throws ErrnoException {
        int[] stage = new int[1];
        int e = moveLink0(cstr(name), fromNs == null ? null : cstr(fromNs), cstr(toNs), cstr(newName), up, stage);
        if (e != 0) {
            String call = switch (stage[0]) {
                case 1 -> "open " + fromNs;
                case 2 -> "open " + toNs;
                case 3 -> "netlink socket in " + (fromNs == null ? "our network namespace" : fromNs);
                case 4 -> "find network device " + name;
                case 5 -> "set " + name + " down";
                case 6 -> "move " + name + " to " + toNs + " as " + newName;
                case 7 -> "netlink socket in " + toNs;
                case 8 -> "find network device " + newName + " in " + toNs;
                case 9 -> "set " + newName + " up";
                default -> "network namespace of the calling thread";
            };
            throw error(call, e);
        }
    }

    private ErrnoException error(String call, int errno) {
        return new ErrnoException(call, errno, strerror0(errno));
    }

    static byte[] cstr(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL character in " + s.replace('\0', '@'));
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static byte[][] cstrs(String[] a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = cstr(Objects.requireNonNull(a[i], "array element"));
        }
        return out;
    }

    /** Returns the pid, or -1 with err = {errno, step (1 dup, 2 clone, 3 exec)}. */
    private static native int spawn0(byte[] path, byte[][] argv, byte[][] env, int[] fds, int[] err);

    /** 0 or errno. */
    private static native int socketpair0(int[] out);

    /** Bytes read, or -errno. */
    private static native int read0(int fd, byte[] buf, int off, int len);

    /** 0 or errno. */
    private static native int write0(int fd, byte[] buf, int off, int len);

    private static native void close0(int fd);

    /** 0 or errno. */
    private static native int kill0(int pid, int signal);

    /** Raw status, NOT_EXITED, or -errno. */
    private static native int waitpid0(int pid, boolean noHang);

    /** 0 or errno. */
    private static native int setChildSubreaper0();

    /** 0, errno of mkfifo, or -errno of the chmod. */
    private static native int mkfifo0(byte[] path, int mode);

    private static native String strerror0(int errno);

    /** 0, errno of the connect, or -errno of the send; path is NUL-terminated. */
    private static native int sendFd0(byte[] path, byte[] payload, int fd);

    /** The fd, or -errno. */
    private static native int open0(byte[] path, int flags, int mode);

    /** The fd, or -errno. */
    private static native int connectUnix0(byte[] path);

    /** The fd, or -errno. */
    private static native int listenUnix0(byte[] path);

    /** The fd, or -errno. */
    private static native int accept0(int fd);

    /** 0 with out = {fd, name length}, or errno. */
    private static native int recvFd0(int sock, byte[] name, int[] out);

    /** 0 or errno. */
    private static native int getWinsize0(int fd, int[] out);

    /** 0 or errno. */
    private static native int setWinsize0(int fd, int rows, int cols);

    private static native boolean isatty0(int fd);

    private static native int termiosSize0();

    /** 0 or errno. */
    private static native int makeRaw0(int fd, byte[] saved);

    /** 0 or errno. */
    private static native int restoreTerminal0(int fd, byte[] saved);

    /** 0 with out = {master, peer}, or errno. */
    private static native int openpty0(int[] out);

    /** 0, or errno with stage[0] = 1 arguments, 2 prog load, 3 open, 4 attach. */
    private static native int moveLink0(byte[] name, byte[] fromNs, byte[] toNs, byte[] newName, boolean up,
                                        int[] stage);

    private static native int attachDeviceFilter0(byte[] dir, int[] rules, int[] stage);
}
