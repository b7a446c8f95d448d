package io.jrunc.core.cgroup;

import static io.jrunc.core.cgroup.V1ManagerTest.mem;
import static io.jrunc.core.cgroup.V1ManagerTest.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.LinuxResources.BlockIO;
import io.jrunc.spec.LinuxResources.Cpu;
import io.jrunc.spec.LinuxResources.Memory;
import io.jrunc.spec.LinuxResources.ThrottleDevice;
import io.jrunc.spec.LinuxResources.WeightDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V2ManagerTest {
    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    V2Manager m;

    @BeforeEach
    void setUp() throws Exception {
        fs = FakeCgroupFs.v2(tmp, "cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma");
        m = (V2Manager) CgroupManagers.open(fs.hostV2(), CgroupConfig.of("ct", "/jr/ct"), fs, tmp);
    }

    private List<String> writesTo(String file) {
        List<String> out = new ArrayList<>();
        for (String w : fs.writes) {
            if (w.contains("/" + file + "=")) {
                out.add(w.substring(w.indexOf('=') + 1));
            }
        }
        return out;
    }

    private List<String> ctWrites() {
        return fs.writes.stream().filter(w -> w.startsWith("jr/ct/")).map(w -> w.substring(6)).toList();
    }

    @Test
    void pathsAndJoinFile() {
        assertThat(m.paths()).containsExactly(Map.entry("", tmp.resolve("jr/ct").toString()));
        assertThat(m.joinFiles()).containsExactly(tmp.resolve("jr/ct/cgroup.procs"));
        assertThat(m.isV2()).isTrue();
    }

    @Test
    void createEnablesControllersInEveryParentOnlyOnce() throws Exception {
        fs.set("cgroup.subtree_control", "cpu memory\n");
        m.create();
        assertThat(fs.writes).containsExactly("cgroup.subtree_control=+cpuset +io +hugetlb +pids +rdma",
                "jr/cgroup.subtree_control=+cpuset +cpu +io +memory +hugetlb +pids +rdma");
        assertThat(fs.content("jr/ct/memory.max")).isEqualTo("max\n");
        fs.writes.clear();
        m.create();
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void controllersThatCannotBeEnabledTogetherAreTriedOneByOne() throws Exception {
        fs.failNext("cgroup.subtree_control", CgroupIOException.Errno.ENOTSUP);
        fs.failNext("cgroup.subtree_control", CgroupIOException.Errno.OTHER); // +cpuset alone fails too
        m.create();
        assertThat(fs.writes.getFirst()).isEqualTo("cgroup.subtree_control=+cpu");
    }

    @Test
    void refusesThreadedOrInvalidParents() throws Exception {
        fs.mkdir(tmp.resolve("jr"));
        fs.set("jr/cgroup.type", "domain invalid\n");
        assertThatThrownBy(m::create).hasMessageContaining("it is in an invalid state");
        fs.set("jr/cgroup.type", "threaded\n");
        assertThatThrownBy(m::create).hasMessageContaining("it is in threaded mode");
    }

    @Test
    void memory() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(mem(64L << 20, 32L << 20, 128L << 20), null, null, null));
        assertThat(ctWrites()).containsExactly("memory.swap.max=67108864", "memory.max=67108864",
                "memory.low=33554432");
    }

    @Test
    void memorySwapEdgeCases() throws Exception {
        m.create();
        fs.writes.clear();
        m.update(res(mem(1000L, null, 1000L), null, null, null)); // swap == memory: no swap
        m.update(res(mem(-1L, null, null), null, null, null)); // unlimited both
        m.update(res(mem(1000L, null, -1L), null, null, null));
        m.update(res(mem(1000L, null, null), null, null, null)); // swap untouched
        assertThat(ctWrites()).containsExactly("memory.swap.max=0", "memory.max=1000", "memory.swap.max=max",
                "memory.max=max", "memory.swap.max=max", "memory.max=1000", "memory.max=1000");
        assertThatThrownBy(() -> m.update(res(mem(null, null, 1000L), null, null, null)))
                .hasMessage("cgroup: unable to set swap limit without memory limit");
        assertThatThrownBy(() -> m.update(res(mem(2000L, null, 1000L), null, null, null)))
                .hasMessage("cgroup: memory+swap limit should be >= memory limit");
    }

    @Test
    void swappinessAndOomKillerAreIgnoredOnV2() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(new Memory(null, null, null, null, null, 10L, true, null, null), null, null, null));
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void checkBeforeUpdate() throws Exception {
        m.create();
        fs.set("jr/ct/memory.current", "5000\n");
        assertThatThrownBy(() -> m.update(res(new Memory(4000L, null, null, null, null, null, null, null, true),
                null, null, null))).hasMessage("cgroup: rejecting memory limit 4000 <= usage 5000");
        assertThatThrownBy(() -> m.update(res(new Memory(6000L, null, 5000L, null, null, null, null, null, true),
                null, null, null))).hasMessage("cgroup: rejecting memory+swap limit 5000 <= usage 5000");
        m.update(res(new Memory(6000L, null, null, null, null, null, null, null, true), null, null, null));
        m.update(res(new Memory(4000L, null, null, null, null, null, null, null, false), null, null, null));
        assertThat(writesTo("memory.max")).containsExactly("6000", "4000");
    }

    @Test
    void cpu() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(null, new Cpu(1024L, 50000L, 20000L, 200000L, null, null, "0-1", "0", 0L), null, null));
        assertThat(ctWrites()).containsExactly("cpu.weight=100", "cpu.idle=0", "cpu.max.burst=20000",
                "cpu.max=50000 200000", "cpuset.cpus=0-1", "cpuset.mems=0");
        fs.writes.clear();
        m.update(res(null, new Cpu(null, -1L, null, null, null, null, null, null, null), null, null));
        m.update(res(null, new Cpu(null, null, null, 50000L, null, null, null, null, null), null, null));
        m.update(res(null, new Cpu(null, 30000L, null, null, null, null, null, null, null), null, null));
        assertThat(ctWrites()).containsExactly("cpu.max=max 100000", "cpu.max=max 50000", "cpu.max=30000 100000");
    }

    @Test
    void burstRefusedIsRetriedAfterCpuMax() throws Exception {
        m.create();
        fs.writes.clear();
        fs.failNext("cpu.max.burst", CgroupIOException.Errno.EINVAL);
        m.update(res(null, new Cpu(null, 10000L, 50000L, null, null, null, null, null, null), null, null));
        assertThat(ctWrites()).containsExactly("cpu.max=10000 100000", "cpu.max.burst=50000");
    }

    @Test
    void realtimeIsRefusedOnV2() throws Exception {
        m.create();
        assertThatThrownBy(() -> m.apply(res(null, new Cpu(null, null, null, null, 1000L, null, null, null, null),
                null, null))).hasMessageContaining("realtime").hasMessageContaining("cgroup v2");
    }

    @Test
    void pids() throws Exception {
        m.create();
        m.apply(res(null, null, new LinuxResources.Pids(32L), null));
        m.update(res(null, null, new LinuxResources.Pids(-1L), null));
        m.update(res(null, null, new LinuxResources.Pids(0L), null));
        assertThat(writesTo("pids.max")).containsExactly("32", "max", "1");
    }

    @Test
    void ioWithoutBfqConvertsTheWeight() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(null, null, null, new BlockIO(500, 100, List.of(new WeightDevice(8, 0, 300, null)),
                List.of(new ThrottleDevice(8, 0, 1048576)), List.of(new ThrottleDevice(8, 0, 2097152)),
                List.of(new ThrottleDevice(8, 16, 100)), List.of(new ThrottleDevice(8, 16, 200)))));
        assertThat(ctWrites()).containsExactly("io.weight=" + (1 + 490 * 9999 / 990), "io.max=8:0 rbps=1048576",
                "io.max=8:0 wbps=2097152", "io.max=8:16 riops=100", "io.max=8:16 wiops=200");
    }

    @Test
    void ioWithBfq() throws Exception {
        m.create();
        fs.set("jr/ct/io.bfq.weight", "default 100\n");
        fs.writes.clear();
        m.apply(res(null, null, null, new BlockIO(500, null, List.of(new WeightDevice(8, 0, 300, null)), null,
                null, null, null)));
        assertThat(ctWrites()).containsExactly("io.bfq.weight=500", "io.bfq.weight=8:0 300");
        // an old kernel's io.bfq.weight ("100") has no per-device weights
        fs.set("jr/ct/io.bfq.weight", "100\n");
        fs.writes.clear();
        m.apply(res(null, null, null, new BlockIO(null, null, List.of(new WeightDevice(8, 0, 300, null)), null,
                null, null, null)));
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void hugetlbRdmaUnified() throws Exception {
        m.create();
        fs.writes.clear();
        Map<String, String> unified = new LinkedHashMap<>();
        unified.put("memory.high", "1000000");
        unified.put("io.max", "8:0 rbps=1\n8:16 wbps=2");
        m.apply(new LinuxResources(null, null, null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 4194304L)),
                new LinuxResources.Network(7L, List.of(new LinuxResources.InterfacePriority("eth0", 1))),
                Map.of("mlx4_0", new LinuxResources.Rdma(3L, null)), unified));
        assertThat(ctWrites()).containsExactly("hugetlb.2MB.max=4194304", "hugetlb.2MB.rsvd.max=4194304",
                "rdma.max=mlx4_0 hca_handle=3", "memory.high=1000000", "io.max=8:0 rbps=1", "io.max=8:16 wbps=2");
    }

    @Test
    void unifiedErrorsNameTheKey() throws Exception {
        m.create();
        assertThatThrownBy(() -> m.apply(new LinuxResources(null, null, null, null, null, null, null, null,
                Map.of("../x", "1")))).hasMessage("cgroup: unified resource \"../x\" must be a file name (no slashes)");
        assertThatThrownBy(() -> m.apply(new LinuxResources(null, null, null, null, null, null, null, null,
                Map.of("misc.max", "1")))).hasMessage(
                        "cgroup: unified resource \"misc.max\" can't be set: controller \"misc\" not available");
        assertThatThrownBy(() -> m.apply(new LinuxResources(null, null, null, null, null, null, null, null,
                Map.of("nodot", "1")))).hasMessage(
                        "cgroup: unified resource \"nodot\" must be in the form CONTROLLER.PARAMETER");
        assertThatThrownBy(() -> m.apply(new LinuxResources(null, null, null, null, null, null, null, null,
                Map.of("memory.nosuch", "1")))).hasMessageContaining("memory.nosuch = 1: no such file or directory");
    }

    @Test
    void deviceRulesAreForTheEbpfProgram() throws Exception {
        m.create();
        fs.writes.clear();
        LinuxResources r = new LinuxResources(List.of(new LinuxResources.DeviceCgroup(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);
        m.apply(r);
        assertThat(fs.writes).isEmpty();
        assertThat(m.deviceRules(r)).hasSize(11).first().hasToString("deny a *:* rwm");
    }

    @Test
    void refusesABusyOrFrozenCgroup() throws Exception {
        m.checkUsable(); // does not exist yet
        m.create();
        fs.set("jr/ct/cgroup.procs", "42\n");
        assertThatThrownBy(m::checkUsable).hasMessage("container's cgroup is not empty: 1 process(es) found");
        fs.set("jr/ct/cgroup.procs", "");
        fs.set("jr/ct/cgroup.freeze", "1\n");
        fs.set("jr/ct/cgroup.events", "populated 0\nfrozen 1\n");
        assertThatThrownBy(m::checkUsable).hasMessage("container's cgroup unexpectedly frozen");
    }

    @Test
    void freezeWaitsForCgroupEvents() throws Exception {
        m.create();
        fs.scriptReads("cgroup.events", "populated 1\nfrozen 0\n", "populated 1\nfrozen 0\n");
        m.freeze();
        assertThat(fs.sleeps).isEqualTo(2);
        assertThat(m.isFrozen()).isTrue();
        m.thaw();
        assertThat(m.freezerState()).isEqualTo(CgroupManager.FreezerState.THAWED);
    }

    @Test
    void freezeTimeoutThawsBack() throws Exception {
        m.create();
        fs.freezeStuck = true;
        assertThatThrownBy(m::freeze).hasMessageContaining("waiting for").hasMessageContaining("to freeze");
        assertThat(fs.content("jr/ct/cgroup.freeze")).isEqualTo("0");
    }

    @Test
    void killAllUsesCgroupKill() throws Exception {
        m.create();
        fs.set("jr/ct/cgroup.procs", "5\n");
        m.killAll((pid, sig) -> {
            throw new AssertionError("no per-pid kill with cgroup.kill");
        });
        assertThat(writesTo("cgroup.kill")).containsExactly("1");
    }

    @Test
    void killAllWithoutCgroupKillSignalsEachPid() throws Exception {
        m.create();
        java.nio.file.Files.delete(tmp.resolve("jr/ct/cgroup.kill"));
        fs.set("jr/ct/cgroup.procs", "5\n6\n");
        List<Integer> killed = new ArrayList<>();
        m.killAll((pid, sig) -> {
            killed.add(pid);
            return 0;
        });
        assertThat(killed).containsExactly(5, 6);
        assertThat(fs.content("jr/ct/cgroup.freeze")).isEqualTo("0");
    }

    @Test
    void oomKillCounter() throws Exception {
        m.create();
        assertThat(m.oomKillCount()).isZero();
        fs.set("jr/ct/memory.events", "low 0\nhigh 0\nmax 4\noom 2\noom_kill 1\n");
        assertThat(m.oomKillCount()).isEqualTo(1);
        assertThat(m.underOom()).isFalse();
    }

    @Test
    void destroy() throws Exception {
        m.create();
        fs.mkdir(tmp.resolve("jr/ct/exec1"));
        m.destroy(null);
        assertThat(tmp.resolve("jr/ct")).doesNotExist();
        assertThat(tmp.resolve("jr")).exists();
    }
}
