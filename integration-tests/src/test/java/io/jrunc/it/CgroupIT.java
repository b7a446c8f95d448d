package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resource control on a cgroup v1 (or hybrid) host: limits seen from the host's cgroup files and
 * from inside, the device cgroup, OOM events, pause/resume, update, ps, events, kill --all,
 * delete and the busy-cgroup refusal. Each container's cgroupsPath is {@code /<id>}, so the leak
 * checker sees it. Long-running containers keep the host pid namespace: the cgroup is what is
 * under test, and older leak checkers of parallel branches kill processes in foreign pid
 * namespaces.
 */
class CgroupIT extends JruncTestBase {
    private static final Path CG = Path.of("/sys/fs/cgroup");
    private static final long MIB = 1 << 20;

    @BeforeEach
    void needsCgroupV1() {
        assumeTrue(Files.exists(CG.resolve("memory/memory.limit_in_bytes")), "needs a cgroup v1 memory hierarchy");
    }

    private static Path v1(String controller, String id) {
        return CG.resolve(controller).resolve(id);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).strip();
    }

    /** A busybox bundle in cgroup /id with these resources; the pid namespace dropped (see the class comment). */
    private Path bundle(String id, String resourcesJson, Consumer<ObjectNode> more, String... args) {
        return bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            linux.put("cgroupsPath", "/" + id);
            ((ObjectNode) c.get("root")).put("readonly", false);
            try {
                ObjectNode res = (ObjectNode) Bundles.JSON.readTree(resourcesJson);
                res.set("devices", linux.get("resources").get("devices"));
                linux.set("resources", res);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
            ArrayNode ns = linux.putArray("namespaces");
            for (String t : new String[] {"network", "ipc", "uts", "mount"}) {
                ns.addObject().put("type", t);
            }
            if (more != null) {
                more.accept(c);
            }
        }, args);
    }

    private JsonNode state(String id) throws Exception {
        ProcResult r = jrunc("state", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return Bundles.JSON.readTree(r.stdout());
    }

    private int runDetached(Path bundle, String id) throws Exception {
        ProcResult r = jrunc("run", "-d", "--bundle", bundle.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return state(id).get("pid").asInt();
    }

    private void deleteForce(String id) {
        ProcResult r = jrunc("delete", "--force", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    private static void waitFor(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!check.ok()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void limitsAreInTheHostsCgroupFilesAndVisibleInside() throws Exception {
        String id = newId();
        String res = "{\"memory\":{\"limit\":" + 64 * MIB + "},\"pids\":{\"limit\":32},"
                + "\"cpu\":{\"quota\":50000,\"period\":100000}}";
        String script = "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max "
                + "/sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us; grep memory /proc/self/cgroup";
        Path b = bundle(id, res, c -> ((ArrayNode) c.get("linux").get("namespaces")).addObject().put("type", "cgroup"),
                "sh", "-c", script);
        ProcResult create = jrunc("create", "--bundle", b.toString(), id);
        assertThat(create.exitCode()).as(create.describe()).isZero();
        assertThat(read(v1("memory", id).resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(64 * MIB));
        assertThat(read(v1("pids", id).resolve("pids.max"))).isEqualTo("32");
        assertThat(read(v1("cpu", id).resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
        assertThat(read(v1("cpu", id).resolve("cpu.cfs_period_us"))).isEqualTo("100000");
        int pid = state(id).get("pid").asInt();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cgroup"))).contains(":memory:/" + id + "\n")
                .contains(":pids:/" + id + "\n").contains("0::/" + id + "\n");
        deleteForce(id);

        // the same limits from inside, through a cgroup namespace rooted at the container's cgroup
        String id2 = newId();
        Path b2 = bundle(id2, res, c -> ((ArrayNode) c.get("linux").get("namespaces")).addObject().put("type", "cgroup"),
                "sh", "-c", script);
        ProcResult run = jrunc("run", "--bundle", b2.toString(), id2);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdoutLines()).containsExactly(Long.toString(64 * MIB), "32", "50000", "100000", "4:memory:/")
                .as("the cgroup namespace hides the host path");
    }

    @Test
    void theDeviceCgroupDeniesAHostDiskAndAllowsDevNull() throws Exception {
        String[] disk = Files.readString(Path.of("/sys/block/" + firstDisk() + "/dev")).strip().split(":");
        String id = newId();
        Path b = bundle(id, "{}", c -> {
            ArrayNode devs = ((ObjectNode) c.get("linux")).putArray("devices");
            devs.addObject().put("path", "/dev/hostdisk").put("type", "b").put("major", Integer.parseInt(disk[0]))
                    .put("minor", Integer.parseInt(disk[1])).put("fileMode", 0600);
        }, "sh", "-c", "head -c1 /dev/null && echo null-ok; head -c1 /dev/hostdisk >/dev/null; echo disk=$?");
        ProcResult r = jrunc("run", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("null-ok", "disk=1");
        assertThat(r.stderr()).contains("/dev/hostdisk").contains("Operation not permitted");
    }

    private static String firstDisk() throws Exception {
        try (var s = Files.list(Path.of("/sys/block"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("loop") && !n.startsWith("zram"))
                    .sorted().findFirst().orElse("loop0");
        }
    }

    @Test
    void eventsReportsAnOomKillAndEndsWhenTheContainerStops() throws Exception {
        String id = newId();
        String res = "{\"memory\":{\"limit\":" + 16 * MIB + ",\"swap\":" + 16 * MIB + "}}";
        Path b = bundle(id, res, null, "sh", "-c", "while [ ! -e /go ]; do sleep 0.1; done; exec tail /dev/zero");
        runDetached(b, id);
        Process events = new ProcessBuilder(ItEnv.jrunc().toString(), "--root", root.toString(), "events",
                "--interval", "500ms", id).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(events.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine(); // a stats line: the stream is up before the OOM happens
            assertThat(first).startsWith("{\"type\":\"stats\",\"id\":\"" + id + "\",\"data\":{");
            Files.createFile(b.resolve("rootfs/go"));
            for (String l; (l = out.readLine()) != null; ) {
                lines.add(l);
            }
            assertThat(events.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            events.destroyForcibly();
        }
        assertThat(events.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("{\"type\":\"oom\",\"id\":\"" + id + "\"}");
        assertThat(state(id).get("status").asText()).isEqualTo("stopped");
        assertThat(read(v1("memory", id).resolve("memory.oom_control"))).containsPattern("oom_kill [1-9]");
        deleteForce(id);
    }

    @Test
    void pauseFreezesAndResumeThaws() throws Exception {
        String id = newId();
        Path b = bundle(id, "{}", null, "sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.05; done");
        runDetached(b, id);
        Path count = b.resolve("rootfs/count");
        waitFor("the counter", () -> Files.exists(count) && !Files.readString(count).isBlank());

        ProcResult resume = jrunc("resume", id);
        assertThat(resume.exitCode()).isEqualTo(1);
        assertThat(resume.stderr()).contains("container not paused");
        ProcResult pause = jrunc("pause", id);
        assertThat(pause.exitCode()).as(pause.describe()).isZero();
        assertThat(pause.combined()).isEmpty();
        assertThat(state(id).get("status").asText()).isEqualTo("paused");
        assertThat(read(v1("freezer", id).resolve("freezer.state"))).isEqualTo("FROZEN");
        String frozenAt = Files.readString(count);
        Thread.sleep(500); // 10 loop iterations if it were running
        assertThat(Files.readString(count)).as("no progress while frozen").isEqualTo(frozenAt);
        assertThat(jrunc("pause", id).stderr()).contains("container not running");

        assertThat(jrunc("resume", id).exitCode()).isZero();
        assertThat(state(id).get("status").asText()).isEqualTo("running");
        assertThat(read(v1("freezer", id).resolve("freezer.state"))).isEqualTo("THAWED");
        waitFor("progress after resume", () -> !Files.readString(count).equals(frozenAt));

        // delete --force of a paused container: SIGKILL only lands once thawed
        assertThat(jrunc("pause", id).exitCode()).isZero();
        deleteForce(id);
        assertThat(v1("freezer", id)).doesNotExist();
    }

    @Test
    void updateChangesTheLimitsOfARunningContainer() throws Exception {
        String id = newId();
        Path b = bundle(id, "{\"memory\":{\"limit\":" + 64 * MIB + "},\"pids\":{\"limit\":32}}", null, "sleep", "600");
        runDetached(b, id);
        // containerd's shape: every field, zeros for the unset ones
        Path doc = tmp.resolve("res.json");
        Files.writeString(doc, "{\"memory\":{\"limit\":" + 96 * MIB + ",\"reservation\":0,\"swap\":0},"
                + "\"cpu\":{\"shares\":512,\"quota\":0,\"period\":0,\"cpus\":\"\",\"mems\":\"\"},\"pids\":{\"limit\":0}}");
        ProcResult stdin = Proc.sh(ItEnv.jrunc() + " --root " + root + " update --resources - " + id + " < " + doc,
                TIMEOUT);
        assertThat(stdin.exitCode()).as(stdin.describe()).isZero();
        assertThat(read(v1("memory", id).resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(96 * MIB));
        assertThat(read(v1("cpu", id).resolve("cpu.shares"))).isEqualTo("512");
        assertThat(read(v1("pids", id).resolve("pids.max"))).as("zero means unchanged").isEqualTo("32");

        ProcResult flags = jrunc("update", "--pids-limit", "7", "--memory", "80m", "--cpu-quota", "20000", id);
        assertThat(flags.exitCode()).as(flags.describe()).isZero();
        assertThat(read(v1("pids", id).resolve("pids.max"))).isEqualTo("7");
        assertThat(read(v1("memory", id).resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(80 * MIB));
        assertThat(read(v1("cpu", id).resolve("cpu.cfs_quota_us"))).isEqualTo("20000");

        ProcResult bad = jrunc("update", "--memory", "12q", id);
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid value for memory: invalid size: '12q'");
        Files.writeString(doc, "{\"cpu\":{\"cpus\":\"0-x\"}}");
        ProcResult badDoc = jrunc("update", "-r", doc.toString(), id);
        assertThat(badDoc.exitCode()).isEqualTo(1);
        assertThat(badDoc.stderr()).contains("cpu.cpus").contains("0-x");
        deleteForce(id);
    }

    @Test
    void psListsTheContainersPidsAsJsonAndAsATable() throws Exception {
        String id = newId();
        int pid = runDetached(bundle(id, "{}", null, "sleep", "600"), id);
        ProcResult json = jrunc("ps", "--format", "json", id);
        assertThat(json.exitCode()).as(json.describe()).isZero();
        assertThat(json.combined()).as("containerd parses stdout+stderr").isEqualTo("[" + pid + "]\n");

        ProcResult table = jrunc("ps", id);
        assertThat(table.exitCode()).as(table.describe()).isZero();
        List<String> lines = table.stdoutLines();
        assertThat(lines.getFirst()).contains("PID").contains("CMD");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).trim().split("\\s+")[1]).isEqualTo(Integer.toString(pid));
        assertThat(lines.get(1)).endsWith("sleep 600");

        ProcResult custom = jrunc("ps", id, "-o", "pid,comm");
        assertThat(custom.stdoutLines()).extracting(String::trim)
                .containsExactly("PID COMMAND", pid + " sleep");
        deleteForce(id);
    }

    @Test
    void eventsStatsPrintsOneRuncShapedStatsEvent() throws Exception {
        String id = newId();
        runDetached(bundle(id, "{\"memory\":{\"limit\":" + 64 * MIB + "},\"pids\":{\"limit\":32}}", null,
                "sleep", "600"), id);
        ProcResult r = jrunc("events", "--stats", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).hasSize(1);
        JsonNode e = Bundles.JSON.readTree(r.stdout());
        assertThat(e.get("type").asText()).isEqualTo("stats");
        assertThat(e.get("id").asText()).isEqualTo(id);
        JsonNode d = e.get("data");
        assertThat(d.get("memory").get("usage").get("limit").asLong()).isEqualTo(64 * MIB);
        assertThat(d.get("memory").get("usage").get("usage").asLong()).isPositive();
        assertThat(d.get("pids").get("current").asInt()).isEqualTo(1);
        assertThat(d.get("pids").get("limit").asInt()).isEqualTo(32);
        assertThat(d.get("cpu").get("usage").get("total").asLong()).isPositive();
        deleteForce(id);
        ProcResult stopped = jrunc("events", "--stats", id);
        assertThat(stopped.stderr()).contains("container does not exist");
    }

    @Test
    void killAllKillsEveryProcessOfTheCgroup() throws Exception {
        String id = newId();
        Path b = bundle(id, "{}", null, "sh", "-c", "sleep 600 & sleep 600 & echo started > /ready; wait");
        runDetached(b, id);
        waitFor("the children", () -> Files.exists(b.resolve("rootfs/ready")));
        Path procs = v1("devices", id).resolve("cgroup.procs");
        waitFor("three processes", () -> read(procs).lines().count() == 3);
        ProcResult kill = jrunc("kill", "--all", id, "KILL");
        assertThat(kill.exitCode()).as(kill.describe()).isZero();
        waitFor("an empty cgroup", () -> read(procs).isEmpty());
        waitFor("stopped", () -> state(id).get("status").asText().equals("stopped"));
        ProcResult del = jrunc("delete", id);
        assertThat(del.exitCode()).as(del.describe()).isZero();
        for (String c : new String[] {"memory", "pids", "devices", "freezer", "cpu", "blkio", "cpuset"}) {
            assertThat(v1(c, id)).as("delete removes the cgroup").doesNotExist();
        }
        assertThat(CG.resolve("unified").resolve(id)).doesNotExist();
    }

    @Test
    void createRefusesACgroupThatHasProcesses() throws Exception {
        String id = newId();
        Path dir = v1("devices", id);
        Files.createDirectory(dir);
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            ProcResult r = jrunc("create", "--bundle", bundle(id, "{}", null, "true").toString(), id);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("container's cgroup is not empty: 1 process(es) found");
            assertThat(jrunc("list", "-q").stdout()).isEmpty();
        } finally {
            sleeper.destroyForcibly().waitFor();
            Files.delete(dir);
        }
    }

    @Test
    void aContainerLimitedToOneMebibyteStillRuns() throws Exception {
        String id = newId();
        ProcResult r = jrunc("run", "--bundle", bundle(id, "{\"memory\":{\"limit\":" + MIB + "}}", null, "echo", "tiny")
                .toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("tiny\n");
    }
}
