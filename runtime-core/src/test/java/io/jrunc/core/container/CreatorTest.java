package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import io.jrunc.core.cgroup.FakeCgroups;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.PlanCodec;
import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.StateStore;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create's protocol handling and clean-up, against a scripted jrunc-init. */
class CreatorTest {
    @TempDir
    Path tmp;
    Path bundle;
    Path root;
    Process sleeper;

    @BeforeEach
    void bundle() throws Exception {
        bundle = tmp.resolve("bundle");
        root = tmp.resolve("root");
        Files.createDirectories(bundle.resolve("rootfs"));
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            String cfg = new String(in.readAllBytes()).replace("\"terminal\": true", "\"terminal\": false");
            Files.writeString(bundle.resolve("config.json"), cfg);
        }
        // stands in for the container init: a live process whose start time can be read
        sleeper = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stop() {
        sleeper.destroyForcibly();
    }

    RuntimeContext rt(ScriptedKernel k) throws JruncException {
        return new RuntimeContext(new StateStore(root), () -> k, Path.of("/usr/lib/jrunc/jrunc-init"), false, false,
                cgroups());
    }

    RuntimeContext.CgroupOpener cgroups() {
        return FakeCgroups.v1(tmp.resolve("cgroupfs"));
    }

    /** The index of the first op of this kind in the plan create will send. */
    int indexOf(Opcode code, int nth) throws Exception {
        var plan = Creator.dryRun(req(null), tmp.resolve("dry"), false, cgroups()).plan();
        return plan.ops().indexOf(plan.ops(code).get(nth));
    }

    CreateRequest req(Path pidFile) {
        return new CreateRequest("c1", bundle, pidFile, null, false, false, 0);
    }

    @Test
    void readyRecordsStateAndPidFile() throws Exception {
        int pid = (int) sleeper.pid();
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Integer.toString(pid))
                .frame(SyncMessage.READY, new byte[0]);
        Path pidFile = tmp.resolve("init.pid");
        Creator.Created c = new Creator(rt(k)).create(req(pidFile));
        assertThat(c.pid()).isEqualTo(pid);
        assertThat(Files.readString(pidFile)).isEqualTo(Integer.toString(pid));
        ContainerRecord r = new StateStore(root).load("c1").read().orElseThrow();
        assertThat(r.pid()).isEqualTo(pid);
        assertThat(r.bundle()).isEqualTo(bundle.toString());
        assertThat(r.rootfs()).isEqualTo(bundle.resolve("rootfs").toRealPath().toString());
        assertThat(r.namespacePaths()).containsEntry("pid", "/proc/" + pid + "/ns/pid");
        assertThat(r.cgroupPaths()).containsEntry("memory", tmp.resolve("cgroupfs/memory/jrunc/c1").toString());
        assertThat(Files.isDirectory(tmp.resolve("cgroupfs/pids/jrunc/c1"))).isTrue();
        assertThat(k.calls).contains("subreaper", "mkfifo " + root.resolve("c1/exec.fifo") + " 622");
        assertThat(k.calls.stream().filter(s -> s.startsWith("spawn")).findFirst().orElseThrow())
                .isEqualTo("spawn /usr/lib/jrunc/jrunc-init _JRUNC_SYNC_FD=3 fds=4");
        assertThat(k.calls).noneMatch(s -> s.startsWith("kill"));
    }

    @Test
    void onCgroupV2TheDeviceFilterIsAttachedBeforeInitStarts() throws Exception {
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Long.toString(sleeper.pid()))
                .frame(SyncMessage.READY, new byte[0]);
        RuntimeContext v2 = new RuntimeContext(new StateStore(root), () -> k, Path.of("/usr/lib/jrunc/jrunc-init"),
                false, false, FakeCgroups.v2(tmp.resolve("cgroup2")));
        new Creator(v2).create(req(null));
        String filter = k.calls.stream().filter(s -> s.startsWith("devfilter")).findFirst().orElseThrow();
        // runc's defaults after the config's deny-all: c *:* m first (char=2, mknod=1), /dev/null c 1:3 rwm
        assertThat(filter).startsWith("devfilter " + tmp.resolve("cgroup2/jrunc/c1") + " [")
                .contains("2, -1, -1, 1, 1").contains("2, 1, 3, 7, 1");
        // S0 is spawned first (a systemd scope needs its pid) but joins only once it has the
        // plan: nothing was sent to it when the filter was attached
        assertThat(filter).endsWith(" sent=0");
    }

    @Test
    void thePlanIsSentFirst() throws Exception {
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Long.toString(sleeper.pid()))
                .frame(SyncMessage.READY, new byte[0]);
        new Creator(rt(k)).create(req(null));
        byte[] sent = k.toInit.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(sent).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt()).isEqualTo(SyncMessage.PLAN.type());
        int len = h.getInt();
        var ops = PlanCodec.decode(Arrays.copyOfRange(sent, 8, 8 + len));
        assertThat(ops.get(ops.size() - 1).code()).isEqualTo(Opcode.EXEC);
        // S0 joins the container's cgroups first, before any namespace change
        assertThat(ops.get(0).code()).isEqualTo(Opcode.WRITE_FILE);
        assertThat(ops.get(0).args()).containsExactly(
                tmp.resolve("cgroupfs/memory/jrunc/c1/cgroup.procs").toString(), "0");
    }

    @Test
    void anInitErrorNamesTheStepAndLeavesNothing() throws Exception {
        // the second MOUNT (after the rootfs self-bind) mounts proc: the message comes from the
        // plan, the errno text from the kernel
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, "4243").error(indexOf(Opcode.MOUNT, 1), 1, "");
        assertThatThrownBy(() -> new Creator(rt(k)).create(req(tmp.resolve("pid"))))
                .isInstanceOf(JruncException.class)
                .hasMessage("mount proc to /proc: operation not permitted (config.json: mounts[0])");
        assertThat(k.calls).contains("kill 4243 9", "kill 4242 9");
        assertThat(Files.exists(root.resolve("c1"))).isFalse();
        assertThat(Files.exists(tmp.resolve("pid"))).isFalse();
        assertThat(Files.exists(tmp.resolve("cgroupfs/memory/jrunc/c1"))).as("cgroup removed").isFalse();
    }

    @Test
    void aKnownCauseAddsAHint() throws Exception {
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, "4243").error(indexOf(Opcode.MOUNT, 1), 19, "");
        assertThatThrownBy(() -> new Creator(rt(k)).create(req(null)))
                .hasMessage("mount proc to /proc: no such device (config.json: mounts[0]); "
                        + "hint: the kernel has no such filesystem (see /proc/filesystems)");
    }

    @Test
    void theDryRunPlanIsTheOneCreateSends() throws Exception {
        Creator.DryRun dry = Creator.dryRun(req(null), root, false, cgroups());
        assertThat(Files.exists(root)).as("a dry run does not even create --root").isFalse();
        assertThat(dry.execFifo()).isEqualTo(root.resolve("c1/exec.fifo"));
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Long.toString(sleeper.pid()))
                .frame(SyncMessage.READY, new byte[0]);
        new Creator(rt(k)).create(req(null));
        byte[] sent = k.toInit.toByteArray();
        int len = ByteBuffer.wrap(sent, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(Arrays.copyOfRange(sent, 8, 8 + len)).isEqualTo(PlanCodec.encode(dry.plan()));
    }

    @Test
    void aDryRunRefusesAnExistingIdAndABadConfigLikeCreate() throws Exception {
        Files.createDirectories(root.resolve("c1"));
        assertThatThrownBy(() -> Creator.dryRun(req(null), root, false, cgroups()))
                .hasMessage("container with given ID already exists");
        Files.writeString(bundle.resolve("config.json"),
                Files.readString(bundle.resolve("config.json")).replace("\"cwd\": \"/\"", "\"cwd\": \"rel\""));
        assertThatThrownBy(() -> Creator.dryRun(req(null), tmp.resolve("other"), false, cgroups()))
                .hasMessageContaining("process.cwd");
        assertThat(Files.exists(tmp.resolve("other"))).isFalse();
    }

    @Test
    void execNotFoundIsReportedVerbatimWithItsField() throws Exception {
        var plan = Creator.dryRun(req(null), tmp.resolve("dry"), false, cgroups()).plan();
        int lookup = plan.ops().indexOf(plan.ops(Opcode.CHECK_EXEC).getFirst());
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, "4243")
                .error(lookup, 0, "exec: \"nope\": executable file not found in $PATH");
        assertThatThrownBy(() -> new Creator(rt(k)).create(req(null)))
                .hasMessage("exec: \"nope\": executable file not found in $PATH (config.json: process.args[0])");
    }

    @Test
    void initDyingEarlyIsAnErrorAndLeavesNothing() throws Exception {
        ScriptedKernel k = new ScriptedKernel();
        assertThatThrownBy(() -> new Creator(rt(k)).create(req(null)))
                .hasMessageStartingWith("container init exited before it was ready");
        assertThat(Files.exists(root.resolve("c1"))).isFalse();
    }

    @Test
    void anExistingIdIsRefusedWithoutTouchingIt() throws Exception {
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Long.toString(sleeper.pid()))
                .frame(SyncMessage.READY, new byte[0]);
        new Creator(rt(k)).create(req(null));
        ScriptedKernel k2 = new ScriptedKernel();
        assertThatThrownBy(() -> new Creator(rt(k2)).create(req(null)))
                .hasMessage("container with given ID already exists");
        assertThat(k2.calls).isEmpty();
        assertThat(new StateStore(root).load("c1").read()).isPresent();
    }

    @Test
    void aBadConfigFailsBeforeAnythingIsMade() throws Exception {
        Files.writeString(bundle.resolve("config.json"),
                Files.readString(bundle.resolve("config.json")).replace("\"cwd\": \"/\"", "\"cwd\": \"relative/dir\""));
        ScriptedKernel k = new ScriptedKernel();
        assertThatThrownBy(() -> new Creator(rt(k)).create(req(null)))
                .hasMessageContaining("process.cwd").hasMessageContaining("relative/dir");
        assertThat(k.calls).isEmpty();
        assertThat(Files.exists(root.resolve("c1"))).isFalse();
    }

    @Test
    void hooksSyncGetsTheStateAndAContinue() throws Exception {
        Files.writeString(bundle.resolve("config.json"), Files.readString(bundle.resolve("config.json"))
                .replaceFirst("\\{", "{\"hooks\":{\"createRuntime\":[{\"path\":\"/bin/true\"}]},"));
        ScriptedKernel k = new ScriptedKernel().frame(SyncMessage.PID, Long.toString(sleeper.pid()))
                .frame(SyncMessage.SYNC, "createRuntime").frame(SyncMessage.READY, new byte[0]);
        new Creator(rt(k)).create(req(null));
        String sent = new String(k.toInit.toByteArray());
        assertThat(sent).contains("\"status\":\"creating\"").contains("\"pid\":" + sleeper.pid())
                .contains("\"id\":\"c1\"");
        assertThat(Files.exists(root.resolve("c1/config.json"))).isTrue();
        assertThat(List.of(k.calls.toArray())).doesNotContain("kill " + sleeper.pid() + " 9");
    }
}
