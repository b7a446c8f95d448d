package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every integration test: runs the installed launcher as a user (or containerd) would.
 * Per test: a fresh temp dir, a fresh {@code --root} inside it, container ids with a per-test
 * token, bundles on demand, and a {@link LeakChecker} around the test (mounts, processes, state
 * dirs, cgroups) that fails the test when something is left behind, after cleaning it up.
 * The tests skip themselves (JUnit assumption) only when not run as root.
 */
public abstract class JruncTestBase {
    /** Default time limit of one command. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** This test's temp dir (bundles, cwd of commands); removed afterwards. */
    protected Path tmp;
    /** The --root every {@link #jrunc} call passes (not created beforehand: the runtime makes it). */
    protected Path root;
    /** In every container id of this test, so its leaks can be told apart. */
    protected String token;

    private LeakChecker leakChecker;
    private LeakChecker.Snapshot before;
    private int ids;
    private int bundles;
    private final Set<Path> runtimesUsed = new LinkedHashSet<>();

    @BeforeEach
    final void setUpJruncTest() throws IOException {
        assumeTrue(ItEnv.isRoot(), "the integration tests need root");
        tmp = Files.createTempDirectory("jrunc-it-").toRealPath();
        root = tmp.resolve("root");
        token = "jit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<String> markers = new ArrayList<>(List.of(tmp.toString(), token));
        markers.addAll(extraLeakMarkers());
        leakChecker = new LeakChecker(markers, leakStateRoot(), fixtureDirs());
        before = leakChecker.snapshot();
    }

    @AfterEach
    final void checkLeaksAndCleanUp() {
        if (tmp == null) {
            return;
        }
        List<String> leaks = leakChecker.leaksSince(before, Duration.ofSeconds(3));
        if (!leaks.isEmpty()) {
            if (runtimesUsed.isEmpty()) {
                leakChecker.cleanUp(before, null);
            }
            for (Path r : runtimesUsed) {
                leakChecker.cleanUp(before, r);
            }
        }
        removeTmp();
        if (!leaks.isEmpty()) {
            fail("the test left behind:\n  " + String.join("\n  ", leaks));
        }
    }

    /** Runs the installed launcher with {@code --root <this test's root>} first. */
    protected ProcResult jrunc(String... args) {
        return runtime(ItEnv.jrunc(), args);
    }

    /** Runs another runtime binary (e.g. runc, for comparison) the same way. */
    protected ProcResult runtime(Path binary, String... args) {
        runtimesUsed.add(binary);
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, tmp, null, TIMEOUT);
    }

    /** Runs the launcher exactly as given (no --root), in {@code cwd}, with extra environment. */
    protected ProcResult jruncRaw(Path cwd, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ItEnv.jrunc().toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, cwd, env, TIMEOUT);
    }

    /**
     * Notes that containers of this test were made by {@code binary} (through another program),
     * so the clean-up after a leak deletes them with it.
     */
    protected void noteRuntime(Path binary) {
        runtimesUsed.add(binary);
    }

    /** A new container id for this test. */
    protected String newId() {
        return token + "-" + (++ids);
    }

    /** A new bundle in this test's temp dir running {@code args} (default: sh). */
    protected Path bundle(Bundles.Rootfs kind, String... args) {
        return bundle(kind, null, args);
    }

    /** A new bundle, with the config changed by {@code edit} before it is written. */
    protected Path bundle(Bundles.Rootfs kind, Consumer<ObjectNode> edit, String... args) {
        return Bundles.create(kind, tmp.resolve("bundle-" + (++bundles)), edit, args);
    }

    /**
     * More strings that identify this test's resources, for tests whose resources are named
     * by something else than the temp dir or the id token (none by default).
     */
    protected List<String> extraLeakMarkers() {
        return List.of();
    }

    /**
     * The directory whose subdirectories are this test's container states: {@link #root} by
     * default; a test whose runtime is driven by another program (containerd's shim puts
     * them under {@code <root>/<namespace>}) names that one.
     */
    protected Path leakStateRoot() {
        return root;
    }

    /** The leak checker of this test, for tests that check it. */
    protected LeakChecker leakChecker() {
        return leakChecker;
    }

    /**
     * Nothing from the JVM may reach jrunc's output (containerd parses the combined stream):
     * no warnings, no unified-logging lines, no "Picked up ..." notes.
     */
    protected static void assertNoJvmNoise(ProcResult r) {
        assertThat(r.combined())
                .as("JVM noise in the output of %s", r.command())
                .doesNotContain("WARNING:")
                .doesNotContain("[warning]")
                .doesNotContain("[error]")
                .doesNotContain("[aot]")
                .doesNotContain("Picked up")
                .doesNotContain("OpenJDK 64-Bit Server VM")
                .doesNotContain("hsperfdata");
    }

    /** The rootfs fixtures of this build (a Debian bundle's root.path points at its fixture). */
    private static List<String> fixtureDirs() {
        List<String> dirs = new ArrayList<>();
        for (String property : new String[] {"jrunc.rootfs.busybox", "jrunc.rootfs.debian"}) {
            String v = System.getProperty(property);
            if (v != null && !v.isBlank() && !v.startsWith("${")) {
                dirs.add(Path.of(v).toAbsolutePath().toString());
            }
        }
        return dirs;
    }

    private void removeTmp() {
        // never delete through a mount that is still there
        boolean mounted = leakChecker.mounts().stream().anyMatch(m -> LeakChecker.mountPoint(m).startsWith(tmp + "/"));
        if (mounted) {
            System.err.println("jrunc-it: keeping " + tmp + ": something is still mounted below it");
            return;
        }
        Proc.run(List.of("rm", "-rf", "--one-file-system", tmp.toString()), Duration.ofSeconds(60));
    }
}
