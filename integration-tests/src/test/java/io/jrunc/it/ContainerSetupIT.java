package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags and fds of create/run (--preserve-fds, LISTEN_FDS, --pid-file), error paths, the waiting init. */
class ContainerSetupIT extends InsideTestBase {

    /** Runs the launcher from a shell that first opens fds 3, 4 and 5 on files holding "three", "four", "five". */
    private ProcResult runWithFds(String envPrefix, String... jruncArgs) throws Exception {
        for (String n : List.of("three", "four", "five")) {
            Files.writeString(tmp.resolve(n), n + "\n");
        }
        StringBuilder cmd = new StringBuilder("cd " + tmp + " && exec 3<three 4<four 5<five && " + envPrefix
                + " exec " + ItEnv.jrunc() + " --root " + root);
        for (String a : jruncArgs) {
            cmd.append(" '").append(a).append('\'');
        }
        return Proc.run(List.of("/bin/sh", "-c", cmd.toString()), tmp, null, TIMEOUT);
    }

    // no pipe or $(...) around ls: the shell would hold the pipe's fd while ls looks
    private static final String FD_SCRIPT = "ls /proc/$$/fd; "
            + "for fd in 3 4 5; do [ -e /proc/$$/fd/$fd ] && head -n1 /proc/$$/fd/$fd; done; "
            + "env | grep ^LISTEN_ | sort";

    @Test
    void preserveFdsPassesTheNextFdsFrom3() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", FD_SCRIPT);
        ProcResult r = runWithFds("", "run", "--preserve-fds", "2", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("0\n1\n2\n3\n4\nthree\nfour\n");
    }

    @Test
    void listenFdsComeFirstAndTheProcessSeesLISTEN_PID1() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", FD_SCRIPT);
        ProcResult r = runWithFds("LISTEN_FDS=2 LISTEN_PID=$$", "run", "--preserve-fds", "1", "--bundle",
                b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("0\n1\n2\n3\n4\n5\nthree\nfour\nfive\nLISTEN_FDS=2\nLISTEN_PID=1\n");
    }

    @Test
    void listenFdsForAnotherProcessAreIgnoredAsByRunc() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", FD_SCRIPT);
        ProcResult r = runWithFds("LISTEN_FDS=2 LISTEN_PID=1", "run", "--preserve-fds", "1", "--bundle",
                b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("0\n1\n2\n3\nthree\n");
    }

    @Test
    void pidFileOfADetachedRunHoldsTheInitsHostPid() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String id = newId();
        ProcResult r = jrunc("run", "-d", "--pid-file", "relative.pid", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        int pid = Bundles.JSON.readTree(jrunc("state", id).stdout()).get("pid").asInt();
        assertThat(Files.readString(tmp.resolve("relative.pid"))).isEqualTo(Integer.toString(pid));
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).isEqualTo("sleep\u000060\u0000");
        assertThat(jrunc("delete", "--force", id).exitCode()).isZero();
    }

    @Test
    void executablesThatCannotRunFailCreateWithRuncsText() {
        for (Bundles.Rootfs kind : Bundles.Rootfs.values()) {
            ProcResult notFound = jrunc("create", "--bundle", bundle(kind, "no-such-program").toString(), newId());
            assertThat(notFound.exitCode()).isEqualTo(1);
            assertThat(notFound.stderr()).as(kind.name())
                    .contains("exec: \\\"no-such-program\\\": executable file not found in $PATH");
            ProcResult absent = jrunc("create", "--bundle", bundle(kind, "/no/such/file").toString(), newId());
            assertThat(absent.exitCode()).isEqualTo(1);
            assertThat(absent.stderr()).as(kind.name())
                    .contains("exec: \\\"/no/such/file\\\": stat /no/such/file: no such file or directory");
            ProcResult dir = jrunc("create", "--bundle", bundle(kind, "/etc").toString(), newId());
            assertThat(dir.exitCode()).isEqualTo(1);
            assertThat(dir.stderr()).as(kind.name()).contains("exec: \\\"/etc\\\": is a directory");
        }
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void configErrorsNameTheFieldAndLeaveNothing() {
        ProcResult cwd = jrunc("create", "--bundle", bundle(Bundles.Rootfs.DEBIAN,
                c -> process(c).put("cwd", "relative"), "true").toString(), newId());
        assertThat(cwd.exitCode()).isEqualTo(1);
        assertThat(cwd.stderr()).contains("process.cwd");
        ProcResult rootfs = jrunc("create", "--bundle", bundle(Bundles.Rootfs.BUSYBOX,
                c -> ((ObjectNode) c.get("root")).put("path", "/no/such/rootfs"), "true").toString(), newId());
        assertThat(rootfs.exitCode()).isEqualTo(1);
        assertThat(rootfs.stderr()).contains("root.path");
        ProcResult mount = jrunc("create", "--bundle", bundle(Bundles.Rootfs.DEBIAN,
                c -> addMount(c, "/weird", "nosuchfs", "none"), "true").toString(), newId());
        assertThat(mount.exitCode()).isEqualTo(1);
        assertThat(mount.stderr()).contains("mount nosuchfs to /weird: no such device");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    /**
     * The init of a created container waits in jrunc-init: small, and non-dumpable until its
     * execve. Root with CAP_SYS_PTRACE may look at anything, so the check reads the link
     * /proc/PID/exe (a ptrace "read" access) as root without CAP_SYS_PTRACE: the kernel refuses
     * it for a non-dumpable process only (same uid, so only dumpability decides). A dumpable
     * control process with the same capabilities passes the same check, and so does the
     * container's process once started (its execve made it dumpable).
     */
    @Test
    void aCreatedContainersInitIsSmallAndNotDumpable() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String id = newId();
        assertThat(jrunc("create", "--bundle", b.toString(), id).exitCode()).isZero();
        int pid = Bundles.JSON.readTree(jrunc("state", id).stdout()).get("pid").asInt();
        long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
        assertThat(rssKb).as("VmRSS of the waiting init, kB").isLessThan(16 * 1024);

        // the control runs with the reader's capabilities: a target holding caps the reader lacks
        // is refused for that reason alone (commoncap), whatever its dumpability
        Process control = new ProcessBuilder("setpriv", "--bounding-set=-sys_ptrace", "--inh-caps=-all", "sleep", "60")
                .start();
        Thread.sleep(300); // until setpriv has exec'd sleep
        try {
            ProcResult c = readExeWithoutPtraceCap(control.pid());
            assertThat(c.exitCode()).as(c.describe()).isZero();
        } finally {
            control.destroyForcibly().waitFor();
        }
        ProcResult waiting = readExeWithoutPtraceCap(pid);
        assertThat(waiting.exitCode()).as(waiting.describe()).isNotZero();
        assertThat(waiting.stderr()).contains("Permission denied");

        assertThat(jrunc("start", id).exitCode()).isZero();
        for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"); i++) {
            Thread.sleep(50);
        }
        ProcResult running = readExeWithoutPtraceCap(pid);
        assertThat(running.exitCode()).as(running.describe()).isZero();
        assertThat(running.stdout()).contains("busybox");
        assertThat(jrunc("delete", "--force", id).exitCode()).isZero();
    }

    private static ProcResult readExeWithoutPtraceCap(long pid) {
        return Proc.run(List.of("setpriv", "--bounding-set=-sys_ptrace", "--inh-caps=-all", "readlink", "-v",
                "/proc/" + pid + "/exe"), Duration.ofSeconds(10));
    }

    @Test
    void debianRunsItsOwnBinariesWithTheHostsIdsUntouched() {
        Map<String, String> s = inside(Bundles.Rootfs.DEBIAN, null, probes(
                "ls", "ls --version | head -n1",
                "pid", "echo $$"));
        assertThat(s.get("ls")).startsWith("ls (GNU coreutils)");
        assertThat(s.get("pid")).isEqualTo("1");
    }
}
