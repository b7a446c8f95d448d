package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.nativeshim.JniKernel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Terminals: the console socket contract (create, exec -d) and the foreground relay (run, exec -t). */
class TerminalIT extends JruncTestBase {
    private final JniKernel kernel = ItEnv.kernel();

    /** Everything read from fd until {@code expected} appears (or EOF/EIO, or the time is up). */
    String readUntil(int fd, String expected) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while (!got.toString(StandardCharsets.UTF_8).contains(expected) && (n = kernel.read(fd, buf, 0, buf.length)) > 0) {
                    synchronized (got) {
                        got.write(buf, 0, n);
                    }
                }
            } catch (ErrnoException e) {
                // EIO: the other side is gone
            }
        });
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // report what arrived
        }
        synchronized (got) {
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    void write(int fd, String s) throws ErrnoException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        kernel.writeFully(fd, b, 0, b.length);
    }

    /** A console socket receiver as containerd's: listens, accepts after jrunc returned, takes exactly one fd. */
    final class Receiver implements AutoCloseable {
        final Path path = tmp.resolve("console.sock");
        final int listener = kernel.listenUnix(path.toString());

        Receiver() throws ErrnoException {
        }

        Kernel.ReceivedFd receive() throws ErrnoException {
            int conn = kernel.accept(listener);
            try {
                return kernel.recvFd(conn); // fails unless exactly one fd came with a short name
            } finally {
                kernel.close(conn);
            }
        }

        @Override
        public void close() {
            kernel.close(listener);
        }
    }

    @Test
    void createSendsExactlyOneMasterWhosePtyShowsTheContainersOutput() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode p = (ObjectNode) c.get("process");
            p.put("terminal", true);
            p.putObject("consoleSize").put("height", 25).put("width", 99);
        }, "sh", "-c", "tty; stty size; echo hello from the pty; read x; echo got $x; exit 6");
        String id = newId();
        try (Receiver rx = new Receiver()) {
            ProcResult create = jrunc("create", "--bundle", b.toString(), "--console-socket", rx.path.toString(), id);
            assertThat(create.exitCode()).as(create.describe()).isZero();
            Kernel.ReceivedFd master = rx.receive();
            try {
                assertThat(master.name()).isEqualTo("/dev/pts/0");
                assertThat(jrunc("start", id).exitCode()).isZero();
                String out = readUntil(master.fd(), "hello from the pty");
                assertThat(out).contains("/dev/pts/0\r\n", "25 99\r\n", "hello from the pty\r\n");
                write(master.fd(), "typed\r");
                assertThat(readUntil(master.fd(), "got typed")).contains("got typed");
            } finally {
                kernel.close(master.fd());
            }
        } finally {
            jrunc("delete", "--force", id);
        }
    }

    @Test
    void detachedExecWithATerminalUsesTheContainersDevpts() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "600");
        String id = newId();
        assertThat(jrunc("run", "-d", "--bundle", b.toString(), id).exitCode()).isZero();
        try (Receiver rx = new Receiver()) {
            ProcResult exec = jrunc("exec", "-d", "-t", "--console-socket", rx.path.toString(), id, "sh", "-c",
                    "tty; ls /dev/pts; echo exec-done; sleep 5");
            assertThat(exec.exitCode()).as(exec.describe()).isZero();
            Kernel.ReceivedFd master = rx.receive();
            try {
                String out = readUntil(master.fd(), "exec-done");
                assertThat(out).contains("/dev/pts/0\r\n", "exec-done");
                assertThat(master.name()).isEqualTo("/dev/pts/0");
            } finally {
                kernel.close(master.fd());
            }
        } finally {
            jrunc("delete", "--force", id);
        }
    }

    @Test
    void terminalErrorsAreRuncs() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("process")).put("terminal", true), "true");
        ProcResult create = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderr()).contains("cannot allocate tty if jrunc will detach without setting console socket");
        Path plain = bundle(Bundles.Rootfs.BUSYBOX, "true");
        ProcResult sock = jrunc("run", "--console-socket", tmp.resolve("s").toString(), "--bundle", plain.toString(),
                newId());
        assertThat(sock.exitCode()).isEqualTo(1);
        assertThat(sock.stderr()).contains("cannot use console socket if jrunc will not detach or allocate tty");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    /** jrunc on a pty of ours, as in an interactive shell: raw relay, window size initially and on SIGWINCH. */
    @Test
    void foregroundRunRelaysAPtyAndFollowsTheWindowSize() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("process")).put("terminal", true),
                "sh", "-c", "tty; stty size; echo ready; read line; echo got:$line; "
                        + "while [ \"$(stty size)\" != '40 100' ]; do sleep 0.1; done; echo resized; exit 4");
        String id = newId();
        int[] pty = kernel.openpty();
        kernel.setWindowSize(pty[0], 33, 77);
        int pid = spawnOn(pty[1], "run", "--bundle", b.toString(), id);
        kernel.close(pty[1]);
        try {
            String first = readUntil(pty[0], "ready");
            assertThat(first).contains("/dev/pts/0\r\n", "33 77\r\n", "ready");
            write(pty[0], "hi there\r");
            assertThat(readUntil(pty[0], "got:")).contains("got:hi there\r\n");
            kernel.setWindowSize(pty[0], 40, 100);
            kernel.kill(pid, 28); // SIGWINCH, as the kernel sends it to the terminal's foreground group
            assertThat(readUntil(pty[0], "resized")).as("the new size reached the container").contains("resized");
            assertThat(Kernel.exitCode(kernel.waitpid(pid, false))).isEqualTo(4);
        } finally {
            reap(pid);
            kernel.close(pty[0]);
            jrunc("delete", "--force", id);
        }
    }

    private void reap(int pid) {
        kernel.kill(pid, 9);
        try {
            kernel.waitpid(pid, false);
        } catch (ErrnoException ignored) {
            // already reaped
        }
    }

    @Test
    void foregroundExecWithTtyGivesAShellOnAPty() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "600");
        String id = newId();
        assertThat(jrunc("run", "-d", "--bundle", b.toString(), id).exitCode()).isZero();
        int[] pty = kernel.openpty();
        kernel.setWindowSize(pty[0], 21, 61);
        int pid = spawnOn(pty[1], "exec", "-t", id, "sh");
        kernel.close(pty[1]);
        try {
            write(pty[0], "tty; stty size; echo $((6*7)); exit 3\r");
            String out = readUntil(pty[0], "exit-never-printed");
            assertThat(out).contains("/dev/pts/0\r\n", "21 61\r\n", "42\r\n");
            assertThat(Kernel.exitCode(kernel.waitpid(pid, false))).isEqualTo(3);
        } finally {
            reap(pid);
            kernel.close(pty[0]);
            jrunc("delete", "--force", id);
        }
    }

    @Test
    void scriptRunsAnInteractiveContainer() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("process")).put("terminal", true),
                "sh", "-c", "tty; test -t 0 && echo stdin-is-a-tty; exit 3");
        ProcResult r = Proc.run(List.of("script", "-qec", ItEnv.jrunc() + " --root " + root + " run --bundle " + b + " "
                + newId(), "/dev/null"), tmp, null, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout()).contains("/dev/pts/0", "stdin-is-a-tty");
    }

    /** Starts the launcher with fds 0-2 on the given pty peer; returns its pid (our child). */
    private int spawnOn(int peer, String... args) throws ErrnoException {
        List<String> argv = new ArrayList<>(List.of("jrunc", "--root", root.toString()));
        argv.addAll(List.of(args));
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        return kernel.spawn(ItEnv.jrunc().toString(), argv.toArray(String[]::new), env.toArray(String[]::new),
                new int[] {peer, peer, peer});
    }
}
