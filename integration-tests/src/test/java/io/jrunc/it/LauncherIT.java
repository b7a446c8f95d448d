package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The installed launcher as a user would run it, held to runc's behaviour (runc-compat.md §5):
 * the commands that need no container.
 */
class LauncherIT extends JruncTestBase {

    @Test
    void versionPrintsRuncStyleLines() {
        ProcResult r = jruncRaw(tmp, null, "--version");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        assertThat(r.stdoutLines()).as(r.describe()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.stdoutLines().get(0)).matches("jrunc version \\S+");
        assertThat(r.stdoutLines().get(1)).startsWith("commit: ");
        assertThat(r.stdoutLines().get(2)).isEqualTo("spec: 1.3.0");
        assertNoJvmNoise(r);
    }

    @Test
    void shortVersionFlagIsTheSame() {
        ProcResult longFlag = jruncRaw(tmp, null, "--version");
        ProcResult shortFlag = jruncRaw(tmp, null, "-v");
        assertThat(shortFlag.exitCode()).as(shortFlag.describe()).isZero();
        assertThat(shortFlag.stdout()).isEqualTo(longFlag.stdout());
        assertThat(shortFlag.stderr()).isEmpty();
    }

    @Test
    void worksThroughASymlinkNamedRunc() throws Exception {
        Path link = tmp.resolve("bin/runc");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, ItEnv.jrunc());
        ProcResult r = Proc.run(java.util.List.of(link.toString(), "--version"), tmp, null, TIMEOUT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        assertThat(r.stdoutLines()).as(r.describe()).contains("spec: 1.3.0");
        assertNoJvmNoise(r);
    }

    @Test
    void specWritesARuncShapedConfig() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        ProcResult r = jruncRaw(dir, null, "spec");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.combined()).as(r.describe()).isEmpty(); // runc spec prints nothing
        Path config = dir.resolve("config.json");
        assertThat(config).exists();
        JsonNode ours = Bundles.JSON.readTree(config.toFile());

        JsonNode reference = Bundles.runcSpec();
        if (ItEnv.runc().isPresent()) {
            Path rdir = Files.createDirectories(tmp.resolve("runc-spec"));
            ProcResult rr = Proc.run(java.util.List.of(ItEnv.runc().get().toString(), "spec"), rdir, null, TIMEOUT);
            assertThat(rr.exitCode()).as(rr.describe()).isZero();
            reference = Bundles.JSON.readTree(rdir.resolve("config.json").toFile());
        }
        Set<String> expected = new TreeSet<>(keyPaths(reference));
        // runc 1.2 dropped the ambient set from its default spec; Debian's runc 1.1 still writes it
        expected.remove("process.capabilities.ambient");
        assertThat(keyPaths(ours)).as("key paths of jrunc spec vs runc spec").isEqualTo(expected);
        assertThat(ours.path("ociVersion").asText()).isEqualTo("1.3.0");
        assertThat(ours.path("root").path("path").asText()).isEqualTo("rootfs");
        assertThat(ours.path("process").path("args").get(0).asText()).isEqualTo("sh");
    }

    @Test
    void specRefusesToOverwriteAConfig() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(dir.resolve("config.json"), "{}");
        ProcResult r = jruncRaw(dir, null, "spec");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("File config.json exists. Remove it first");
        assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo("{}");
        assertNoJvmNoise(r);
    }

    @Test
    void featuresIsJsonWithTheOciVersionRange() throws Exception {
        ProcResult r = jruncRaw(tmp, null, "features");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        JsonNode f = Bundles.JSON.readTree(r.stdout());
        assertThat(f.isObject()).isTrue();
        assertThat(f.path("ociVersionMin").asText()).isEqualTo("1.0.0");
        assertThat(f.path("ociVersionMax").asText()).isEqualTo("1.3.0");
        assertNoJvmNoise(r);
    }

    @Test
    void stateOfAMissingContainerFails() {
        ProcResult r = jrunc("state", "nope");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        assertThat(r.stderr().strip().lines().toList()).as(r.describe()).hasSize(1);
        assertThat(r.stderr()).contains("container does not exist");
        assertNoJvmNoise(r);
    }

    @Test
    void javaOptionsInTheEnvironmentDoNotLeakIntoTheOutput() {
        ProcResult r = jruncRaw(tmp, Map.of("JAVA_TOOL_OPTIONS", "-Xss1m", "JDK_JAVA_OPTIONS", "-Xss1m",
                "_JAVA_OPTIONS", "-Xss1m"), "--version");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        assertNoJvmNoise(r);
    }

    /** Every key path of a JSON document; array elements are all "[]" (their keys merge). */
    static Set<String> keyPaths(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(p);
                collect(e.getValue(), p, out);
            });
        } else if (node.isArray()) {
            node.forEach(el -> collect(el, prefix + "[]", out));
        }
    }
}
