package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** create / start / state / kill / delete / run, held to runc's states, outputs and exit codes. */
class LifecycleIT extends JruncTestBase {

    JsonNode state(String id) throws Exception {
        ProcResult r = jrunc("state", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return Bundles.JSON.readTree(r.stdout());
    }

    void waitForStatus(String id, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            ProcResult r = jrunc("state", id); // may not exist yet while a run is starting
            if (r.exitCode() == 0 && Bundles.JSON.readTree(r.stdout()).get("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(state(id).get("status").asText()).isEqualTo(status);
    }

    @Test
    void runPrintsTheOutputAndExitsWithTheProgramsCode() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", "echo hello from jrunc; exit 3");
        ProcResult r = jrunc("run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("hello from jrunc\n");
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        assertThat(jrunc("list", "-q").stdout()).as("run deletes the container").isEmpty();
    }

    @Test
    void runOfAContainerKilledBySignalExitsWith128PlusSignal() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String id = newId();
        Process run = new ProcessBuilder(ItEnv.jrunc().toString(), "--root", root.toString(), "run", "--bundle",
                b.toString(), id).redirectErrorStream(true).start();
        try {
            waitForStatus(id, "running");
            assertThat(jrunc("kill", id, "KILL").exitCode()).isZero();
            assertThat(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).isEqualTo(137);
            assertThat(jrunc("list", "-q").stdout()).as("run deletes the container").isEmpty();
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void runForwardsSignalsToTheContainer() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c",
                "trap 'echo got HUP; exit 7' HUP; echo ready; while true; do sleep 0.1; done");
        String id = newId();
        Process run = new ProcessBuilder(ItEnv.jrunc().toString(), "--root", root.toString(), "run", "--bundle",
                b.toString(), id).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(run.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");
            new ProcessBuilder("kill", "-HUP", Long.toString(run.pid())).start().waitFor();
            assertThat(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).isEqualTo("got HUP");
            assertThat(run.exitValue()).isEqualTo(7);
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void createStartKillDeleteFollowRuncsStates() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String id = newId();
        Path pidFile = tmp.resolve("init.pid");
        ProcResult create = jrunc("create", "--bundle", b.toString(), "--pid-file", pidFile.toString(), id);
        assertThat(create.exitCode()).as(create.describe()).isZero();
        assertThat(create.combined()).isEmpty();

        JsonNode s = state(id);
        assertThat(s.get("status").asText()).isEqualTo("created");
        int pid = s.get("pid").asInt();
        assertThat(pid).isPositive();
        assertThat(Files.readString(pidFile)).isEqualTo(Integer.toString(pid)).doesNotEndWith("\n");
        assertThat(s.get("bundle").asText()).isEqualTo(b.toString());
        assertThat(s.get("rootfs").asText()).isEqualTo(b.resolve("rootfs").toString());
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).startsWith("jrunc-init");

        ProcResult start = jrunc("start", id);
        assertThat(start.exitCode()).as(start.describe()).isZero();
        waitForStatus(id, "running");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).isEqualTo("sleep\u000060\u0000");
        ProcResult again = jrunc("start", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("cannot start an already running container");

        ProcResult del = jrunc("delete", id);
        assertThat(del.exitCode()).isEqualTo(1);
        assertThat(del.stderr()).contains("cannot delete container " + id + " that is not stopped: running");

        ProcResult kill = jrunc("kill", id, "KILL");
        assertThat(kill.exitCode()).as(kill.describe()).isZero();
        waitForStatus(id, "stopped");
        assertThat(state(id).get("pid").asInt()).isZero();
        ProcResult killStopped = jrunc("kill", id);
        assertThat(killStopped.exitCode()).isEqualTo(1);
        assertThat(killStopped.stderr()).contains("container not running");
        ProcResult startStopped = jrunc("start", id);
        assertThat(startStopped.stderr()).contains("cannot start a container that has stopped");

        ProcResult delete = jrunc("delete", id);
        assertThat(delete.exitCode()).as(delete.describe()).isZero();
        ProcResult gone = jrunc("state", id);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("container does not exist");
        assertThat(jrunc("delete", "--force", id).exitCode()).isZero();
    }

    @Test
    void killDefaultsToSigtermAndTheContainerCanTrapIt() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("root")).put("readonly", false), "sh", "-c",
                "trap 'echo got TERM > /tmp/term; exit 0' TERM; while true; do sleep 0.1; done");
        String id = newId();
        assertThat(jrunc("run", "-d", "--bundle", b.toString(), id).exitCode()).isZero();
        waitForStatus(id, "running");
        Thread.sleep(300);
        assertThat(jrunc("kill", id).exitCode()).isZero();
        waitForStatus(id, "stopped");
        assertThat(Files.readString(b.resolve("rootfs/tmp/term"))).isEqualTo("got TERM\n");
        assertThat(jrunc("delete", id).exitCode()).isZero();
    }

    @Test
    void deleteOfACreatedContainerKillsItAndForceKillsARunningOne() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String created = newId();
        assertThat(jrunc("create", "--bundle", b.toString(), created).exitCode()).isZero();
        int pid = state(created).get("pid").asInt();
        assertThat(jrunc("delete", created).exitCode()).isZero();
        assertThat(Files.exists(Path.of("/proc/" + pid + "/cmdline"))
                && !Files.readString(Path.of("/proc/" + pid + "/stat")).contains(") Z")).isFalse();

        String running = newId();
        assertThat(jrunc("run", "-d", "--bundle", b.toString(), running).exitCode()).isZero();
        assertThat(jrunc("delete", "--force", running).exitCode()).isZero();
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void runDetachedReturnsAtOnceAndKeepRetainsAStoppedContainer() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "true");
        String id = newId();
        ProcResult r = jrunc("run", "--keep", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(state(id).get("status").asText()).isEqualTo("stopped");
        assertThat(jrunc("delete", id).exitCode()).isZero();
    }

    @Test
    void aFailedCreateLeavesNothingBehind() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "nope");
        String id = newId();
        ProcResult r = jrunc("create", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("exec: \\\"nope\\\": executable file not found in $PATH");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
        assertThat(Files.exists(root.resolve(id))).isFalse();
    }

    @Test
    void errorsGoToTheJsonLogAsContainerdReadsThem() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "nope");
        Path log = tmp.resolve("log.json");
        ProcResult r = jrunc("--log", log.toString(), "--log-format", "json", "create", "--bundle", b.toString(),
                newId());
        assertThat(r.exitCode()).isEqualTo(1);
        String last = Files.readAllLines(log).getLast();
        JsonNode line = Bundles.JSON.readTree(last);
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("msg").asText()).contains("executable file not found in $PATH");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    }

    @Test
    void aMissingRootfsIsRefusedNamingTheField() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("root")).put("path", "no-such-rootfs"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("root.path");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void anUnknownMountTypeFailsWithTheKernelsError() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ArrayNode) c.get("mounts")).addObject()
                .put("destination", "/weird").put("type", "nosuchfs").put("source", "none"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("mount nosuchfs to /weird: no such device (config.json: mounts[7]); "
                + "hint: the kernel has no such filesystem (see /proc/filesystems)");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void aRelativeCwdIsRefusedAndLeavesNothingUnderTheRoot() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("process")).put("cwd", "relative/dir"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("process.cwd").contains("relative/dir");
        assertThat(!Files.exists(root) || Files.list(root).findAny().isEmpty()).isTrue();
    }

    @Test
    void aCreatedContainersWaitingInitIsSmall() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "true");
        String id = newId();
        assertThat(jrunc("create", "--bundle", b.toString(), id).exitCode()).isZero();
        int pid = state(id).get("pid").asInt();
        long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
        assertThat(rssKb).as("VmRSS of the waiting init, kB").isLessThan(16 * 1024);
        assertThat(jrunc("delete", id).exitCode()).isZero();
        assertThat(Duration.ofSeconds(1)).isPositive();
    }
}
