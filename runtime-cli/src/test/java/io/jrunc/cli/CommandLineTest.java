package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command and flag of runc is accepted with runc's names, forms and arities. */
class CommandLineTest {
    @TempDir
    static Path root;

    /** command lines as runc users and containerd write them; {@code expected} is the error msg */
    static Stream<Arguments> commandLines() {
        return Stream.of(
                // containerd-shim-runc-v2's exact calls
                cl("JSON specification file config.json not found", "create", "--bundle", "/b", "--pid-file", "/b/init.pid",
                        "--console-socket", "/tmp/pty/pty.sock", "--no-pivot", "c1"),
                cl("container does not exist", "start", "c1"),
                cl("exec failed: container does not exist", "exec", "--process", "/tmp/p.json", "--console-socket", "/s",
                        "--detach", "--pid-file", "/b/e.pid", "c1"),
                cl("container does not exist", "ps", "--format", "json", "c1"),
                cl("container does not exist", "pause", "c1"),
                cl("container does not exist", "resume", "c1"),
                cl("container does not exist", "kill", "c1", "15"),
                cl("container does not exist", "kill", "--all", "c1", "9"),
                cl("container does not exist", "update", "--resources", "-", "c1"),
                cl("container does not exist", "events", "c1"),
                // every create/run flag, both spellings
                cl("JSON specification file config.json not found", "create", "-b", "/b", "--console-socket=/s", "--pidfd-socket", "/p",
                        "--pid-file=/f", "--no-pivot", "--no-new-keyring", "--preserve-fds", "2", "c1"),
                cl("JSON specification file config.json not found", "create", "--bundle=/b", "c1"),
                cl("JSON specification file config.json not found", "create", "c1", "--bundle", "/b"),
                cl("JSON specification file config.json not found", "run", "-b", "/b", "--console-socket", "/s", "--pidfd-socket", "/p",
                        "-d", "--keep", "--pid-file", "/f", "--no-subreaper", "--no-pivot", "--no-new-keyring",
                        "--preserve-fds=1", "c1"),
                cl("JSON specification file config.json not found", "run", "--detach=true", "--keep=false", "c1"),
                // exec: every flag; parsing stops at the id
                cl("exec failed: container does not exist", "exec", "--console-socket", "/s", "--pidfd-socket", "/p",
                        "--cwd", "/tmp", "-e", "A=1", "--env", "B=2", "-t", "--tty", "-u", "1:2", "--user", "0",
                        "-g", "10", "--additional-gids", "11", "-p", "/p.json", "-d", "--pid-file", "/f",
                        "--process-label", "l", "--apparmor", "a", "--no-new-privs", "-c", "CAP_KILL",
                        "--cap", "CAP_CHOWN", "--preserve-fds", "0", "--cgroup", "cpu,cpuacct:sub",
                        "--ignore-paused", "c1", "ls", "-la", "--cwd", "x"),
                cl("container does not exist", "kill", "-a", "c1"),
                cl("container does not exist", "kill", "c1", "-9"),
                cl("container does not exist", "delete", "c1"),
                cl(null, "delete", "-f", "c1"),
                cl(null, "delete", "--force", "c1"),
                cl("container does not exist", "state", "c1"),
                cl(null, "list", "-f", "json", "-q"),
                cl(null, "list", "--format=table", "--quiet"),
                cl("container does not exist", "ps", "-f", "table", "c1", "-ef"),
                cl("container does not exist", "events", "--interval", "1s", "--stats", "c1"),
                cl("container does not exist", "update", "-r", "/r.json", "--blkio-weight", "500",
                        "--cpu-period", "100000", "--cpu-quota", "50000", "--cpu-burst", "1000", "--cpu-share", "512",
                        "--cpu-rt-period", "1", "--cpu-rt-runtime", "1", "--cpuset-cpus", "0-1", "--cpuset-mems", "0",
                        "--kernel-memory", "1", "--kernel-memory-tcp", "1", "--memory", "512m", "--cpu-idle", "1",
                        "--memory-reservation", "1m", "--memory-swap", "-1", "--pids-limit", "10",
                        "--l3-cache-schema", "L3:0=f", "--mem-bw-schema", "MB:0=70", "c1"),
                cl("checkpoint: not implemented yet", "checkpoint", "--image-path", "/i", "--work-path", "/w",
                        "--parent-path", "p", "--leave-running", "--tcp-established", "--tcp-skip-in-flight",
                        "--link-remap", "--ext-unix-sk", "--shell-job", "--lazy-pages", "--status-fd", "3",
                        "--page-server", "h:1", "--file-locks", "--pre-dump", "--manage-cgroups-mode", "soft",
                        "--empty-ns", "network", "--auto-dedup", "c1"),
                cl("restore: not implemented yet", "restore", "--console-socket", "/s", "--image-path", "/i",
                        "--work-path", "/w", "--tcp-established", "--ext-unix-sk", "--shell-job", "--file-locks",
                        "--manage-cgroups-mode", "full", "-b", "/b", "-d", "--pid-file", "/f", "--no-subreaper",
                        "--no-pivot", "--empty-ns", "network", "--auto-dedup", "--lazy-pages", "--lsm-profile",
                        "selinux:x", "--lsm-mount-context", "ctx", "c1"),
                cl("init: not implemented yet", "init"),
                // global flags
                cl("container does not exist", "--debug", "--systemd-cgroup", "--rootless", "true", "--criu",
                        "/usr/sbin/criu", "--log-format", "text", "state", "c1"));
    }

    private static Arguments cl(String expectedError, String... args) {
        return Arguments.of(expectedError, List.of(args));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void accepted(String expectedError, List<String> args) {
        CliRun r = CliRun.at(root, args.toArray(new String[0]));
        assertThat(r.out()).doesNotContain("Incorrect Usage");
        if (expectedError == null) {
            assertThat(r.rc()).isZero();
            assertThat(r.err()).isEmpty();
        } else {
            // runc exits 255 for any failure of exec
            assertThat(r.rc()).isEqualTo(expectedError.startsWith("exec failed: ") ? 255 : 1);
            String last = r.errLines().getLast();
            assertThat(last).endsWith("level=error msg=\"" + expectedError + "\"");
        }
    }

    /** Derived from the model: every flag of every command parses by its long name and its alias. */
    @Test
    void everyDeclaredFlagParses() throws Exception {
        int checked = 0;
        for (var e : CliProbe.commands().entrySet()) {
            Cli.Bound b = new Cli.Bound(Cli.make(e.getKey()));
            for (Flag f : b.flags.all()) {
                if (f.name().equals("help")) {
                    continue;
                }
                List<String> names = new ArrayList<>(List.of("--" + f.name()));
                if (f.alias() != null) {
                    names.add("-" + f.alias());
                }
                for (String n : names) {
                    List<String> args = new ArrayList<>(List.of(e.getKey(), n));
                    if (f.kind() != Flag.Kind.BOOL) {
                        args.add(f.kind() == Flag.Kind.INT || f.kind() == Flag.Kind.INTS ? "1" : "v");
                    }
                    if (b.flags.argsCheck != Flags.Args.EXACT || b.flags.argsCount > 0) {
                        args.add("c1");
                    }
                    Cli cli = new Cli(new Globals());
                    cli.parse(args.toArray(new String[0]));
                    assertThat(cli.bound.name()).isEqualTo(e.getKey());
                    cli.bind("jrunc");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(110);
    }

    @Test
    void execFlagsReachTheFieldsAndTheCommandKeepsItsOwnFlags() throws Exception {
        Cli cli = new Cli(new Globals());
        cli.parse(new String[] {"exec", "-e", "A=1", "--env=B=2", "-u", "1:2", "-g", "5", "-g", "6", "-t",
            "--cwd", "/w", "--no-new-privs=false", "-c", "CAP_KILL", "c1", "ls", "-la", "-e", "X"});
        cli.bind("jrunc");
        ExecCommand x = (ExecCommand) cli.bound.command;
        assertThat(x.env).containsExactly("A=1", "B=2");
        assertThat(x.user).isEqualTo("1:2");
        assertThat(x.additionalGids).containsExactly(5L, 6L);
        assertThat(x.tty).isTrue();
        assertThat(x.cwd).isEqualTo("/w");
        assertThat(x.noNewPrivs).isFalse();
        assertThat(x.caps).containsExactly("CAP_KILL");
        assertThat(x.args()).containsExactly("c1", "ls", "-la", "-e", "X");
        assertThat(x.command()).containsExactly("ls", "-la", "-e", "X");
    }

    @Test
    void globalsAndCreateFlagsReachTheFields() throws Exception {
        Globals g = new Globals();
        Cli cli = new Cli(g);
        cli.parse(new String[] {"--root", "/r", "--log=/l.json", "--log-format", "json", "--debug",
            "--systemd-cgroup", "--rootless=false", "--criu", "/c", "create", "--bundle=/b", "--preserve-fds", "3",
            "--pid-file", "/p", "c1"});
        cli.bind("jrunc");
        assertThat(g.root).isEqualTo("/r");
        assertThat(g.log).isEqualTo("/l.json");
        assertThat(g.logFormat).isEqualTo("json");
        assertThat(g.debug).isTrue();
        assertThat(g.systemdCgroup).isTrue();
        assertThat(g.rootless).isEqualTo("false");
        assertThat(g.criu).isEqualTo("/c");
        CreateCommand c = (CreateCommand) cli.bound.command;
        assertThat(c.bundle).isEqualTo("/b");
        assertThat(c.preserveFds).isEqualTo(3);
        assertThat(c.pidFile).isEqualTo("/p");
        assertThat(c.args()).containsExactly("c1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "KILL", "SIGKILL", "kill", "sigkill", "SigKill"})
    void killSignalForms(String s) throws Exception {
        assertThat(Signals.parse(s)).isEqualTo(9);
    }

    @Test
    void killSignalDefaultsToSigterm() throws Exception {
        Cli cli = new Cli(new Globals());
        cli.parse(new String[] {"kill", "c1"});
        cli.bind("jrunc");
        KillCommand k = (KillCommand) cli.bound.command;
        assertThat(Signals.parse(k.signalArg())).isEqualTo(15);
        assertThat(Signals.parse("TERM")).isEqualTo(15);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Signals.parse("FOO"))
                .hasMessage("unknown signal \"FOO\"");
    }

    static Stream<Arguments> argCounts() {
        return Stream.of(
                Arguments.of(List.of("create"), "\"create\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("create", "a", "b"), "\"create\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("start"), "\"start\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("run"), "\"run\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("delete"), "\"delete\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("state"), "\"state\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("state", "a", "b"), "\"state\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("list", "x"), "\"list\" requires exactly 0 argument(s)"),
                Arguments.of(List.of("spec", "x"), "\"spec\" requires exactly 0 argument(s)"),
                Arguments.of(List.of("features", "x"), "\"features\" requires exactly 0 argument(s)"),
                Arguments.of(List.of("kill"), "\"kill\" requires a minimum of 1 argument(s)"),
                Arguments.of(List.of("kill", "a", "b", "c"), "\"kill\" requires a maximum of 2 argument(s)"),
                Arguments.of(List.of("exec"), "\"exec\" requires a minimum of 1 argument(s)"),
                Arguments.of(List.of("ps"), "\"ps\" requires a minimum of 1 argument(s)"),
                Arguments.of(List.of("events"), "\"events\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("pause"), "\"pause\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("resume"), "\"resume\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("update"), "\"update\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("checkpoint"), "\"checkpoint\" requires exactly 1 argument(s)"),
                Arguments.of(List.of("restore"), "\"restore\" requires exactly 1 argument(s)"));
    }

    @ParameterizedTest
    @MethodSource("argCounts")
    void argumentCountErrorsAsRunc(List<String> args, String msg) {
        CliRun r = CliRun.at(root, args.toArray(new String[0]));
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).startsWith("Incorrect Usage.\n\nNAME:\n   jrunc " + args.getFirst() + " - ");
        assertThat(r.out()).contains("USAGE:\n   jrunc " + args.getFirst());
        assertThat(r.errorMsg()).isEqualTo("jrunc: " + msg);
    }

    @Test
    void badFlagsAreUsageErrorsWordedAsGo() {
        CliRun r = CliRun.at(root, "state", "--bogus", "x");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).startsWith("Incorrect Usage: flag provided but not defined: -bogus\n\nNAME:\n   jrunc state");
        assertThat(r.errorMsg()).isEqualTo("flag provided but not defined: -bogus");

        r = CliRun.at(root, "create", "--bundle");
        assertThat(r.errorMsg()).isEqualTo("flag needs an argument: -bundle");
        r = CliRun.at(root, "create", "--preserve-fds", "x", "c1");
        assertThat(r.errorMsg()).isEqualTo("invalid value \"x\" for flag -preserve-fds: parse error");
        r = CliRun.at(root, "run", "--detach=maybe", "c1");
        assertThat(r.errorMsg()).isEqualTo("invalid boolean value \"maybe\" for -detach: parse error");
        r = CliRun.run("--bogus");
        assertThat(r.out()).startsWith("Incorrect Usage: flag provided but not defined: -bogus\n\nNAME:\n   jrunc - ");
        assertThat(r.errorMsg()).isEqualTo("flag provided but not defined: -bogus");
    }

    @Test
    void unknownCommandExits3() {
        CliRun r = CliRun.at(root, "bogus");
        assertThat(r.rc()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.errorMsg()).isEqualTo("No help topic for 'bogus'");
    }

    @Test
    void helpForms() {
        CliRun r = CliRun.run();
        assertThat(r.rc()).isZero();
        assertThat(r.out()).startsWith("NAME:\n   jrunc - ").contains("COMMANDS:\n   checkpoint  ")
                .contains("GLOBAL OPTIONS:\n   --debug ").contains("--root value").doesNotContain("\n   init ");
        assertThat(CliRun.run("--help").out()).isEqualTo(r.out());
        assertThat(CliRun.run("-h").out()).isEqualTo(r.out());
        assertThat(CliRun.run("help").out()).isEqualTo(r.out());
        CliRun c = CliRun.run("create", "--help");
        assertThat(c.rc()).isZero();
        assertThat(c.err()).isEmpty();
        assertThat(c.out()).startsWith("NAME:\n   jrunc create - create a container\n\nUSAGE:\n"
                + "   jrunc create [command options] <container-id>\n")
                .contains("OPTIONS:\n   --bundle value, -b value  path to the root of the bundle directory")
                .contains("--preserve-fds value      Pass N additional")
                .doesNotContain("--help, -h");
        assertThat(CliRun.run("help", "create").out()).isEqualTo(c.out());
        assertThat(CliRun.run("create", "-h").out()).isEqualTo(c.out());
        assertThat(CliRun.run("help", "nope").rc()).isEqualTo(3);
    }
}
