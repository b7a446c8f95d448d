package io.jrunc.core.sys;

/**
 * The few system calls the JVM itself makes. Everything that happens inside a container
 * is done by jrunc-init from a plan; this interface is what is left for the JVM process:
 * spawning jrunc-init with exactly the fds it needs, talking to it over a socket, and
 * signalling and reaping processes. native-shim implements it with JNI; tests use fakes.
 *
 * <p>Methods throw {@link ErrnoException} on failure unless they say otherwise.
 */
public interface Kernel {
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    /**
     * Starts {@code path} as a new process (vfork+execve, never a copy of the JVM).
     *
     * @param fds {@code fds[i]} is the parent fd that becomes fd {@code i} in the child, or
     *            -1 for "inherit fd i as it is" (only meaningful for 0–2). The child gets
     *            exactly fds {@code 0 .. fds.length-1}; every other fd is closed.
     * @return the child's pid
     */
    int spawn(String path, String[] argv, String[] env, int[] fds) throws ErrnoException;

    /** An AF_UNIX SOCK_STREAM socketpair, both ends close-on-exec. */
    int[] socketpair() throws ErrnoException;

    /** read(2); returns 0 at EOF. Retries EINTR. */
    int read(int fd, byte[] buf, int off, int len) throws ErrnoException;

    /** Writes all of it (MSG_NOSIGNAL on sockets, no SIGPIPE). */
    void writeFully(int fd, byte[] buf, int off, int len) throws ErrnoException;

    void close(int fd);

    /** kill(2): returns 0, or the errno (ESRCH when the process is gone). */
    int kill(int pid, int signal);

    /**
     * waitpid(2).
     *
     * @return the raw wait status, or -1 when {@code noHang} and the child has not exited
     */
    int waitpid(int pid, boolean noHang) throws ErrnoException;

    /** prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants come back to us to be reaped. */
    void setChildSubreaper() throws ErrnoException;

    /** mkfifo(2) with exactly {@code mode} (umask does not apply). */
    void mkfifo(String path, int mode) throws ErrnoException;

    /** open(2) with these flags; the fd is the caller's to close. */
    int open(String path, int flags, int mode) throws ErrnoException;

    /** connect(2) to the AF_UNIX stream socket at {@code path}; the fd is close-on-exec. */
    int connectUnix(String path) throws ErrnoException;

    /** An fd received over a unix socket with the message's data (the console socket's pty name). */
    record ReceivedFd(int fd, String name) {
    }

    /**
     * Receives one message that carries exactly one fd (SCM_RIGHTS) and a name shorter than
     * 4096 bytes, the console socket contract; any other shape fails with EPROTO.
     */
    ReceivedFd recvFd(int sock) throws ErrnoException;

    /** TIOCGWINSZ: {rows, cols}. */
    int[] windowSize(int fd) throws ErrnoException;

    /** TIOCSWINSZ. */
    void setWindowSize(int fd, int rows, int cols) throws ErrnoException;

    boolean isatty(int fd);

    /** Puts a terminal into raw mode; returns the old settings for {@link #restoreTerminal}. */
    byte[] makeRaw(int fd) throws ErrnoException;

    void restoreTerminal(int fd, byte[] saved) throws ErrnoException;

    /**
     * Connects to the AF_UNIX stream socket at {@code socketPath} and sends {@code payload}
     * with {@code fd} attached (SCM_RIGHTS) in one sendmsg, then closes the connection:
     * runc's hand-over of a seccomp listener to its agent.
     */
    default void sendFd(String socketPath, byte[] payload, int fd) throws ErrnoException {
        throw new UnsupportedOperationException("sendFd");
    }

    /** strerror(3) text for errno, e.g. "Operation not permitted". */
    String strerror(int errno);

    /**
     * cgroup v2: builds a BPF_PROG_TYPE_CGROUP_DEVICE program from {@code rules} (5 ints per
     * rule: type 0 any / 1 block / 2 char, major, minor (-1 = any), access bits mknod 1 /
     * read 2 / write 4, allow 0/1; the last matching rule wins, none matching denies) and
     * attaches it to the cgroup directory with BPF_F_ALLOW_MULTI.
     */
    default void attachDeviceFilter(String cgroupDir, int[] rules) throws ErrnoException {
        throw new ErrnoException("bpf", 38, "Function not implemented"); // ENOSYS: a kernel binding without it
    }

    /** Decodes a wait status the way a shell does: exit code, or 128+signal. */
    static int exitCode(int waitStatus) {
        int sig = waitStatus & 0x7F;
        if (sig == 0) {
            return (waitStatus >> 8) & 0xFF;
        }
        return 128 + sig;
    }

    /**
     * linux.netDevices: moves network interface {@code name} from the network namespace at
     * {@code fromNs} (null: the caller's) into the one at {@code toNs}, renamed {@code newName}
     * in the same request; it is set down first and, when {@code up}, up again in its new namespace.
     */
    default void moveLink(String name, String fromNs, String toNs, String newName, boolean up) throws ErrnoException {
        throw new ErrnoException("netlink", 38, "Function not implemented"); // ENOSYS: a kernel binding without it
    }
}
