package io.jrunc.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based fuzzing of the command line: random commands, flags and values through
 * {@link Main#run(String[], PrintStream, PrintStream)} with a temp {@code --root}. Every run
 * ends with an exit code, at most one line on stderr, and never a stack trace. Nothing here
 * can make a container: bundles are directories without a config.json, and every path a
 * command could write (--root, --log, --pid-file) is in the temp dir. Tries: 200 by default;
 * -Djrunc.soak=true runs 20 command lines per try.
 */
class CliFuzzTest {
    private static final boolean SOAK = Boolean.getBoolean("jrunc.soak");
    private static final Path TMP = tmp();

    private static Path tmp() {
        try {
            Path t = Files.createTempDirectory("jrunc-clifuzz-");
            Files.createDirectories(t.resolve("bundle"));
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeTmp() throws IOException {
        try (var walk = Files.walk(TMP)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // "spec" is left out: it writes config.json into the current directory
    private static final String[] COMMANDS = {"create", "start", "run", "kill", "delete", "state", "list", "ps",
        "events", "pause", "resume", "exec", "features", "check", "update", "checkpoint", "restore", "help",
        "nosuchcommand", "", "-"};
    private static final String[] FLAGS = {"--bundle", "-b", "--force", "-f", "--all", "-a", "--detach", "-d",
        "--pid-file", "--preserve-fds", "--dry-run", "--format", "--console-socket", "--no-pivot", "--no-new-keyring",
        "--help", "-h", "--version", "-v", "--debug", "--log-format", "--quiet", "-q", "--signal", "--cwd", "--env",
        "--tty", "-t", "--user", "--stats", "--interval", "--memory", "--cpu-quota", "--systemd-cgroup", "--criu",
        "--", "--=", "--bundle=", "---", "-xyz", "--unknown-flag"};
    private static final String[] VALUES = {"", " ", "0", "-1", "9", "2147483648", "99999999999999999999", "KILL",
        "SIGKILL", "SIGFOO", "json", "table", "text", "../x", "..", ".", "/", "a/b", "id-1", "ïd", "\u0000",
        "\n", "x".repeat(5000), "%s%n", "$(touch /tmp/x)", "1e3", "true", "--"};

    @Property
    void everyCommandLineEndsWithAnExitCodeAndAtMostOneErrorLine(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < (SOAK ? 20 : 1); round++) {
            List<String> args = new ArrayList<>(List.of("--root", TMP.resolve("root").toString()));
            if (rnd.nextInt(4) == 0) {
                args.addAll(List.of("--log", TMP.resolve("log").toString()));
            }
            args.add(COMMANDS[rnd.nextInt(COMMANDS.length)]);
            for (int i = rnd.nextInt(6); i > 0; i--) {
                args.add(switch (rnd.nextInt(5)) {
                    case 0, 1 -> FLAGS[rnd.nextInt(FLAGS.length)];
                    case 2 -> VALUES[rnd.nextInt(VALUES.length)];
                    case 3 -> TMP.resolve(rnd.nextBoolean() ? "bundle" : "pid-" + rnd.nextInt(3)).toString();
                    default -> "id" + rnd.nextInt(3);
                });
            }
            check(args, seed);
        }
    }

    private static void check(List<String> args, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args.toArray(String[]::new), o, e);
        }
        // --debug asks for debug lines (stack traces included, as runc's): the rule is for the rest
        String stderr = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.contains("level=debug") && !l.contains("\"level\":\"debug\""))
                .collect(java.util.stream.Collectors.joining("\n"));
        String what = "seed " + seed + ": " + args + "\nstderr: " + stderr;
        assertThat(code).as(what).isBetween(0, 255);
        assertThat(stderr).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stderr.strip().lines().count()).as(what).isLessThanOrEqualTo(1);
    }
}
