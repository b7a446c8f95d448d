package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** run/create --dry-run and check against the real host: they explain and change nothing. */
class DryRunIT extends JruncTestBase {

    @Test
    void runDryRunPrintsTheWholePlanAndChangesNothing() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", "echo hi");
        LeakChecker.Snapshot before = leakChecker().snapshot();
        String id = newId();
        ProcResult r = jrunc("run", "--dry-run", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout())
                .startsWith("Dry run of container " + id + ": nothing was created, mounted or started.\n")
                .contains("  state dir  " + root.resolve(id) + " (not created)\n")
                .contains("  exec fifo  " + root.resolve(id).resolve("exec.fifo") + "\n")
                .containsPattern("(?m)^  #\\d+ +clone +init in new pid,network,mount,ipc,uts +linux.namespaces")
                .containsPattern("(?m)^  #\\d+ +mount +/proc +mounts\\[0\\] +source=proc type=proc")
                .containsPattern("(?m)^  #\\d+ +mknod +/dev/null +linux.devices")
                .containsPattern("(?m)^  #\\d+ +pivot_root +" + b.resolve("rootfs") + " +root.path")
                .containsPattern("(?m)^  #\\d+ +mask +/proc/kcore +linux.maskedPaths")
                .containsPattern("(?m)^  #\\d+ +setrlimit +RLIMIT_NOFILE")
                .containsPattern("(?m)^  #\\d+ +capabilities +bounding +process.capabilities.bounding +keep=CAP_KILL,")
                .containsPattern("(?m)^  #\\d+ +execve +sh +process.args")
                .contains("Final execve\n  argv  [sh -c \"echo hi\"]\n");
        assertThat(Files.exists(root)).as("the --root dir is not even created").isFalse();
        LeakChecker.Snapshot after = leakChecker().snapshot();
        // processes: only ours (other worktrees' containers may come and go on a shared host)
        assertThat(after.processes()).filteredOn(p -> p.contains(token) || p.contains("jrunc-init")).isEmpty();
        assertThat(after.mounts()).isEqualTo(before.mounts());
        assertThat(after.stateDirs()).isEqualTo(before.stateDirs());
        assertThat(after.cgroups()).isEqualTo(before.cgroups());
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(b.toString());
    }

    @Test
    void createDryRunJsonIsValidWithTheExpectedSections() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "true");
        String id = newId();
        ProcResult r = jrunc("create", "--dry-run", "--format", "json", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode doc = Bundles.JSON.readTree(r.stdout());
        assertThat(doc.get("schema").asText()).isEqualTo("jrunc.dry-run/v1");
        assertThat(doc.get("container").get("id").asText()).isEqualTo(id);
        List<String> sections = new ArrayList<>();
        doc.get("sections").fieldNames().forEachRemaining(sections::add);
        assertThat(sections).contains("namespaces", "mounts", "devices", "hooks", "root", "kernel", "paths",
                "rlimits", "privileges", "seccomp", "cgroups", "process");
        assertThat(doc.get("sections").get("mounts").size()).isGreaterThan(7);
        assertThat(doc.get("sections").get("namespaces").get(0).get("fields").get("flags").toString())
                .contains("CLONE_NEWPID");
        assertThat(doc.get("exec").get("argv").toString()).isEqualTo("[\"true\"]");
        assertThat(Files.exists(root)).isFalse();
    }

    @Test
    void checkReportsThisHostsCgroupMode() throws Exception {
        ProcResult r = jrunc("check", "--format", "json");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode host = Bundles.JSON.readTree(r.stdout()).get("host");
        assertThat(host.get("cgroup").get("mode").asText()).isEqualTo(expectedCgroupMode());
        assertThat(host.get("kernel").get("release").asText())
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        ProcResult text = jrunc("check");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).containsPattern("(?m)^  cgroup mode +" + expectedCgroupMode() + "$");
        assertThat(Files.exists(root)).isFalse();
    }

    @Test
    void checkBundleNamesAMissingMountTypeAndAMissingExecutable() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ArrayNode) c.get("mounts")).addObject()
                .put("destination", "/weird").put("type", "nosuchfs").put("source", "none"), "no-such-program");
        ProcResult r = jrunc("check", "--bundle", b.toString());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout())
                .containsPattern("(?m)^  error +mounts\\[7\\]\\.type +filesystem \"nosuchfs\" is not in /proc/filesystems")
                .containsPattern("(?m)^  error +process\\.args\\[0\\] +\"no-such-program\" is not found in the rootfs")
                .contains("not runnable here: 2 errors");
        ProcResult ok = jrunc("check", "--bundle", bundle(Bundles.Rootfs.BUSYBOX, "sh").toString());
        assertThat(ok.exitCode()).as(ok.describe()).isZero();
        assertThat(ok.stdout()).contains("ok: this bundle can run here");
    }

    @Test
    void aFailedMountInARealCreateNamesItsJsonPath() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ArrayNode mounts = (ArrayNode) c.get("mounts");
            mounts.addObject().put("destination", "/data").put("type", "tmpfs").put("source", "tmpfs");
            mounts.addObject().put("destination", "/weird").put("type", "nosuchfs").put("source", "none");
        }, "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("mount nosuchfs to /weird: no such device (config.json: mounts[8]); "
                + "hint: the kernel has no such filesystem (see /proc/filesystems)");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void aDryRunRejectsWhatCreateRejects() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("process")).put("cwd", "rel"), "true");
        ProcResult r = jrunc("run", "--dry-run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("process.cwd");
        assertThat(r.stdout()).isEmpty();
        assertThat(Files.exists(root)).isFalse();
    }

    /** What /proc/self/mountinfo says, decided independently of jrunc's parser. */
    private static String expectedCgroupMode() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        boolean v2Root = lines.stream().anyMatch(l -> l.split(" ")[4].equals("/sys/fs/cgroup") && l.contains(" - cgroup2 "));
        boolean v1 = lines.stream().anyMatch(l -> l.contains(" - cgroup "));
        boolean v2 = lines.stream().anyMatch(l -> l.contains(" - cgroup2 "));
        return v2Root ? "unified" : v1 && v2 ? "hybrid" : v1 ? "legacy" : "none";
    }
}
