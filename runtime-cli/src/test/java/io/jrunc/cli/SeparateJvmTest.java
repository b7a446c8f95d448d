package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a JVM of its own, jrunc prints nothing but its output and its one error line. */
class SeparateJvmTest {
    @TempDir
    Path tmp;

    private record Out(int rc, String stdout, String stderr) {
    }

    private Out jrunc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "io.jrunc.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), out, err);
    }

    @Test
    void nothingExtraOnEitherStream() throws Exception {
        String root = tmp.resolve("root").toString();
        Out missing = jrunc("--root", root, "state", "nope");
        assertThat(missing.rc()).isEqualTo(1);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).matches("time=\"[^\"]+\" level=error msg=\"container does not exist\"\n");

        Out list = jrunc("--root", root, "list", "-f", "json");
        assertThat(list.rc()).isZero();
        assertThat(list.stdout()).isEqualTo("null\n");
        assertThat(list.stderr()).isEmpty();

        Out del = jrunc("--root", root, "--log", tmp.resolve("log.json").toString(), "--log-format", "json",
                "delete", "--force", "nope");
        assertThat(del.rc()).isZero();
        assertThat(del.stdout() + del.stderr()).isEmpty();

        Out ps = jrunc("--root", root, "--log", tmp.resolve("log.json").toString(), "--log-format", "json",
                "ps", "--format", "json", "nope");
        assertThat(ps.rc()).isEqualTo(1);
        assertThat(ps.stdout()).isEmpty();
        assertThat(ps.stderr()).isEqualTo("container does not exist\n");
    }
}
