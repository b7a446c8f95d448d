package io.jrunc.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JniKernelTest {
    static final int ENOENT = 2, ESRCH = 3, EPIPE = 32;
    final JniKernel k = new JniKernel();

    /** Everything until EOF. */
    static String drain(Kernel k, int fd) throws ErrnoException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = k.read(fd, buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String link(int fd) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    @Test
    void socketpairRoundTripAndEof() throws Exception {
        int[] sv = k.socketpair();
        try {
            assertThat(sv[0]).isNotEqualTo(sv[1]);
            byte[] msg = "hello, init".getBytes(StandardCharsets.UTF_8);
            k.writeFully(sv[0], msg, 0, msg.length);
            byte[] buf = new byte[64];
            int n = k.read(sv[1], buf, 2, 20);
            assertThat(new String(buf, 2, n, StandardCharsets.UTF_8)).isEqualTo("hello, init");
            k.close(sv[0]);
            assertThat(k.read(sv[1], buf, 0, buf.length)).isZero();
        } finally {
            k.close(sv[1]);
        }
    }

    @Test
    void socketpairIsCloseOnExec() throws Exception {
        int[] sv = k.socketpair();
        try {
            String flags = Files.readString(Path.of("/proc/self/fdinfo/" + sv[0]));
            // flags: octal, O_CLOEXEC = 02000000
            String octal = flags.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().split("\\s+")[1];
            assertThat(Long.parseLong(octal, 8) & 02000000L).isNotZero();
        } finally {
            k.close(sv[0]);
            k.close(sv[1]);
        }
    }

    @Test
    void writeToClosedPeerIsEpipeNotSigpipe() throws Exception {
        int[] sv = k.socketpair();
        k.close(sv[1]);
        try {
            assertThatThrownBy(() -> k.writeFully(sv[0], new byte[10], 0, 10))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(EPIPE));
        } finally {
            k.close(sv[0]);
        }
    }

    @Test
    void spawnGivesExactlyTheMappedFds() throws Exception {
        int[] out = k.socketpair();
        int[] extra = k.socketpair();
        try {
            int pid = k.spawn("/bin/sh", new String[] {"sh", "-c", "ls /proc/$$/fd; echo via3 >&3; exit 0"},
                    new String[] {"PATH=/usr/bin:/bin"}, new int[] {-1, out[1], out[1], extra[1]});
            k.close(out[1]);
            k.close(extra[1]);
            String listing = drain(k, out[0]);
            assertThat(Kernel.exitCode(k.waitpid(pid, false))).isZero();
            // the JVM has dozens of fds open: none of them may reach the child
            assertThat(listing.trim().split("\\s+")).containsExactly("0", "1", "2", "3");
            assertThat(drain(k, extra[0])).isEqualTo("via3\n");
        } finally {
            k.close(out[0]);
            k.close(extra[0]);
        }
    }

    @Test
    void spawnSwapsFdsWithoutClobbering() throws Exception {
        // targets that are also sources: a naive dup2 in order would copy the same fd twice
        int[] a = k.socketpair();
        int[] b = k.socketpair();
        int[] out = k.socketpair();
        try {
            int fa = a[1], fb = b[1];
            int[] fds = new int[Math.max(fa, fb) + 1];
            Arrays.fill(fds, -1);
            fds[1] = out[1];
            fds[fa] = fb;
            fds[fb] = fa;
            int pid = k.spawn("/bin/sh",
                    new String[] {"sh", "-c", "readlink /proc/$$/fd/" + fa + " /proc/$$/fd/" + fb},
                    new String[0], fds);
            k.close(out[1]);
            List<String> lines = drain(k, out[0]).lines().toList();
            assertThat(Kernel.exitCode(k.waitpid(pid, false))).isZero();
            assertThat(lines).containsExactly(link(fb), link(fa));
            assertThat(link(fa)).isNotEqualTo(link(fb));
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1], out[0]}) {
                k.close(fd);
            }
        }
    }

    @Test
    void spawnUsesExactlyTheGivenEnvironment() throws Exception {
        int[] out = k.socketpair();
        try {
            int pid = k.spawn("/usr/bin/env", new String[] {"env"}, new String[] {"A=1", "B=two words"},
                    new int[] {-1, out[1], -1});
            k.close(out[1]);
            assertThat(drain(k, out[0])).isEqualTo("A=1\nB=two words\n");
            assertThat(Kernel.exitCode(k.waitpid(pid, false))).isZero();
        } finally {
            k.close(out[0]);
        }
    }

    @Test
    void spawnResetsSignalMaskAndDispositions() throws Exception {
        int[] out = k.socketpair();
        try {
            int pid = k.spawn("/bin/sh", new String[] {"sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"},
                    new String[0], new int[] {-1, out[1], -1});
            k.close(out[1]);
            String status = drain(k, out[0]);
            k.waitpid(pid, false);
            assertThat(status).contains("SigBlk:\t0000000000000000").contains("SigIgn:\t0000000000000000");
        } finally {
            k.close(out[0]);
        }
    }

    @Test
    void spawnOfMissingBinaryReportsExecErrno() {
        assertThatThrownBy(() -> k.spawn("/nonexistent/prog", new String[] {"prog"}, new String[0], new int[] {-1, -1, -1}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(ENOENT);
                    assertThat(e).hasMessage("exec /nonexistent/prog: no such file or directory");
                });
    }

    @Test
    void waitpidDecodesExitAndSignal() throws Exception {
        int pid = k.spawn("/bin/sh", new String[] {"sh", "-c", "exit 3"}, new String[0], new int[] {-1, -1, -1});
        assertThat(Kernel.exitCode(k.waitpid(pid, false))).isEqualTo(3);

        int sleeper = k.spawn("/bin/sleep", new String[] {"sleep", "30"}, new String[0], new int[] {-1, -1, -1});
        assertThat(k.waitpid(sleeper, true)).isEqualTo(-1);
        assertThat(k.kill(sleeper, 9)).isZero();
        assertThat(Kernel.exitCode(k.waitpid(sleeper, false))).isEqualTo(128 + 9);
    }

    @Test
    void killOfReapedProcessIsEsrch() throws Exception {
        int pid = k.spawn("/bin/true", new String[] {"true"}, new String[0], new int[] {-1, -1, -1});
        k.waitpid(pid, false);
        assertThat(k.kill(pid, 0)).isEqualTo(ESRCH);
        assertThatThrownBy(() -> k.waitpid(pid, false)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void mkfifoHasExactModeDespiteUmask(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("exec.fifo");
        k.mkfifo(fifo.toString(), 0622);
        int mode = (Integer) Files.getAttribute(fifo, "unix:mode");
        assertThat(mode & 0170000).isEqualTo(0010000); // S_IFIFO
        assertThat(mode & 07777).isEqualTo(0622);
        assertThatThrownBy(() -> k.mkfifo(fifo.toString(), 0600))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(17));
    }

    @Test
    void strerrorText() {
        assertThat(k.strerror(1)).isEqualTo("Operation not permitted");
        assertThat(k.strerror(ENOENT)).isEqualTo("No such file or directory");
    }
}
