package io.jrunc.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command with stdin from /dev/null, a timeout, and its output captured. */
public final class Proc {
    private Proc() {}

    public static ProcResult run(List<String> command, Path cwd, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (env != null) {
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out, all);
        Thread te = pump(p.getErrorStream(), err, all);
        boolean timedOut = false;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            // a detached container may keep our pipes open: do not wait for EOF for ever
            to.join(Duration.ofSeconds(2));
            te.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        int code = p.isAlive() ? -1 : p.exitValue();
        synchronized (all) {
            return new ProcResult(List.copyOf(command), code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), all.toString(StandardCharsets.UTF_8), timedOut);
        }
    }

    public static ProcResult run(List<String> command, Duration timeout) {
        return run(command, null, null, timeout);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream own, ByteArrayOutputStream all) {
        return Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (all) {
                        own.write(buf, 0, n);
                        all.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process went away or the stream was closed: keep what arrived
            }
        });
    }

    /** Convenience for shell helpers in tests and fixtures. */
    public static ProcResult sh(String script, Duration timeout) {
        return run(new ArrayList<>(List.of("/bin/sh", "-c", script)), timeout);
    }
}
