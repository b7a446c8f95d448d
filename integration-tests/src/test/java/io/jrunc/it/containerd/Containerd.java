package io.jrunc.it.containerd;

import io.jrunc.it.Proc;
import io.jrunc.it.ProcResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd (Debian's binary) for the tests: started without systemd from its own
 * config.toml, with root, state, the grpc/ttrpc/debug sockets and the opt plugin's directory
 * all under one directory; CRI and the snapshotters this host cannot use are disabled. It is
 * stopped by its pid. Only its shims' sockets live elsewhere (containerd-shim-runc-v2 puts them
 * in /run/containerd/s whatever the config says): {@link #shimSocket} names the one of a
 * container so that a test can check it is gone.
 */
public final class Containerd implements AutoCloseable {
    public static final Path CONTAINERD = Path.of("/usr/bin/containerd");
    public static final Path CTR = Path.of("/usr/bin/ctr");
    public static final Path SHIM = Path.of("/usr/bin/containerd-shim-runc-v2");
    /** Where containerd-shim-runc-v2 binds its sockets, whatever containerd's config says. */
    public static final Path SHIM_SOCKET_DIR = Path.of("/run/containerd/s");

    private final Path dir;
    private final Path socket;
    private final Process process;

    private Containerd(Path dir, Process process) {
        this.dir = dir;
        this.socket = dir.resolve("containerd.sock");
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(CONTAINERD) && Files.isExecutable(CTR) && Files.isExecutable(SHIM);
    }

    /**
     * Starts containerd in {@code dir} (made if missing) and waits until it answers.
     * {@code pathFirst}, when not null, is put first on the daemon's PATH, which its shims
     * inherit: a {@code runc} there is the runtime of every container that names no other.
     */
    public static Containerd start(Path dir, Path pathFirst) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.toml"), config(dir));
            ProcessBuilder pb = new ProcessBuilder(CONTAINERD.toString(), "--config", dir.resolve("config.toml").toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile());
            String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().put("PATH", pathFirst == null ? path : pathFirst + ":" + path);
            Containerd c = new Containerd(dir, pb.start());
            c.awaitReady(Duration.ofSeconds(60));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start containerd", e);
        }
    }

    static String config(Path dir) {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp",
                  "io.containerd.internal.v1.tracing"]

                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [debug]
                  address = "%1$s/debug.sock"
                [metrics]
                  address = ""
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                """.formatted(dir);
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ProcResult last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("containerd exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(socket)) {
                last = ctr(null, Duration.ofSeconds(30), "version");
                if (last.exitCode() == 0) {
                    return;
                }
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("containerd did not answer in " + timeout + "\n"
                + (last == null ? "" : last.describe()) + "\n" + log());
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return socket;
    }

    /** The bundle the shim prepares for container {@code id} (its cwd when calling the runtime). */
    public Path bundle(String ns, String id) {
        return dir.resolve("state/io.containerd.runtime.v2.task").resolve(ns).resolve(id);
    }

    /** The socket of the shim of container {@code id}: sha256(grpc address/ns/id), as containerd names it. */
    public Path shimSocket(String ns, String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((socket + "/" + ns + "/" + id).getBytes(StandardCharsets.UTF_8));
            return SHIM_SOCKET_DIR.resolve(HexFormat.of().formatHex(d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line of {@code ctr --address <ours> [--namespace ns] args…}. */
    public List<String> ctrCommand(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(CTR.toString(), "--address", socket.toString()));
        if (ns != null) {
            cmd.addAll(List.of("--namespace", ns));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    public ProcResult ctr(String ns, Duration timeout, String... args) {
        return Proc.run(ctrCommand(ns, args), dir, Map.of(), timeout);
    }

    /** containerd's own log, for failure messages. */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("containerd.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no containerd log: " + e + ")";
        }
    }

    /** Stops containerd by its pid: SIGTERM, then SIGKILL after 20 s. Its shims are not touched. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
