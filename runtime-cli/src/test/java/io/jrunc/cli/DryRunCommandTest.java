package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new flags and command, in-process: no root needed, because nothing is made. */
class DryRunCommandTest {
    @TempDir
    Path tmp;
    Path bundle;
    Path root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = tmp.resolve("bundle");
        root = tmp.resolve("state");
        Files.createDirectories(bundle.resolve("rootfs"));
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            String cfg = new String(in.readAllBytes()).replace("\"terminal\": true", "\"terminal\": false");
            Files.writeString(bundle.resolve("config.json"), cfg);
        }
    }

    @Test
    void createAndRunDryRunPrintAndLeaveNoRoot() {
        for (String cmd : new String[] {"create", "run"}) {
            CliRun r = CliRun.at(root, cmd, "--dry-run", "-b", bundle.toString(), "c1");
            assertThat(r.rc()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).startsWith("Dry run of container c1:").contains("\nMounts\n").contains("\nFinal execve\n");
            assertThat(Files.exists(root)).isFalse();
        }
        CliRun json = CliRun.at(root, "run", "--dry-run", "--format", "json", "-b", bundle.toString(), "c1");
        assertThat(json.out()).startsWith("{").contains("\"schema\" : \"jrunc.dry-run/v1\"");
    }

    @Test
    void aBadFormatOrAFormatWithoutDryRunIsOneErrorLine() {
        assertThat(CliRun.at(root, "create", "--dry-run", "--format", "yaml", "-b", bundle.toString(), "c1").errorMsg())
                .isEqualTo("invalid --format \"yaml\": want text or json");
        CliRun r = CliRun.at(root, "create", "--format", "json", "-b", bundle.toString(), "c1");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.errorMsg()).isEqualTo("--format is only used with --dry-run");
        assertThat(Files.exists(root)).isFalse();
    }

    @Test
    void checkIsACommandWithHelp() {
        assertThat(CliRun.run().out()).contains("\n   check       report what this host supports");
        CliRun h = CliRun.run("check", "--help");
        assertThat(h.rc()).isZero();
        assertThat(h.out()).contains("--bundle value, -b value").contains("--format value");
        CliRun r = CliRun.at(root, "check", "--format", "json");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"schema\" : \"jrunc.check/v1\"");
        assertThat(Files.exists(root)).isFalse();
    }
}
