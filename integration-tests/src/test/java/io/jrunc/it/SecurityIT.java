package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Attacks from runc's CVE history, replayed against jrunc: each test builds the hostile
 * bundle or container, runs it, and asserts the attack failed (docs/security.md).
 */
class SecurityIT extends InsideTestBase {

    /** The jrunc-init the launcher runs: build/install/lib/jrunc/jrunc-init next to bin/jrunc. */
    private static Path initBinary() {
        return ItEnv.jrunc().toAbsolutePath().getParent().getParent().resolve("lib/jrunc/jrunc-init");
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** A host file whose content, mode and owner must survive the test. */
    private record Canary(Path path, String content, String attrs) {
        static Canary make(Path dir, String name) throws IOException {
            Path p = dir.resolve(name);
            Files.writeString(p, "canary " + name + "\n");
            return new Canary(p, Files.readString(p), attrs(p));
        }

        private static String attrs(Path p) throws IOException {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.permissions() + " " + a.owner() + " " + a.group() + " " + a.size() + " " + a.fileKey();
        }

        void assertIntact() throws IOException {
            assertThat(Files.readString(path)).as("content of the host file %s", path).isEqualTo(content);
            assertThat(attrs(path)).as("mode/owner of the host file %s", path).isEqualTo(attrs);
            for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                assertThat(l.split(" ")[4]).as("a mount on the host at the canary").isNotEqualTo(path.toString());
            }
        }
    }

    private static void symlink(Path link, String target) {
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "../" repeated enough times to climb out of any rootfs, then the absolute host path. */
    private static String climb(Path hostPath) {
        return "../../../../../../../../../../.." + hostPath;
    }

    // ---------------------------------------------------------------- CVE-2024-21626

    /**
     * CVE-2024-21626: runc leaked a host directory fd into its init; process.cwd =
     * /proc/self/fd/N made the container start with a cwd outside its root. For every N in
     * 3..20 create must fail, or the process must see only its own root: the host's marker
     * file (next to the launcher's cwd) is not reachable through "..", and only fds 0-2 are open.
     */
    @Test
    void cwdThroughALeakedFdNeverReachesTheHost() throws Exception {
        String marker = "host-marker-" + token;
        Files.writeString(tmp.resolve(marker), "host\n");
        int refused = 0;
        for (int n = 3; n <= 20; n++) {
            String cwd = "/proc/self/fd/" + n;
            Path b = bundle(Bundles.Rootfs.DEBIAN, c -> process(c).put("cwd", cwd), "sh", "-c",
                    "pwd; ls -a . .. ../.. ../../..; ls /proc/$$/fd");
            ProcResult r = runBundle(b);
            if (r.exitCode() != 0) {
                refused++;
                assertThat(r.stdout()).as(r.describe()).doesNotContain(marker);
                continue;
            }
            assertThat(r.stdout()).as("cwd %s: %s", cwd, r.describe())
                    .doesNotContain(marker).doesNotContain("jrunc-it-").doesNotContain("wt-harden");
            List<String> lines = r.stdoutLines();
            assertThat(lines.subList(lines.size() - 3, lines.size())).as(r.describe()).containsExactly("0", "1", "2");
        }
        // jrunc-init holds a few fds at CHDIR time (root, fifo, sync socket): those cwds must not work
        assertThat(refused).as("cwds refused").isPositive();
    }

    /** The same through {@code exec --cwd}, once exec exists. */
    @Test
    void execCwdThroughALeakedFdNeverReachesTheHost() throws Exception {
        ProcResult probe = jrunc("exec", newId(), "true");
        assumeFalse(probe.combined().contains("not implemented"), "jrunc exec is not implemented yet");
        String marker = "host-marker-" + token;
        Files.writeString(tmp.resolve(marker), "host\n");
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sleep", "60");
        String id = newId();
        assertThat(jrunc("run", "-d", "--bundle", b.toString(), id).exitCode()).isZero();
        try {
            ProcResult control = jrunc("exec", id, "sh", "-c", "echo exec-works");
            assertThat(control.stdout()).as(control.describe()).isEqualTo("exec-works\n");
            for (int n = 3; n <= 20; n++) {
                ProcResult r = jrunc("exec", "--cwd", "/proc/self/fd/" + n, id, "sh", "-c",
                        "pwd; ls -a . .. ../.. ../../..; ls /proc/$$/fd");
                assertThat(r.stdout()).as(r.describe()).doesNotContain(marker).doesNotContain("jrunc-it-")
                        .doesNotContain("wt-harden");
                if (r.exitCode() == 0) {
                    List<String> lines = r.stdoutLines();
                    assertThat(lines.subList(lines.size() - 3, lines.size())).as(r.describe())
                            .containsExactly("0", "1", "2");
                }
            }
        } finally {
            jrunc("delete", "--force", id);
        }
    }

    // ---------------------------------------------- CVE-2025-31133 / 52565 / 52881

    /** A bundle whose /dev comes from the (hostile) rootfs: the runc spec's /dev tmpfs is removed. */
    private Path rootfsDevBundle(java.util.function.Consumer<Path> hostileRootfs, String... args) {
        return bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ArrayNode ms = mounts(c);
            for (int i = ms.size() - 1; i >= 0; i--) {
                if (ms.get(i).get("destination").asText().equals("/dev")) {
                    ms.remove(i);
                }
            }
            hostileRootfs.accept(tmp.resolve("bundle-" + bundlesMade() + "/rootfs")); // made before the edit
        }, args);
    }

    private int bundlesMade() {
        try (var s = Files.list(tmp)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith("bundle-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CVE-2025-31133/52565: /dev/null, /dev/zero, /dev/console, /dev/ptmx and /dev/pts/ptmx of
     * the image are symlinks to host files (absolute and "../" chains). Device creation, the
     * /dev links and masking happen before/after pivot_root on these names: none may follow
     * them. Create fails or runs, but the host files keep their content, mode and owner, and
     * nothing inside the container is a mount of them.
     */
    @Test
    void devNodesThatAreSymlinksToHostFilesAreNeverFollowed() throws Exception {
        Canary nul = Canary.make(tmp, "canary-null");
        Canary zero = Canary.make(tmp, "canary-zero");
        Canary console = Canary.make(tmp, "canary-console");
        Canary ptmx = Canary.make(tmp, "canary-ptmx");
        Canary ptsPtmx = Canary.make(tmp, "canary-pts-ptmx");
        Path b = rootfsDevBundle(rootfs -> {
            try {
                Files.createDirectories(rootfs.resolve("dev/pts"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            symlink(rootfs.resolve("dev/null"), climb(nul.path()));
            symlink(rootfs.resolve("dev/zero"), zero.path().toString());
            symlink(rootfs.resolve("dev/console"), climb(console.path()));
            symlink(rootfs.resolve("dev/ptmx"), ptmx.path().toString());
            symlink(rootfs.resolve("dev/pts/ptmx"), climb(ptsPtmx.path()));
        }, "sh", "-c", "cat /proc/self/mountinfo; echo x > /proc/kcore; echo x > /dev/null; echo x > /dev/zero;"
                + " echo x > /dev/console; echo x > /dev/ptmx; true");
        ProcResult r = runBundle(b);
        for (Canary c : List.of(nul, zero, console, ptmx, ptsPtmx)) {
            c.assertIntact();
            assertThat(r.stdout()).as(r.describe()).doesNotContain(c.path().getFileName().toString());
        }
    }

    /**
     * CVE-2025-31133 as a race: while create runs, a second process keeps swapping the
     * rootfs's /dev/null between a real 1:3 node and a symlink to a procfs file
     * (/proc/sys/kernel/domainname: UTS-namespaced, so harmless even if it were bound).
     * Masked paths are bind mounts of /dev/null: no masked path may end up a mount of procfs
     * sysctl files, and the host canary the symlink also tries stays intact. Bounded: 12 creates.
     */
    @Test
    void devNullSwappedForASymlinkDuringCreateIsNeverBoundOverAMaskedPath() throws Exception {
        Canary canary = Canary.make(tmp, "canary-race");
        Path[] rootfs = new Path[1];
        Path b = rootfsDevBundle(r -> rootfs[0] = r, "sh", "-c", "cat /proc/self/mountinfo");
        Path devNull = rootfs[0].resolve("dev/null");
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                String target = (i++ % 2 == 0) ? "/proc/sys/kernel/domainname" : climb(canary.path());
                Proc.run(List.of("sh", "-c", "for k in 1 2 3 4 5 6 7 8 9 10; do rm -f " + devNull + "; mknod -m 666 "
                        + devNull + " c 1 3; rm -f " + devNull + "; ln -s " + target + " " + devNull + "; done"),
                        Duration.ofSeconds(30));
            }
        });
        swapper.start();
        int ran = 0;
        try {
            for (int i = 0; i < 12; i++) {
                ProcResult r = runBundle(b);
                if (r.exitCode() == 0) {
                    ran++;
                    for (String l : r.stdout().split("\n")) {
                        String[] f = l.split(" ");
                        if (f.length > 4 && l.contains(" - proc ")) {
                            assertThat(f[3]).as("a masked path bound from a procfs file: %s", l)
                                    .doesNotContain("domainname");
                        }
                    }
                    assertThat(r.stdout()).doesNotContain(canary.path().getFileName().toString());
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        canary.assertIntact();
        System.err.println("SecurityIT: /dev/null race: " + ran + " of 12 creates ran");
    }

    /**
     * CVE-2025-52881: sysctls are written below /proc/sys; a mount that puts a host directory
     * there (here a bind of a host dir holding kernel/domainname) must not receive the write:
     * jrunc checks /proc/sys and the opened file are procfs. The host file stays intact.
     */
    @Test
    void aSysctlWhoseTargetIsNotProcfsIsRefusedAndTheHostFileUntouched() throws Exception {
        Path fake = tmp.resolve("fake-proc-sys");
        Files.createDirectories(fake.resolve("kernel"));
        Canary canary = Canary.make(fake.resolve("kernel"), "domainname");
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            addMount(c, "/proc/sys", "bind", fake.toString(), "rbind");
            linux(c).putObject("sysctl").put("kernel.domainname", "pwned");
        }, "true");
        ProcResult r = jrunc("run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("kernel.domainname");
        canary.assertIntact();
    }

    // ---------------------------------------------------------------- ids and paths

    /** An id with "../" is refused by every command before any path is built from it. */
    @Test
    void containerIdsWithDotDotAreRefused() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "true");
        for (String bad : List.of("../escape-" + token, "..", "a/../../b", "/abs")) {
            for (List<String> cmd : List.of(List.of("create", "--bundle", b.toString(), bad),
                    List.of("run", "--bundle", b.toString(), bad), List.of("state", bad), List.of("kill", bad),
                    List.of("delete", "--force", bad), List.of("start", bad))) {
                ProcResult r = jrunc(cmd.toArray(String[]::new));
                assertThat(r.exitCode()).as(r.describe()).isNotZero();
                assertThat(r.stderr()).as(r.describe()).contains("invalid container ID format");
            }
        }
        assertThat(tmp.resolve("escape-" + token)).doesNotExist();
        if (Files.exists(root)) {
            try (var s = Files.list(root)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }

    /** root.path as a "../" chain of symlinks leading out of the bundle: the container sees that rootfs and nothing above it. */
    @Test
    void aRootfsThatIsASymlinkOutOfTheBundleIsTheOnlyRootfsTheContainerSees() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("root")).put("path", "link"),
                "sh", "-c", "ls -a /; ls -a /..");
        Path real = tmp.resolve("elsewhere/rootfs");
        Files.createDirectories(real.getParent());
        Files.move(b.resolve("rootfs"), real);
        symlink(b.resolve("link"), "../../../../../../../../.." + real);
        ProcResult r = runBundle(b);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("bin").doesNotContain("elsewhere").doesNotContain("bundle-");
    }

    // ------------------------------------------------- CVE-2019-5736 / CVE-2016-9962

    // each probe in a subshell whose stderr is captured: a failed redirection is reported by the
    // shell itself, and a failed "exec 7<" would end a non-interactive shell
    private static final String PROBE_INIT = probes(
            "exe", "(readlink /proc/1/exe || echo failed) 2>&1",
            "readexe", "(cat /proc/1/exe > /dev/null; echo rc=$?) 2>&1",
            "writeexe", "(echo pwned > /proc/1/exe; echo rc=$?) 2>&1",
            "appendexe", "(echo pwned >> /proc/1/exe; echo rc=$?) 2>&1",
            "writefd", "(exec 3</proc/1/exe && echo pwned > /proc/self/fd/3; echo rc=$?) 2>&1",
            "mem", "(dd if=/proc/1/mem of=/dev/null bs=1 count=1 skip=4096; echo rc=$?) 2>&1",
            "environ", "(cat /proc/1/environ > /dev/null; echo rc=$?) 2>&1",
            "cmdline", "tr '\\0' ' ' < /proc/1/cmdline; echo");

    /**
     * CVE-2019-5736 and CVE-2016-9962: the init of a created container is jrunc-init, waiting
     * on exec.fifo. A second container joins its pid namespace, so that jrunc-init is its pid 1,
     * and attacks it: open /proc/1/exe for writing (to overwrite the runtime binary), read its
     * memory and environment (ptrace-mode access). With the runc spec's capabilities every
     * access is refused (jrunc-init is non-dumpable); with CAP_SYS_PTRACE added (which passes
     * the dumpability check) the exe is a sealed memfd copy: readable, never writable. The
     * installed jrunc-init keeps its checksum and the waiting container still starts.
     */
    @Test
    void aContainerCannotOverwriteOrInspectTheWaitingJruncInit() throws Exception {
        Path init = initBinary();
        String before = sha256(init);
        Path victim = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", "echo started");
        String id = newId();
        assertThat(jrunc("create", "--bundle", victim.toString(), id).exitCode()).isZero();
        int pid = Bundles.JSON.readTree(jrunc("state", id).stdout()).get("pid").asInt();
        try {
            Map<String, String> plain = inside(Bundles.Rootfs.BUSYBOX,
                    c -> setNamespace(c, "pid", "/proc/" + pid + "/ns/pid"), PROBE_INIT);
            assertThat(plain.get("cmdline")).startsWith("jrunc-init");
            assertThat(plain.get("exe")).endsWith("failed");
            for (String probe : List.of("readexe", "writeexe", "appendexe", "writefd", "mem", "environ")) {
                assertThat(plain.get(probe)).as(probe).contains("Permission denied").doesNotEndWith("rc=0");
            }

            Map<String, String> ptrace = inside(Bundles.Rootfs.BUSYBOX, c -> {
                setNamespace(c, "pid", "/proc/" + pid + "/ns/pid");
                ObjectNode caps = (ObjectNode) process(c).get("capabilities");
                for (String set : List.of("bounding", "effective", "permitted")) {
                    ((ArrayNode) caps.get(set)).add("CAP_SYS_PTRACE");
                }
            }, PROBE_INIT);
            assertThat(ptrace.get("exe")).isEqualTo("/memfd:jrunc-init (deleted)");
            assertThat(ptrace.get("readexe")).isEqualTo("rc=0");
            for (String probe : List.of("writeexe", "appendexe", "writefd")) {
                // ETXTBSY (the running image) or EPERM (the memfd's write seal)
                assertThat(ptrace.get(probe)).as(probe).doesNotEndWith("rc=0").containsPattern("busy|not permitted");
            }
            System.err.println("SecurityIT: with CAP_SYS_PTRACE: " + ptrace);

            assertThat(sha256(init)).as("the installed jrunc-init").isEqualTo(before);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString())
                    .isEqualTo("/memfd:jrunc-init (deleted)");
            assertThat(jrunc("start", id).exitCode()).isZero();
        } finally {
            jrunc("delete", "--force", id);
        }
        assertThat(sha256(init)).isEqualTo(before);
    }
}
