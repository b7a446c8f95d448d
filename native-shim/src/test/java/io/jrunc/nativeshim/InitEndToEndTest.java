package io.jrunc.nativeshim;

import static io.jrunc.nativeshim.Linux.*;
import static io.jrunc.nativeshim.TestContainer.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.sys.Kernel;
import io.jrunc.core.plan.PathFlags;
import io.jrunc.core.plan.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jrunc-init driven exactly as jrunc drives it, with hand-built plans; needs root. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InitEndToEndTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRoot() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"), "needs root");
    }

    @Test
    void emptyPlanExitsZero() throws Exception {
        Result r = run(new Plan(List.of()));
        assertThat(r.events()).containsExactly(new InitSession.Eof());
        assertThat(exit(r.initStatus())).isZero();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void fullContainer() throws Exception {
        Path root = rootfs(tmp);
        Files.writeString(root.resolve("etc/secret.txt"), "top secret");
        Files.createDirectories(root.resolve("secret"));
        Files.writeString(root.resolve("secret/key"), "k");
        Files.createDirectories(root.resolve("data"));
        long caps = 1L << CAP_CHOWN | 1L << CAP_KILL;
        List<Op> middle = List.of(
                op(Opcode.SETHOSTNAME, "jrunc-test"),
                op(Opcode.SETDOMAINNAME, "example.org"),
                op(Opcode.SYSCTL, "kernel.hostname", "via-sysctl"),
                op(Opcode.MASK_PATH, "/etc/secret.txt"),
                op(Opcode.MASK_PATH, "/secret"),
                op(Opcode.MASK_PATH, "/does/not/exist"),
                op(Opcode.READONLY_PATH, "/data"),
                op(Opcode.READONLY_PATH, "/nope"),
                op(Opcode.CHDIR, "/tmp"),
                op(Opcode.CAPS_BOUNDING, caps),
                op(Opcode.CAPS, caps, caps, caps, 0),
                op(Opcode.NO_NEW_PRIVS));
        // ls runs as a child of the shell and lists the shell's fds; no pipe or redirection (the
        // shell would hold pipe ends or a saved fd 10 at that moment)
        String script = "ls /proc/$$/fd; echo host=$(hostname) domain=$(cat /proc/sys/kernel/domainname); echo pid=$$; echo cwd=$(pwd); "
                + "echo secret=$(cat /etc/secret.txt | wc -c); "
                + "echo masked=$(ls -A /secret | wc -l); touch /data/x 2>/dev/null || echo data=ro; "
                + "touch /tmp/x && echo tmp=rw; ls -l /dev/null; grep -E '^(NoNewPrivs|CapEff|CapBnd)' /proc/self/status";
        Result r = run(plan(containerPrefix(root, 0, true), middle, execSuffix(script, 3)));

        assertThat(r.events()).hasSize(3);
        assertThat(r.events().get(0)).isInstanceOf(InitSession.Pid.class);
        assertThat(r.events().get(1)).isEqualTo(new InitSession.Ready());
        assertThat(r.stderr()).isEmpty();
        String out = r.stdout();
        assertThat(out).startsWith("0\n1\n2\nhost=");
        assertThat(out).contains("host=via-sysctl domain=example.org\n", "pid=1\n", "cwd=/tmp\n",
                "secret=0\n", "masked=0\n", "data=ro\n", "tmp=rw\n");
        assertThat(out).containsPattern("crw-rw-rw- +1 0 +0 +1, +3 .* /dev/null");
        assertThat(statusField(out, "NoNewPrivs")).isEqualTo("1");
        assertThat(statusField(out, "CapEff")).isEqualTo("0000000000000021");
        assertThat(statusField(out, "CapBnd")).isEqualTo("0000000000000021");
        assertThat(exit(r.initStatus())).isZero();
        assertThat(exit(r.childStatus())).isZero();
        // the masked content is still there under the masks
        assertThat(Files.readString(root.resolve("etc/secret.txt"))).isEqualTo("top secret");
        assertThat(Files.exists(root.resolve("data/x"))).isFalse();
    }

    @Test
    void closeFdsKeepsOnlyStdioAndPreservedFds() throws Exception {
        Path root = rootfs(tmp);
        int[] extra = K.socketpair();
        try {
            String script = "ls /proc/$$/fd; true"; // ls is a child: lists the shell's fds, not its own
            // fd 3 is a preserved fd: kept with CLOSE_FDS 4, gone with CLOSE_FDS 3
            Result keep = run(plan(containerPrefix(root, 0, true), List.of(), execSuffix(script, 4)),
                    new int[] {extra[1]}, new byte[0]);
            assertThat(keep.stdout()).isEqualTo("0\n1\n2\n3\n");
            Result drop = run(plan(containerPrefix(root, 0, true), List.of(), execSuffix(script, 3)),
                    new int[] {extra[1]}, new byte[0]);
            assertThat(drop.stdout()).isEqualTo("0\n1\n2\n");
        } finally {
            K.close(extra[0]);
            K.close(extra[1]);
        }
    }

    @Test
    void nonRootUserKeepsAmbientCapability() throws Exception {
        Path root = rootfs(tmp);
        long nbs = 1L << CAP_NET_BIND_SERVICE;
        List<Op> middle = List.of(
                op(Opcode.CAPS_BOUNDING, nbs),
                op(Opcode.KEEPCAPS, 1),
                op(Opcode.SET_USER, 1000, 1000, 1000, 2000),
                op(Opcode.KEEPCAPS, 0),
                op(Opcode.CAPS, nbs, nbs, nbs, nbs));
        String script = "id; grep -E '^(CapEff|CapAmb|Groups)' /proc/self/status";
        Result r = run(plan(containerPrefix(root, 0, true), middle, execSuffix(script, 3)));
        assertThat(r.stdout()).startsWith("uid=1000 gid=1000 groups=1000,2000");
        assertThat(statusField(r.stdout(), "CapEff")).isEqualTo("0000000000000400");
        assertThat(statusField(r.stdout(), "CapAmb")).isEqualTo("0000000000000400");
        assertThat(exit(r.childStatus())).isZero();
    }

    @Test
    void userNamespaceWithMappedRoot() throws Exception {
        // S1 is host uid 100000 now: it must be able to walk to the rootfs
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = rootfs(tmp);
        Result r = run(plan(containerPrefix(root, CLONE_NEWUSER, false), List.of(),
                execSuffix("id -u; cat /proc/self/uid_map /proc/self/gid_map", 3)));
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout().lines().map(String::trim).toList())
                .containsExactly("0", "0     100000      65536", "0     100000      65536");
        assertThat(exit(r.childStatus())).isZero();
    }

    @Test
    void unknownFilesystemTypeFailsWithOpIndexAndErrno() throws Exception {
        Path root = rootfs(tmp);
        Plan p = new Plan(List.of(
                op(Opcode.CLONE, CLONE_NEWNS),
                op(Opcode.PROPAGATE, "/", MS_REC | MS_SLAVE, PathFlags.HOST),
                op(Opcode.MOUNT, "none", root.resolve("tmp"), "nosuchfs", 0, "", PathFlags.HOST),
                op(Opcode.READY)));
        Result r = run(p);
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(2, ENODEV, ""));
        assertThat(r.ready()).isFalse();
        assertThat(exit(r.childStatus())).isEqualTo(1);
    }

    @Test
    void checkExecTexts() throws Exception {
        Path root = rootfs(tmp);
        List<Op> prefix = containerPrefix(root, 0, true);
        Result r = run(plan(prefix, List.of(op(Opcode.SET_ARGV, "nope"), op(Opcode.SET_ENV, "PATH=/bin:/usr/bin"),
                op(Opcode.CHECK_EXEC)), List.of(op(Opcode.READY))));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(prefix.size() + 2, 0,
                "exec: \"nope\": executable file not found in $PATH"));

        r = run(plan(prefix, List.of(op(Opcode.SET_ARGV, "/bin/nope"), op(Opcode.CHECK_EXEC)), List.of()));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(prefix.size() + 1, ENOENT,
                "exec: \"/bin/nope\": stat /bin/nope"));

        r = run(plan(prefix, List.of(op(Opcode.SET_ARGV, "/bin"), op(Opcode.CHECK_EXEC)), List.of()));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(prefix.size() + 1, 21, "exec: \"/bin\""));
    }

    @Test
    void execFailureAfterReadyIsReportedOnStderrWhenJIsGone() throws Exception {
        Path root = rootfs(tmp);
        Files.writeString(root.resolve("bin/notexec"), "#!/bin/sh\n"); // mode 644: EACCES at execve
        // no CHECK_EXEC: the failure happens at EXEC itself, while the socket is still connected
        Result r = run(plan(containerPrefix(root, 0, true), List.of(op(Opcode.SET_ARGV, "/bin/notexec")),
                List.of(op(Opcode.READY), op(Opcode.EXEC))));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(containerPrefix(root, 0, true).size() + 2, 13,
                "exec: \"/bin/notexec\""));
        // lookup passes (mode 755) but execve fails: ENOEXEC from a file with no magic
        Files.writeString(root.resolve("bin/junk"), "junk");
        Files.setPosixFilePermissions(root.resolve("bin/junk"), PosixFilePermissions.fromString("rwxr-xr-x"));
        r = run(plan(containerPrefix(root, 0, true), List.of(op(Opcode.SET_ARGV, "/bin/junk")),
                List.of(op(Opcode.READY), op(Opcode.EXEC))));
        assertThat(r.failure().errno()).isEqualTo(8);
        assertThat(r.failure().detail()).isEqualTo("exec /bin/junk");
        assertThat(exit(r.childStatus())).isEqualTo(127);
    }

    @Test
    void symlinkedMountTargetStaysInsideTheRootfs() throws Exception {
        Path root = rootfs(tmp);
        String name = "jrunc-escape-" + UUID.randomUUID();
        Path hostTarget = Path.of("/tmp", name);
        Files.createSymbolicLink(root.resolve("evil"), Path.of("../../../../../../../../tmp/" + name + "/x"));
        List<Op> middle = List.of(op(Opcode.MOUNT, "tmpfs", "/evil", "tmpfs", 0, "size=64k",
                PathFlags.IN_ROOT | PathFlags.MKDIR));
        try {
            // the mount is set up before PIVOT_ROOT, while the host is still reachable
            List<Op> prefix = containerPrefix(root, 0, true);
            List<Op> ops = new java.util.ArrayList<>(prefix.subList(0, prefix.size() - 1));
            ops.addAll(middle);
            ops.add(prefix.get(prefix.size() - 1));
            Result r = run(plan(ops, List.of(), execSuffix("grep ' /tmp/" + name + "/x ' /proc/self/mountinfo", 3)));
            assertThat(r.stdout()).contains(" - tmpfs tmpfs ");
            assertThat(Files.exists(hostTarget)).isFalse();
            assertThat(Files.isDirectory(root.resolve("tmp/" + name + "/x"))).isTrue();
        } finally {
            if (Files.exists(hostTarget)) { // only if the test failed
                Files.walk(hostTarget).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void maskPathRefusesAFakeDevNull() throws Exception {
        Path root = rootfs(tmp);
        List<Op> prefix = containerPrefix(root, 0, true);
        // replace /dev/null by a regular file before masking a file path
        List<Op> middle = List.of(
                op(Opcode.MOUNT, "tmpfs", "/dev", "tmpfs", 0, "size=64k", PathFlags.IN_ROOT),
                op(Opcode.MKFILE, "/dev/null", 0666, PathFlags.IN_ROOT),
                op(Opcode.MKFILE, "/etc/f", 0644, PathFlags.IN_ROOT),
                op(Opcode.MASK_PATH, "/etc/f"));
        Result r = run(plan(prefix, middle, List.of(op(Opcode.READY))));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(prefix.size() + 3, 0,
                "/dev/null in container is not the null device (char 1:3)"));
    }

    @Test
    @SuppressWarnings("try") // the session is closed early on purpose, as `create` does
    void waitFifoBlocksUntilStartWritesIt() throws Exception {
        Path fifo = tmp.resolve("exec.fifo");
        K.mkfifo(fifo.toString(), 0622);
        Plan p = new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.OPEN_FIFO, fifo),
                op(Opcode.SET_ARGV, "/bin/echo", "started"),
                op(Opcode.CHECK_EXEC),
                op(Opcode.READY),
                op(Opcode.WAIT_FIFO),
                op(Opcode.EXEC)));
        int[] out = K.socketpair();
        int s1 = -1;
        try (InitSession s = InitSession.start(K, NativeShim.initPath(), new int[] {-1, out[1], -1}, new int[0])) {
            K.close(out[1]);
            s.sendPlan(p);
            InitSession.Event e = s.next();
            assertThat(e).isInstanceOf(InitSession.Pid.class);
            s1 = ((InitSession.Pid) e).pid();
            assertThat(s.next()).isEqualTo(new InitSession.Ready());
            s.close(); // `create` returns here
            assertThat(exit(s.waitInit())).isZero();
            Thread.sleep(300);
            assertThat(K.waitpid(s1, true)).as("S1 must block in WAIT_FIFO").isEqualTo(-1);
            // a writer that comes and goes without a byte does not release it
            K.close(K.open(fifo.toString(), Kernel.O_WRONLY | Kernel.O_NONBLOCK | Kernel.O_CLOEXEC, 0));
            Thread.sleep(100);
            assertThat(K.waitpid(s1, true)).as("S1 must still block in WAIT_FIFO").isEqualTo(-1);
            int w = K.open(fifo.toString(), Kernel.O_WRONLY | Kernel.O_NONBLOCK | Kernel.O_CLOEXEC, 0); // `start`
            K.writeFully(w, "0".getBytes(StandardCharsets.US_ASCII), 0, 1);
            K.close(w);
            assertThat(exit(K.waitpid(s1, false))).isZero();
            s1 = -1;
            assertThat(JniKernelTest.drain(K, out[0])).isEqualTo("started\n");
        } finally {
            if (s1 > 0) {
                K.kill(s1, 9);
                K.waitpid(s1, false);
            }
            K.close(out[0]);
        }
    }

    @Test
    void s0KillsS1WhenAChildOpFails() throws Exception {
        Plan p = new Plan(List.of(
                op(Opcode.CLONE, CLONE_NEWUSER),
                op(Opcode.CHILD_WRITE_FILE, "no_such_file", "x"),
                op(Opcode.READY)));
        Result r = run(p);
        assertThat(r.pid()).isPositive();
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(1, ENOENT, "open /proc/" + r.pid() + "/no_such_file"));
        assertThat(exit(r.initStatus())).isEqualTo(1);
        assertThat(r.childStatus()).as("S0 killed and reaped S1").isEqualTo(-2);
        assertThat(K.kill(r.pid(), 0)).isEqualTo(3); // ESRCH
    }

    @Test
    void setnsPathsAreOpenedBeforeJoining() throws Exception {
        Plan p = new Plan(List.of(
                op(Opcode.SETNS, CLONE_NEWUTS, "/proc/self/ns/uts"),
                op(Opcode.SETNS, CLONE_NEWNS, "/nonexistent/ns"),
                op(Opcode.READY)));
        // the second path fails before the first setns is made
        Result r = run(p);
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(1, ENOENT, "open /nonexistent/ns"));
    }

    @Test
    void malformedPlanIsRejectedBeforeAnythingRuns() throws Exception {
        Plan p = new Plan(List.of(op(Opcode.READY), new Op(Opcode.CLONE, List.of("lots"), "clone", null)));
        Result r = run(p);
        assertThat(r.events()).containsExactly(new InitSession.Failed(1, EINVAL, "bad argument 0 of CLONE"),
                new InitSession.Eof());
    }

    @Test
    void hooksGetStateOnStdinAndTheirEnvironment() throws Exception {
        Path stateOut = tmp.resolve("state.json");
        Path envOut = tmp.resolve("env.txt");
        String state = "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"creating\"}";
        Plan ok = new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.SYNC, "createContainer"),
                op(Opcode.HOOK, "/bin/sh", 5, 3, "sh", "-c", "cat > " + stateOut + "; tr '\\0' '\\n' < /proc/$$/environ > " + envOut, "FOO=bar"),
                op(Opcode.READY)));
        Result r = run(ok, new int[0], state.getBytes(StandardCharsets.UTF_8));
        assertThat(r.events()).containsSubsequence(new InitSession.Sync("createContainer"), new InitSession.Ready());
        assertThat(Files.readString(stateOut)).isEqualTo(state);
        assertThat(Files.readString(envOut)).isEqualTo("FOO=bar\n");

        Plan failing = new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.HOOK, "/bin/sh", 0, 3, "sh", "-c", "echo oops >&2; exit 3"),
                op(Opcode.READY)));
        assertThat(run(failing).failure()).isEqualTo(new InitSession.Failed(1, 0, "hook /bin/sh exited with status 3: oops"));

        Plan slow = new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.HOOK, "/bin/sleep", 1, 2, "sleep", "30"),
                op(Opcode.READY)));
        long t0 = System.nanoTime();
        assertThat(run(slow).failure()).isEqualTo(new InitSession.Failed(1, 0, "hook /bin/sleep ran past its timeout of 1s"));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);

        Plan missing = new Plan(List.of(op(Opcode.HOOK, "/no/hook", 0, 0)));
        assertThat(run(missing).failure()).isEqualTo(new InitSession.Failed(0, ENOENT, "hook /no/hook: exec"));
    }

    @Test
    void runsFromASealedMemfd() throws Exception {
        Plan p = new Plan(List.of(op(Opcode.CLONE, 0), op(Opcode.SYNC, "look")));
        try (InitSession s = InitSession.start(K, NativeShim.initPath(), new int[] {-1, -1, -1}, new int[0])) {
            s.sendPlan(p);
            int s1 = ((InitSession.Pid) s.next()).pid();
            try {
                assertThat(s.next()).isEqualTo(new InitSession.Sync("look"));
                Path exe = Path.of("/proc/" + s1 + "/exe");
                assertThat(Files.readSymbolicLink(exe).toString()).isEqualTo("/memfd:jrunc-init (deleted)");
                // what a container would try (CVE-2019-5736): the sealed copy cannot be written
                assertThatThrownBy(() -> {
                    try (FileChannel ch = FileChannel.open(exe, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(new byte[] {0x7f}));
                    }
                }).isInstanceOf(IOException.class);
                s.sendContinue(new byte[0]);
                assertThat(s.next()).isEqualTo(new InitSession.Eof());
            } finally {
                s.waitInit();
                K.kill(s1, 9);
                K.waitpid(s1, false);
            }
        }
    }

    @Test
    void noJruncFdReachesTheContainerEvenWithoutCloseFds() throws Exception {
        Path root = rootfs(tmp);
        Path fifo = tmp.resolve("fifo");
        K.mkfifo(fifo.toString(), 0600);
        List<Op> prefix = new java.util.ArrayList<>(containerPrefix(root, 0, true));
        prefix.add(1, op(Opcode.OPEN_FIFO, fifo)); // in S1, before the root changes
        List<Op> suffix = List.of(op(Opcode.SET_ARGV, "sh", "-c", "ls /proc/$$/fd; true"),
                op(Opcode.SET_ENV, "PATH=/bin"), op(Opcode.READY), op(Opcode.EXEC));
        Result r = run(plan(prefix, List.of(), suffix));
        // sync socket, root fd, fifo fd, SETNS fds: all close-on-exec
        assertThat(r.stdout()).isEqualTo("0\n1\n2\n");
    }

    @Test
    void moveRootInsteadOfPivot() throws Exception {
        Path root = rootfs(tmp);
        List<Op> prefix = new java.util.ArrayList<>(containerPrefix(root, 0, true));
        prefix.set(prefix.size() - 1, op(Opcode.MOVE_ROOT, root));
        Result r = run(plan(prefix, List.of(op(Opcode.MKFILE, "/etc/hosts", 0644, PathFlags.IN_ROOT)),
                execSuffix("ls /; ls /etc", 3)));
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("bin\ndev\netc\nproc\ntmp\nhosts\n");
        assertThat(Files.exists(root.resolve("etc/hosts"))).isTrue();
    }

    @Test
    void processAttributesAndMountOps() throws Exception {
        Path root = rootfs(tmp);
        Files.writeString(root.resolve("etc/motd"), "old");
        int inRoot = PathFlags.IN_ROOT;
        List<Op> prefix = new java.util.ArrayList<>(List.of(
                op(Opcode.OOM_SCORE_ADJ, 500),
                op(Opcode.UNSHARE, CLONE_NEWIPC)));
        prefix.addAll(containerPrefix(root, 0, true));
        prefix.add(prefix.size() - 1, op(Opcode.WRITE_FILE, root.resolve("etc/motd"), "new"));
        List<Op> middle = List.of(
                op(Opcode.SETSID),
                op(Opcode.RLIMIT, 7, 1024, 2048), // RLIMIT_NOFILE
                op(Opcode.UMASK, 027),
                op(Opcode.MKDIR, "/made/deep", 0700, inRoot),
                op(Opcode.MOUNT, "tmpfs", "/ro", "tmpfs", 0, "", inRoot | PathFlags.MKDIR),
                op(Opcode.REMOUNT, "/ro", MS_RDONLY | MS_NOSUID, inRoot),
                op(Opcode.MOUNT, "tmpfs", "/sa", "tmpfs", 0, "", inRoot | PathFlags.MKDIR),
                op(Opcode.SETATTR, "/sa", 1 | 8, 0, 1, inRoot), // MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOEXEC
                op(Opcode.MOUNT, "tmpfs", "/opt/x", "tmpfs", 0, "", inRoot | PathFlags.OPTIONAL));
        String script = "cat /proc/self/oom_score_adj; cat /etc/motd; echo; echo sid=$(cut -d' ' -f6 /proc/$$/stat); "
                + "grep 'Max open files' /proc/self/limits | tr -s ' '; umask; stat -c '%a %n' /made /made/deep; "
                + "touch /ro/f 2>/dev/null || echo ro=ro; touch /sa/f 2>/dev/null || echo sa=ro; "
                + "grep -E ' /(ro|sa) ' /proc/self/mountinfo | cut -d' ' -f5,6; readlink /proc/self/ns/ipc; ls /opt 2>&1";
        List<Op> suffix = List.of(op(Opcode.SET_ARGV, "sh", "-c", script), op(Opcode.SET_ENV, "PATH=/bin"),
                op(Opcode.READY), op(Opcode.EXEC));
        Result r = run(plan(prefix, middle, suffix));
        assertThat(r.stderr()).isEmpty();
        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.subList(0, 10)).containsExactly("500", "new", "sid=1", "Max open files 1024 2048 files ",
                "0027", "750 /made" /* 0755 under umask 027 */, "700 /made/deep", "ro=ro", "sa=ro", "/ro ro,nosuid,relatime");
        assertThat(lines.get(10)).startsWith("/sa ro,").contains("noexec");
        assertThat(lines.get(11)).startsWith("ipc:[").isNotEqualTo(hostIpc);
        assertThat(lines.get(12)).contains("No such file or directory"); // OPTIONAL: skipped, nothing created
    }

    @Test
    void setnsJoinsAnExistingNamespace() throws Exception {
        int[] out = K.socketpair();
        int holder = K.spawn("/usr/bin/unshare", new String[] {"unshare", "--uts", "sh", "-c",
                "hostname joined-ns && echo ok && exec sleep 60"}, new String[0], new int[] {-1, out[1], -1});
        try {
            K.close(out[1]);
            byte[] buf = new byte[3];
            assertThat(K.read(out[0], buf, 0, 3)).isEqualTo(3); // the namespace is set up
            Plan p = new Plan(List.of(
                    op(Opcode.SETNS, CLONE_NEWUTS, "/proc/" + holder + "/ns/uts"),
                    op(Opcode.CLONE, 0),
                    op(Opcode.SET_ARGV, "/bin/hostname"),
                    op(Opcode.READY),
                    op(Opcode.EXEC)));
            Result r = run(p);
            assertThat(r.stdout()).isEqualTo("joined-ns\n");
        } finally {
            K.kill(holder, 9);
            K.waitpid(holder, false);
            K.close(out[0]);
        }
    }
}
