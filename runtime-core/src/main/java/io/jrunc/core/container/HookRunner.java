package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.spec.Hooks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the hooks that execute in jrunc's own namespaces (prestart, createRuntime,
 * poststart, poststop) with the OCI state on stdin, the hook's env only, and its timeout.
 * The hook's output is captured and becomes part of the error, as runc does.
 */
final class HookRunner {
    private HookRunner() {
    }

    static void run(String kind, List<Hooks.Hook> hooks, String stateJson) throws JruncException {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            runOne(kind + "[" + i + "]", hooks.get(i), stateJson);
        }
    }

    private static void runOne(String name, Hooks.Hook h, String stateJson) throws JruncException {
        List<String> cmd = new ArrayList<>();
        cmd.add(h.path());
        // argv[0] is always the path here: ProcessBuilder cannot set it separately.
        if (h.args() != null && h.args().size() > 1) {
            cmd.addAll(h.args().subList(1, h.args().size()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        if (h.env() != null) {
            for (String e : h.env()) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new JruncException("error running " + name + " hook " + h.path() + ": " + e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = Thread.ofPlatform().daemon().start(() -> copy(p.getInputStream(), output));
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(stateJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // a hook that does not read its stdin is fine
        }
        try {
            boolean done = h.timeout() == null ? p.waitFor() >= Integer.MIN_VALUE
                    : p.waitFor(h.timeout(), TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
                throw new JruncException("error running " + name + " hook " + h.path() + ": timed out after "
                        + h.timeout() + "s");
            }
            drain.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new JruncException("interrupted while running " + name + " hook");
        }
        if (p.exitValue() != 0) {
            String out = output.toString(StandardCharsets.UTF_8).strip();
            throw new JruncException("error running " + name + " hook " + h.path() + ": exit status "
                    + p.exitValue() + (out.isEmpty() ? "" : ", output: " + out.replace('\n', ' ')));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the hook went away; what we have is what it said
        }
    }
}
