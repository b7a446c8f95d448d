package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** linux.seccomp, proven from inside containers: what the filter denies, how, and the notify agent. */
class SeccompIT extends JruncTestBase {
    static final String ALLOW_BUT = """
            {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [%s]}""";

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) Bundles.JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode resource(String name) {
        try (InputStream in = SeccompIT.class.getResourceAsStream("/seccomp/" + name)) {
            return (ObjectNode) Bundles.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writable busybox container with this profile (and the rest of runc's default config). */
    static Consumer<ObjectNode> profile(ObjectNode seccomp) {
        return c -> {
            ((ObjectNode) c.get("linux")).set("seccomp", seccomp);
            ((ObjectNode) c.get("root")).put("readonly", false);
        };
    }

    ProcResult run(Bundles.Rootfs kind, Consumer<ObjectNode> edit, String script) {
        Path b = bundle(kind, edit, "sh", "-c", script);
        return jrunc("run", "--bundle", b.toString(), newId());
    }

    @Test
    void dockersDefaultProfileRunsAShellOnBusybox() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(resource("docker-default-amd64.json")),
                "echo hello; ls / >/dev/null && mkdir /tmp/d && id -u && grep '^Seccomp:' /proc/self/status");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("hello", "0", "Seccomp:\t2");
    }

    @Test
    void dockersDefaultProfileRunsAShellOnDebian() {
        ProcResult r = run(Bundles.Rootfs.DEBIAN, c -> ((ObjectNode) c.get("linux"))
                        .set("seccomp", resource("docker-default-amd64.json")),
                "ls /usr/bin >/dev/null && dpkg-query -W -f='${Package}\\n' dpkg && grep '^Seccomp:' /proc/self/status"
                        + " && unshare -U true; echo unshare=$?");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // unshare is outside Docker's profile for a container without CAP_SYS_ADMIN
        assertThat(r.stdoutLines()).containsExactly("dpkg", "Seccomp:\t2", "unshare=1");
    }

    @Test
    void aSyscallNewerThanTheProfileGetsEnosysAndAnOlderUnlistedOneTheDefault() throws Exception {
        Path bin = tmp.resolve("sysnr");
        Path src = tmp.resolve("sysnr.c");
        try (InputStream in = SeccompIT.class.getResourceAsStream("/seccomp/sysnr.c")) {
            Files.copy(in, src);
        }
        ProcResult cc = Proc.run(List.of("gcc", "-static", "-O2", "-o", bin.toString(), src.toString()),
                Duration.ofMinutes(2));
        assertThat(cc.exitCode()).as(cc.describe()).isZero();
        Path b = bundle(Bundles.Rootfs.BUSYBOX, profile(resource("docker-default-amd64.json")),
                "/bin/sysnr", "1000", "163");
        Files.copy(bin, b.resolve("rootfs/bin/sysnr"));
        ProcResult r = jrunc("run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // 1000: above every syscall Docker's profile names (runc's -ENOSYS stub, so libc falls
        // back); 163 acct: older, left out of the profile, so the default action's EPERM
        assertThat(r.stdoutLines()).containsExactly("1000=ENOSYS", "163=EPERM");
    }

    @Test
    void aDeniedMkdirFailsWithEperm() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}"""))),
                "touch /tmp/file && echo writable; mkdir /tmp/x; echo rc=$?; test -d /tmp/x || echo absent");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("writable", "rc=1", "absent");
        assertThat(r.stderr()).contains("mkdir: can't create directory '/tmp/x': Operation not permitted");
    }

    @Test
    void errnoRetIsTheErrorTheSyscallReturns() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 28}"""))), "mkdir /tmp/x");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("No space left on device");
    }

    @Test
    void defaultActionAndDefaultErrnoRetApplyToWhatNoRuleAllows() {
        ObjectNode p = resource("docker-default-amd64.json");
        p.put("defaultErrnoRet", 38); // ENOSYS instead of EPERM for what the profile leaves out
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(p), "chroot / true");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("chroot: can't change root directory to '/': Function not implemented");
    }

    @Test
    void argumentConditionsSelectWhichCallsAreDenied() {
        // personality(PER_LINUX32) is denied; personality(PER_LINUX) is not
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                 "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}"""))),
                "linux64 true && echo linux64=ok; linux32 true; echo linux32=$?");
        assertThat(r.stdoutLines()).as(r.describe()).containsExactly("linux64=ok", "linux32=1");
        assertThat(r.stderr()).contains("Operation not permitted");
    }

    @Test
    void maskedEqualityComparesTheMaskedArgument() {
        // deny personality when (persona & 0xff) == 8: PER_LINUX32 is denied, PER_LINUX (0) is not
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
                 "args": [{"index": 0, "value": 255, "valueTwo": 8, "op": "SCMP_CMP_MASKED_EQ"}]}"""))),
                "linux64 true; echo linux64=$?; linux32 true; echo linux32=$?");
        assertThat(r.stdoutLines()).as(r.describe()).containsExactly("linux64=0", "linux32=1");
        assertThat(r.stderr()).contains("Permission denied");
    }

    @Test
    void conditionsOnOneArgumentBecomeRulesOfTheirOwn() {
        // runc's fallback: "< 4" and "> 4" on argument 0 are two rules, so 0 and 8 are both denied
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                 "args": [{"index": 0, "value": 4, "op": "SCMP_CMP_LT"}, {"index": 0, "value": 4, "op": "SCMP_CMP_GT"}]}"""))),
                "linux64 true; echo linux64=$?; linux32 true; echo linux32=$?");
        assertThat(r.stdoutLines()).as(r.describe()).containsExactly("linux64=1", "linux32=1");
    }

    @Test
    void killProcessAndTrapEndTheProcessWithSigsys() {
        ProcResult kill = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}"""))), "mkdir /tmp/x");
        assertThat(kill.exitCode()).as(kill.describe()).isEqualTo(128 + 31);
        ProcResult trap = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_TRAP"}"""))), "mkdir /tmp/x");
        assertThat(trap.exitCode()).as(trap.describe()).isEqualTo(128 + 31);
    }

    @Test
    void withoutNoNewPrivilegesTheFilterIsLoadedBeforeTheUserSwitch() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}""")))
                .andThen(c -> {
                    ObjectNode p = (ObjectNode) c.get("process");
                    p.put("noNewPrivileges", false);
                    ((ObjectNode) p.get("user")).put("uid", 1000).put("gid", 1000);
                }),
                "id -u; grep '^NoNewPrivs:' /proc/self/status; mkdir /tmp/x; echo rc=$?");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("1000", "NoNewPrivs:\t0", "rc=1");
        assertThat(r.stderr()).contains("Operation not permitted");
    }

    @Test
    void namesUnknownToThisKernelAreSkipped() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["no_such_syscall_jrunc", "mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}"""))),
                "mkdir /tmp/x; echo rc=$?");
        assertThat(r.stdoutLines()).as(r.describe()).containsExactly("rc=1");
    }

    @Test
    void logFlagAndLogActionAreAccepted() {
        ObjectNode p = json(ALLOW_BUT.formatted("""
                {"names": ["getpid"], "action": "SCMP_ACT_LOG"}"""));
        p.putArray("flags").add("SECCOMP_FILTER_FLAG_LOG").add("SECCOMP_FILTER_FLAG_SPEC_ALLOW");
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(p), "echo $$ >/dev/null && echo ok");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("ok");
    }

    @Test
    void anUnknownActionIsAConfigErrorNamingItsPath() {
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(json(ALLOW_BUT.formatted("""
                {"names": ["mkdir"], "action": "SCMP_ACT_FOO"}"""))), "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains(
                "linux.seccomp.syscalls[0].action: \\\"SCMP_ACT_FOO\\\" is not a seccomp action");
    }

    @Test
    void theNotifyAgentGetsTheStateAndTheFdAndAnswersTheSyscall() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Path state = tmp.resolve("agent-state.json");
        Process p = startAgent(sock, state, 0, 1);
        try {
            ObjectNode sc = json(ALLOW_BUT.formatted("""
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}"""));
            sc.put("listenerPath", sock.toString()).put("listenerMetadata", "hello-agent");
            Path b = bundle(Bundles.Rootfs.BUSYBOX, profile(sc), "sh", "-c",
                    "mkdir /tmp/x; echo rc=$?; test -d /tmp/x && echo exists || echo absent");
            String id = newId();
            ProcResult r = jrunc("run", "--bundle", b.toString(), id);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            // the agent said "success" without making the directory
            assertThat(r.stdoutLines()).containsExactly("rc=0", "absent");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("agent ends when the container is gone").isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("agent.log"))).isZero();
            JsonNode s = Bundles.JSON.readTree(state.toFile());
            assertThat(s.get("ociVersion").asText()).isNotEmpty();
            assertThat(s.get("fds")).hasSize(1);
            assertThat(s.get("fds").get(0).asText()).isEqualTo("seccompFd");
            assertThat(s.get("metadata").asText()).isEqualTo("hello-agent");
            assertThat(s.get("pid").asInt()).isPositive();
            assertThat(s.get("state").get("id").asText()).isEqualTo(id);
            assertThat(s.get("state").get("status").asText()).isEqualTo("creating");
            assertThat(s.get("state").get("pid").asInt()).isEqualTo(s.get("pid").asInt());
            assertThat(s.get("state").get("bundle").asText()).isEqualTo(b.toString());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExecdProcessGetsItsOwnNotifyFdHandedToTheAgent() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Path state = tmp.resolve("agent-state.json");
        Process p = startAgent(sock, state, 0, 2);
        String id = newId();
        try {
            ObjectNode sc = json(ALLOW_BUT.formatted("""
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}"""));
            sc.put("listenerPath", sock.toString()).put("listenerMetadata", "exec-agent");
            Path b = bundle(Bundles.Rootfs.BUSYBOX, profile(sc), "sleep", "300");
            ProcResult run = jrunc("run", "-d", "--bundle", b.toString(), id);
            assertThat(run.exitCode()).as(run.describe()).isZero();
            ProcResult r = jrunc("exec", id, "sh", "-c",
                    "mkdir /tmp/x; echo rc=$?; test -d /tmp/x && echo exists || echo absent");
            assertThat(r.exitCode()).as(r.describe()).isZero();
            // the agent answered the exec'd process's mkdir: "success" without a directory
            assertThat(r.stdoutLines()).containsExactly("rc=0", "absent");
            JsonNode init = Bundles.JSON.readTree(state.toFile());
            JsonNode exec = Bundles.JSON.readTree(Path.of(state + ".1").toFile());
            assertThat(exec.get("metadata").asText()).isEqualTo("exec-agent");
            assertThat(exec.get("fds").get(0).asText()).isEqualTo("seccompFd");
            assertThat(exec.get("state").get("id").asText()).isEqualTo(id);
            assertThat(exec.get("state").get("status").asText()).isEqualTo("running");
            // the state is the container's (its init), the top-level pid the exec'd process
            assertThat(exec.get("state").get("pid").asInt()).isEqualTo(init.get("pid").asInt());
            assertThat(exec.get("pid").asInt()).isPositive().isNotEqualTo(init.get("pid").asInt());
        } finally {
            jrunc("delete", "--force", id);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("agent ends when the container is gone").isTrue();
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("agent.log"))).isZero();
    }

    @Test
    void theAgentCanAnswerWithAnErrno() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Process p = startAgent(sock, tmp.resolve("s.json"), 13, 1);
        try {
            ObjectNode sc = json(ALLOW_BUT.formatted("""
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}"""));
            sc.put("listenerPath", sock.toString());
            sc.putArray("flags").add("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
            ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(sc), "mkdir /tmp/x");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            assertThat(r.stderr()).contains("Permission denied");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAbsentAgentFailsCreateAndLeavesNothing() {
        ObjectNode sc = json(ALLOW_BUT.formatted("""
                {"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}"""));
        sc.put("listenerPath", tmp.resolve("nobody.sock").toString());
        ProcResult r = run(Bundles.Rootfs.BUSYBOX, profile(sc), "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("linux.seccomp.listenerPath: cannot hand the seccomp fd to the agent");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    /**
     * Starts the test agent on {@code sock} (it answers every notified syscall with -answer and
     * serves {@code connections} hand-overs; agent.c) and waits until it listens.
     */
    Process startAgent(Path sock, Path state, int answer, int connections) throws Exception {
        Process p = new ProcessBuilder(buildAgent().toString(), sock.toString(), state.toString(),
                Integer.toString(answer), Integer.toString(connections))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.exists(Path.of(sock + ".ready")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        return p;
    }

    /** The C agent from the test resources, compiled with the build's gcc. */
    Path buildAgent() throws IOException {
        Path src = tmp.resolve("agent.c");
        try (InputStream in = SeccompIT.class.getResourceAsStream("/seccomp/agent.c")) {
            Files.copy(in, src);
        }
        Path bin = tmp.resolve("agent");
        ProcResult cc = Proc.run(List.of("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString()), tmp, null,
                Duration.ofSeconds(120));
        assertThat(cc.exitCode()).as(cc.describe()).isZero();
        return bin;
    }
}
