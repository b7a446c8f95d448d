package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rootless jrunc (docs/rootless.md): the launcher run by an unprivileged user
 * ({@value #USER}, made once with a /etc/subuid and /etc/subgid range if it does not exist)
 * through runuser, with XDG_RUNTIME_DIR set to a directory it owns. Checked from inside the
 * container and from the host. Plus a root-run user namespace without a network namespace,
 * whose /sys must be the host's, bound.
 */
class RootlessIT extends JruncTestBase {
    static final String USER = "jrunc-rootless-it";
    /** The subordinate range the test user gets when it has none. */
    static final long SUB_START = 200000;
    static final long SUB_COUNT = 65536;

    static long uid;
    static long gid;
    static long subUid;
    static long subGid;

    /** The test user's XDG_RUNTIME_DIR: the state root defaults to its jrunc/ subdirectory. */
    Path xdg;

    @BeforeAll
    static void testUser() throws IOException {
        if (!ItEnv.isRoot()) {
            return; // JruncTestBase skips every test
        }
        if (Proc.run(List.of("id", "-u", USER), TIMEOUT).exitCode() != 0) {
            ProcResult r = Proc.run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", USER),
                    TIMEOUT);
            assertThat(r.exitCode()).as(r.describe()).isZero();
        }
        uid = Long.parseLong(Proc.run(List.of("id", "-u", USER), TIMEOUT).stdout().strip());
        gid = Long.parseLong(Proc.run(List.of("id", "-g", USER), TIMEOUT).stdout().strip());
        subUid = subRange(Path.of("/etc/subuid"));
        subGid = subRange(Path.of("/etc/subgid"));
    }

    /** The user's first range in the file, added when it has none. */
    private static long subRange(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        for (String l : lines) {
            String[] f = l.split(":");
            if (f.length == 3 && (f[0].equals(USER) || f[0].equals(Long.toString(uid)))) {
                return Long.parseLong(f[1]);
            }
        }
        List<String> out = new ArrayList<>(lines);
        out.add(USER + ":" + SUB_START + ":" + SUB_COUNT);
        Files.write(file, out);
        return SUB_START;
    }

    @BeforeEach
    void userDirs() throws IOException {
        // the user must reach its bundles and XDG dir inside this test's root-owned temp dir
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        xdg = Files.createDirectory(tmp.resolve("xdg"));
        chown(xdg);
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    protected Path leakStateRoot() {
        return tmp.resolve("xdg").resolve("jrunc");
    }

    /** The launcher as the test user, in {@code cwd}, without --root (the XDG default applies). */
    ProcResult asUser(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", USER, "--", "env",
                "XDG_RUNTIME_DIR=" + xdg, "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                ItEnv.jrunc().toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, cwd, null, TIMEOUT);
    }

    static void chown(Path p) {
        ProcResult r = Proc.run(List.of("chown", "-R", uid + ":" + gid, p.toString()), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    /**
     * A bundle as a rootless user makes one: the busybox rootfs copied and owned by the user,
     * config.json from {@code jrunc spec --rootless} run as the user, then {@code edit} and the args.
     */
    Path rootlessBundle(Consumer<ObjectNode> edit, String... args) throws IOException {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "true");
        Files.delete(b.resolve("config.json"));
        chown(b);
        ProcResult spec = asUser(b, "spec", "--rootless");
        assertThat(spec.exitCode()).as(spec.describe()).isZero();
        ObjectNode c = (ObjectNode) Bundles.JSON.readTree(b.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) c.get("process");
        process.put("terminal", false);
        ArrayNode argv = process.putArray("args");
        for (String a : args) {
            argv.add(a);
        }
        if (edit != null) {
            edit.accept(c);
        }
        Bundles.write(c, b.resolve("config.json"));
        chown(b.resolve("config.json"));
        return b;
    }

    static void mappings(ObjectNode c, String key, long... triples) {
        ArrayNode a = ((ObjectNode) c.get("linux")).putArray(key);
        for (int i = 0; i < triples.length; i += 3) {
            a.addObject().put("containerID", triples[i]).put("hostID", triples[i + 1]).put("size", triples[i + 2]);
        }
    }

    @Test
    void aSpecRootlessBundleRunsAsTheUserMappedToRoot() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        chown(shared);
        Path b = rootlessBundle(c -> UserNamespaceIT.bind(c, shared, "/shared"),
                "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; touch /shared/made-inside");
        ProcResult r = asUser(b, "run", newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        String line = String.format("%10d %10d %10d", 0, uid, 1);
        String gline = String.format("%10d %10d %10d", 0, gid, 1);
        assertThat(r.stdoutLines()).containsExactly(line, gline, "0");
        Path made = shared.resolve("made-inside");
        assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo((int) uid);
        assertThat(Files.getAttribute(made, "unix:gid")).isEqualTo((int) gid);
        assertNoJvmNoise(r);
    }

    @Test
    void theLifecycleWorksWithStateUnderXdgRuntimeDirAndNoCgroup() throws Exception {
        Path b = rootlessBundle(null, "sleep", "100");
        String id = newId();
        ProcResult create = asUser(b, "create", id);
        assertThat(create.exitCode()).as(create.describe()).isZero();
        Path state = xdg.resolve("jrunc").resolve(id).resolve("state.json");
        assertThat(state).exists();
        assertThat(Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo((int) uid);
        JsonNode saved = Bundles.JSON.readTree(state.toFile());
        assertThat(saved.path("cgroup_paths").size()).as("no cgroup without delegation: %s", saved).isZero();
        assertThat(Bundles.JSON.readTree(asUser(b, "state", id).stdout()).path("status").asText()).isEqualTo("created");

        ProcResult start = asUser(b, "start", id);
        assertThat(start.exitCode()).as(start.describe()).isZero();
        JsonNode running = Bundles.JSON.readTree(asUser(b, "state", id).stdout());
        assertThat(running.path("status").asText()).isEqualTo("running");
        int pid = running.path("pid").asInt();
        // the container's init runs as the user on the host, in no cgroup of jrunc's
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("Uid:\\s+" + uid + "\\s");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cgroup"))).doesNotContain("jrunc");

        ProcResult exec = asUser(b, "exec", id, "sh", "-c", "id -u; cat /proc/self/uid_map");
        assertThat(exec.exitCode()).as(exec.describe()).isZero();
        assertThat(exec.stdoutLines()).containsExactly("0", String.format("%10d %10d %10d", 0, uid, 1));

        ProcResult ps = asUser(b, "ps", "--format", "json", id);
        assertThat(ps.exitCode()).as(ps.describe()).isZero();
        assertThat(ps.stdout().strip()).isEqualTo("[" + pid + "]");

        ProcResult kill = asUser(b, "kill", "--all", id, "KILL");
        assertThat(kill.exitCode()).as(kill.describe()).isZero();
        for (int i = 0; i < 100 && Files.exists(Path.of("/proc/" + pid)) && !zombie(pid); i++) {
            Thread.sleep(50);
        }
        assertThat(Bundles.JSON.readTree(asUser(b, "state", id).stdout()).path("status").asText()).isEqualTo("stopped");
        ProcResult delete = asUser(b, "delete", id);
        assertThat(delete.exitCode()).as(delete.describe()).isZero();
        assertThat(xdg.resolve("jrunc").resolve(id)).doesNotExist();
    }

    /**
     * Without a pid namespace and without a cgroup nothing kills the init's children with it:
     * ps, kill --all and delete --force find them by the container's mount namespace.
     */
    @Test
    void withoutAPidNamespaceTheContainersProcessesAreFoundByItsMountNamespace() throws Exception {
        Consumer<ObjectNode> noPidNs = c -> {
            ArrayNode ns = (ArrayNode) c.get("linux").get("namespaces");
            for (int i = ns.size() - 1; i >= 0; i--) {
                if (ns.get(i).path("type").asText().equals("pid")) {
                    ns.remove(i);
                }
            }
            // proc cannot be mounted for the host's pid namespace from a user namespace: bind it
            ObjectNode proc = (ObjectNode) c.get("mounts").get(0);
            proc.put("type", "bind").put("source", "/proc");
            proc.putArray("options").add("rbind");
        };
        Path b = rootlessBundle(noPidNs, "sh", "-c", "sleep 1000 & exec sleep 1001");
        for (String how : List.of("kill", "delete")) {
            String id = newId();
            ProcResult run = asUser(b, "run", "-d", id);
            assertThat(run.exitCode()).as(run.describe()).isZero();
            List<Integer> pids = List.of();
            for (int i = 0; i < 100 && pids.size() < 2; i++) {
                Thread.sleep(20);
                ProcResult ps = asUser(b, "ps", "--format", "json", id);
                assertThat(ps.exitCode()).as(ps.describe()).isZero();
                pids = List.of(Bundles.JSON.readValue(ps.stdout(), Integer[].class));
            }
            assertThat(pids).as("the init and its child").hasSize(2);
            if (how.equals("kill")) {
                ProcResult kill = asUser(b, "kill", "--all", id, "KILL");
                assertThat(kill.exitCode()).as(kill.describe()).isZero();
                waitGone(pids);
                assertThat(asUser(b, "delete", id).exitCode()).isZero();
            } else {
                ProcResult delete = asUser(b, "delete", "--force", id);
                assertThat(delete.exitCode()).as(delete.describe()).isZero();
                waitGone(pids);
            }
            for (int pid : pids) {
                assertThat(Path.of("/proc/" + pid)).as(how + " left pid " + pid).doesNotExist();
            }
        }
    }

    private static void waitGone(List<Integer> pids) throws InterruptedException {
        for (int i = 0; i < 100 && pids.stream().anyMatch(p -> Files.exists(Path.of("/proc/" + p))); i++) {
            Thread.sleep(50);
        }
    }

    private static boolean zombie(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat")).contains(") Z ");
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The container has no cgroup: exec must not try to join the init's (root-owned) cgroups
     * when it is started from another cgroup. Both cgroups are made here by root.
     */
    @Test
    void execFromAnotherCgroupJoinsNoCgroup() throws Exception {
        Path memory = Path.of("/sys/fs/cgroup/memory");
        assumeTrue(Files.isDirectory(memory), "a v1 memory hierarchy");
        Path a = memory.resolve(token + "-a");
        Path b = memory.resolve(token + "-b");
        Files.createDirectory(a);
        Files.createDirectory(b);
        try {
            Path bundle = rootlessBundle(null, "sleep", "100");
            String id = newId();
            String user = "runuser -u " + USER + " -- env XDG_RUNTIME_DIR=" + xdg + " " + ItEnv.jrunc();
            ProcResult run = Proc.sh("cd " + bundle + " && echo $$ > " + a + "/cgroup.procs && exec " + user
                    + " run -d " + id, TIMEOUT);
            assertThat(run.exitCode()).as(run.describe()).isZero();
            ProcResult exec = Proc.sh("cd " + bundle + " && echo $$ > " + b + "/cgroup.procs && exec " + user
                    + " exec " + id + " cat /proc/self/cgroup", TIMEOUT);
            assertThat(exec.exitCode()).as(exec.describe()).isZero();
            assertThat(exec.stdout()).contains("memory:/" + token + "-b");
            ProcResult delete = asUser(bundle, "delete", "--force", id);
            assertThat(delete.exitCode()).as(delete.describe()).isZero();
        } finally {
            for (int i = 0; i < 50 && (Files.exists(a) || Files.exists(b)); i++) {
                Proc.run(List.of("rmdir", a.toString(), b.toString()), TIMEOUT);
                if (Files.exists(a) || Files.exists(b)) {
                    Thread.sleep(100);
                }
            }
        }
    }

    @Test
    void moreThanTheOwnIdIsMappedThroughNewuidmapAndNewgidmap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/newuidmap")), "newuidmap (Debian package uidmap) is missing");
        Path b = rootlessBundle(c -> {
            mappings(c, "uidMappings", 0, uid, 1, 1, subUid, 65536);
            mappings(c, "gidMappings", 0, gid, 1, 1, subGid, 65536);
            c.get("process").get("capabilities").forEach(set -> ((ArrayNode) set).add("CAP_CHOWN"));
        }, "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; touch /dev/shm/f; chown 1000:1000 /dev/shm/f && ls -n /dev/shm/f");
        ProcResult r = asUser(b, "run", newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<String> out = r.stdoutLines();
        assertThat(out.subList(0, 4)).containsExactly(
                String.format("%10d %10d %10d", 0, uid, 1), String.format("%10d %10d %10d", 1, subUid, 65536),
                String.format("%10d %10d %10d", 0, gid, 1), String.format("%10d %10d %10d", 1, subGid, 65536));
        assertThat(out.get(4)).contains(" 1000 ").contains(" 1000 ");
    }

    @Test
    void aDryRunShowsTheUnprivilegedNamespaceSetupAndNoCgroup() throws Exception {
        Path b = rootlessBundle(c -> mappings(c, "uidMappings", 0, uid, 1, 1, subUid, 65536), "true");
        String id = newId();
        ProcResult r = asUser(b, "create", "--dry-run", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("dumpable").contains("newuidmap <init>")
                .contains("/proc/<init>/setgroups").doesNotContain("/jrunc/" + id + "/cgroup.procs")
                .doesNotContain("cgroup/memory/jrunc/" + id);
        assertThat(xdg.resolve("jrunc").resolve(id)).doesNotExist();
    }

    @Test
    void idsNotDelegatedToTheUserAreRefusedNamingTheMapping() throws Exception {
        Path b = rootlessBundle(c -> mappings(c, "uidMappings", 0, uid, 1, 1, 7000000, 10), "true");
        ProcResult r = asUser(b, "run", newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("config.json: linux.uidMappings[1]: host uids 7000000-7000009 are neither "
                + "the caller's own uid " + uid + " nor delegated to " + USER + " in /etc/subuid");
        assertThat(xdg.resolve("jrunc")).isEmptyDirectory();
    }

    @Test
    void aMemoryLimitWithoutDelegationFailsClearly() throws Exception {
        Path b = rootlessBundle(c -> ((ObjectNode) c.get("linux")).putObject("resources").putObject("memory")
                .put("limit", 64L << 20), "true");
        ProcResult r = asUser(b, "run", newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot set memory limit: container could not join or create cgroup");
        assertThat(xdg.resolve("jrunc")).isEmptyDirectory();
    }

    @Test
    void rootlessFalseMakesTheCgroupPermissionErrorFatal() throws Exception {
        Path b = rootlessBundle(null, "true");
        ProcResult r = asUser(b, "--rootless", "false", "run", newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("permission denied");
        ProcResult bad = asUser(b, "--rootless", "maybe", "run", newId());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("strconv.ParseBool: parsing \\\"maybe\\\": invalid syntax");
        assertThat(xdg.resolve("jrunc")).isEmptyDirectory();
    }

    /**
     * jrunc as root of a user namespace the user made (as nested in a rootless container):
     * euid 0, yet no cgroup may be made and the XDG state root applies ($USER is not root).
     */
    @Test
    void rootOfAUsersNamespaceRunsAContainerWithoutACgroup() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        chown(shared);
        Path b = rootlessBundle(c -> {
            mappings(c, "uidMappings", 0, 0, 1);
            mappings(c, "gidMappings", 0, 0, 1);
            UserNamespaceIT.bind(c, shared, "/shared");
        }, "sh", "-c", "cat /proc/self/uid_map; id -u; touch /shared/made-inside");
        String id = newId();
        ProcResult r = Proc.run(List.of("runuser", "-u", USER, "--", "unshare", "--user", "--map-root-user", "--mount",
                "env", "XDG_RUNTIME_DIR=" + xdg, "USER=" + USER, ItEnv.jrunc().toString(), "run", id), b, null, TIMEOUT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // the map as the container sees it: relative to the namespace jrunc ran in
        assertThat(r.stdoutLines()).containsExactly(String.format("%10d %10d %10d", 0, 0, 1), "0");
        // whose 0 is the user on the host
        assertThat(Files.getAttribute(shared.resolve("made-inside"), "unix:uid")).isEqualTo((int) uid);
        assertThat(xdg.resolve("jrunc")).isEmptyDirectory();
    }

    /** runc's rootless /sys, here for a root-run user namespace: sysfs needs a network namespace of its own. */
    @Test
    void aUserNamespaceWithoutANetworkNamespaceGetsTheHostsSysBound() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, UserNamespaceIT.userns().andThen(c -> {
            ArrayNode ns = (ArrayNode) c.get("linux").get("namespaces");
            for (int i = ns.size() - 1; i >= 0; i--) {
                if (ns.get(i).path("type").asText().equals("network")) {
                    ns.remove(i);
                }
            }
        }), "cat", "/proc/self/mountinfo");
        ProcResult r = jrunc("run", "--bundle", UserNamespaceIT.chownRootfs(b).toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        String hostSysDev = devOf(Files.readAllLines(Path.of("/proc/self/mountinfo")), "/sys");
        assertThat(devOf(r.stdoutLines(), "/sys")).as("the host's sysfs, bound").isEqualTo(hostSysDev);
        // an rbind carries the host's submounts (a fresh sysfs has none)
        assertThat(r.stdoutLines()).anyMatch(l -> l.split(" ")[4].startsWith("/sys/fs/cgroup"));
        String sys = r.stdoutLines().stream().filter(l -> l.split(" ")[4].equals("/sys")).findFirst().orElseThrow();
        assertThat(sys.split(" ")[5]).contains("ro").contains("nosuid").contains("nodev").contains("noexec");
    }

    /** major:minor of the mount at {@code point}. */
    private static String devOf(List<String> mountinfo, String point) {
        return mountinfo.stream().map(l -> l.split(" ")).filter(f -> f[4].equals(point)).map(f -> f[2])
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + point + " in " + mountinfo));
    }
}
