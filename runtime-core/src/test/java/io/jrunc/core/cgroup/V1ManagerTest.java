package io.jrunc.core.cgroup;

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

class V1ManagerTest {
    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    V1Manager m;

    @BeforeEach
    void setUp() throws Exception {
        fs = FakeCgroupFs.v1(tmp, "cpuset", "cpu,cpuacct", "memory", "devices", "freezer", "pids", "blkio",
                "hugetlb", "net_cls", "net_prio", "rdma", "systemd");
        m = manager(CgroupConfig.of("ct", "/jr/ct"));
    }

    private V1Manager manager(CgroupConfig cfg) throws Exception {
        return (V1Manager) CgroupManagers.open(fs.hostV1(null), cfg, fs, tmp.resolve("no-systemd"));
    }

    static LinuxResources res(Memory mem, Cpu cpu, LinuxResources.Pids pids, BlockIO bio) {
        return new LinuxResources(null, mem, cpu, pids, bio, null, null, null, null);
    }

    static Memory mem(Long limit, Long reservation, Long swap) {
        return new Memory(limit, reservation, swap, null, null, null, null, null, null);
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

    @Test
    void pathsAndJoinFilesOnePerHierarchy() throws Exception {
        assertThat(m.paths()).containsEntry("memory", tmp.resolve("memory/jr/ct").toString())
                .containsEntry("cpu", tmp.resolve("cpu,cpuacct/jr/ct").toString())
                .containsEntry("cpuacct", tmp.resolve("cpu,cpuacct/jr/ct").toString())
                .containsEntry("name=systemd", tmp.resolve("systemd/jr/ct").toString());
        assertThat(m.joinFiles()).extracting(fs::rel).containsExactly("cpuset/jr/ct/cgroup.procs",
                "devices/jr/ct/cgroup.procs", "memory/jr/ct/cgroup.procs", "cpu,cpuacct/jr/ct/cgroup.procs",
                "pids/jr/ct/cgroup.procs", "blkio/jr/ct/cgroup.procs", "hugetlb/jr/ct/cgroup.procs",
                "net_cls/jr/ct/cgroup.procs", "net_prio/jr/ct/cgroup.procs", "freezer/jr/ct/cgroup.procs",
                "rdma/jr/ct/cgroup.procs", "systemd/jr/ct/cgroup.procs");
    }

    @Test
    void hybridAlsoJoinsTheUnifiedHierarchy() throws Exception {
        FakeCgroupFs.v2(tmp.resolve("unified"));
        V1Manager h = (V1Manager) CgroupManagers.open(fs.hostV1(tmp.resolve("unified")), CgroupConfig.of("ct", "/x"),
                fs, tmp);
        assertThat(h.paths()).containsEntry("", tmp.resolve("unified/x").toString());
        assertThat(h.joinFiles().getLast()).isEqualTo(tmp.resolve("unified/x/cgroup.procs"));
    }

    @Test
    void createCopiesCpusetDownFromTheParent() throws Exception {
        m.create();
        assertThat(fs.content("cpuset/jr/cpuset.cpus")).isEqualTo("0-3");
        assertThat(fs.content("cpuset/jr/ct/cpuset.mems")).isEqualTo("0");
        assertThat(fs.content("memory/jr/ct/memory.limit_in_bytes")).isEqualTo("9223372036854771712\n");
        m.create(); // idempotent
    }

    @Test
    void defaultDeviceRulesWithoutResources() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(null);
        assertThat(fs.writes).containsExactly("devices/jr/ct/devices.deny=a",
                "devices/jr/ct/devices.allow=c *:* m", "devices/jr/ct/devices.allow=b *:* m",
                "devices/jr/ct/devices.allow=c 1:3 rwm", "devices/jr/ct/devices.allow=c 1:8 rwm",
                "devices/jr/ct/devices.allow=c 1:7 rwm", "devices/jr/ct/devices.allow=c 5:0 rwm",
                "devices/jr/ct/devices.allow=c 1:5 rwm", "devices/jr/ct/devices.allow=c 1:9 rwm",
                "devices/jr/ct/devices.allow=c 136:* rwm", "devices/jr/ct/devices.allow=c 5:2 rwm");
    }

    @Test
    void configDenyRulesGoToDevicesDeny() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(new LinuxResources(List.of(new LinuxResources.DeviceCgroup(false, null, null, null, "rwm"),
                new LinuxResources.DeviceCgroup(false, "c", 1L, 9L, "w")), null, null, null, null, null, null, null,
                null));
        assertThat(fs.writes.subList(0, 3)).containsExactly("devices/jr/ct/devices.deny=a",
                "devices/jr/ct/devices.deny=a *:* rwm", "devices/jr/ct/devices.deny=c 1:9 w");
    }

    @Test
    void updateLeavesDevicesAlone() throws Exception {
        m.create();
        fs.writes.clear();
        m.update(res(mem(1L << 20, null, null), null, null, null));
        assertThat(fs.writes).containsExactly("memory/jr/ct/memory.limit_in_bytes=1048576");
    }

    @Test
    void memoryLimitReservationSwappinessOom() throws Exception {
        m.create();
        m.apply(res(new Memory(64L << 20, 32L << 20, null, 1L, 2L, 10L, true, null, null), null, null, null));
        assertThat(writesTo("memory.limit_in_bytes")).containsExactly("67108864");
        assertThat(writesTo("memory.memsw.limit_in_bytes")).isEmpty();
        assertThat(writesTo("memory.soft_limit_in_bytes")).containsExactly("33554432");
        assertThat(writesTo("memory.oom_control")).containsExactly("1");
        assertThat(writesTo("memory.swappiness")).containsExactly("10");
        // kernel / kernelTCP are ignored
        assertThat(fs.writes).noneMatch(w -> w.contains("kmem"));
    }

    @Test
    void swappinessMinusOneIsIgnoredAndAbove100Refused() throws Exception {
        m.create();
        m.apply(res(new Memory(null, null, null, null, null, -1L, null, null, null), null, null, null));
        assertThat(writesTo("memory.swappiness")).isEmpty();
        assertThatThrownBy(() -> m.apply(res(new Memory(null, null, null, null, null, 101L, null, null, null), null,
                null, null))).hasMessage("cgroup: invalid value:101. valid memory swappiness range is 0-100");
    }

    @Test
    void memoryAndSwapOrderOnCreateAndGrowAndShrink() throws Exception {
        m.create();
        fs.writes.clear();
        // current limit is "unlimited": limit first, then memsw
        m.apply(res(mem(1L << 30, null, 2L << 30), null, null, null));
        assertThat(fs.writes.stream().filter(w -> w.startsWith("memory/")).toList()).containsExactly(
                "memory/jr/ct/memory.limit_in_bytes=1073741824", "memory/jr/ct/memory.memsw.limit_in_bytes=2147483648");
        // growing (current limit 1G < new memsw 4G): memsw first
        fs.writes.clear();
        m.update(res(mem(3L << 30, null, 4L << 30), null, null, null));
        assertThat(fs.writes).containsExactly("memory/jr/ct/memory.memsw.limit_in_bytes=4294967296",
                "memory/jr/ct/memory.limit_in_bytes=3221225472");
        // shrinking (current 3G >= new memsw 2G): limit first
        fs.writes.clear();
        m.update(res(mem(1L << 30, null, 2L << 30), null, null, null));
        assertThat(fs.writes).containsExactly("memory/jr/ct/memory.limit_in_bytes=1073741824",
                "memory/jr/ct/memory.memsw.limit_in_bytes=2147483648");
        // unlimited swap: memsw first
        fs.writes.clear();
        m.update(res(mem(512L << 20, null, -1L), null, null, null));
        assertThat(fs.writes).containsExactly("memory/jr/ct/memory.memsw.limit_in_bytes=-1",
                "memory/jr/ct/memory.limit_in_bytes=536870912");
    }

    @Test
    void unlimitedMemoryAlsoUnlimitsSwap() throws Exception {
        m.create();
        fs.writes.clear();
        m.update(res(mem(-1L, null, null), null, null, null));
        assertThat(fs.writes).containsExactly("memory/jr/ct/memory.memsw.limit_in_bytes=-1",
                "memory/jr/ct/memory.limit_in_bytes=-1");
    }

    @Test
    void memoryLimitBelowUsageNamesUsage() throws Exception {
        m.create();
        fs.set("memory/jr/ct/memory.usage_in_bytes", "5000000\n");
        fs.set("memory/jr/ct/memory.max_usage_in_bytes", "6000000\n");
        fs.failNext("memory.limit_in_bytes", CgroupIOException.Errno.EBUSY);
        assertThatThrownBy(() -> m.update(res(mem(1048576L, null, null), null, null, null)))
                .hasMessage("cgroup: unable to set memory limit to 1048576 (current usage: 5000000, peak usage: 6000000)");
    }

    @Test
    void writeErrorsNameFileAndValue() throws Exception {
        m.create();
        fs.failNext("pids.max", CgroupIOException.Errno.EINVAL);
        assertThatThrownBy(() -> m.update(res(null, null, new LinuxResources.Pids(32L), null)))
                .hasMessage("cgroup: write " + tmp.resolve("pids/jr/ct/pids.max") + " = 32: invalid argument");
    }

    @Test
    void cpuShares() throws Exception {
        m.create();
        m.apply(res(null, new Cpu(512L, null, null, null, null, null, null, null, null), null, null));
        assertThat(writesTo("cpu.shares")).containsExactly("512");
        fs.scriptReads("cpu.shares", "262144\n");
        assertThatThrownBy(() -> m.update(res(null, new Cpu(500000L, null, null, null, null, null, null, null, null),
                null, null))).hasMessage("cgroup: the maximum allowed cpu-shares is 262144");
        fs.scriptReads("cpu.shares", "2\n");
        assertThatThrownBy(() -> m.update(res(null, new Cpu(1L, null, null, null, null, null, null, null, null),
                null, null))).hasMessage("cgroup: the minimum allowed cpu-shares is 2");
    }

    @Test
    void cpuQuotaPeriodBurstRealtimeIdle() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(null, new Cpu(null, 50000L, 10000L, 100000L, 950000L, 1000000L, null, null, 1L), null, null));
        List<String> cpu = fs.writes.stream().filter(w -> w.startsWith("cpu,cpuacct/")).toList();
        assertThat(cpu).containsExactly("cpu,cpuacct/jr/ct/cpu.cfs_period_us=100000",
                "cpu,cpuacct/jr/ct/cpu.cfs_burst_us=10000", "cpu,cpuacct/jr/ct/cpu.cfs_quota_us=50000",
                "cpu,cpuacct/jr/ct/cpu.rt_period_us=1000000", "cpu,cpuacct/jr/ct/cpu.rt_runtime_us=950000",
                "cpu,cpuacct/jr/ct/cpu.idle=1");
    }

    @Test
    void cpuPeriodRefusedIsRetriedAfterQuota() throws Exception {
        m.create();
        fs.writes.clear();
        fs.failNext("cpu.cfs_period_us", CgroupIOException.Errno.EINVAL);
        m.update(res(null, new Cpu(null, 20000L, null, 50000L, null, null, null, null, null), null, null));
        assertThat(fs.writes).containsExactly("cpu,cpuacct/jr/ct/cpu.cfs_quota_us=20000",
                "cpu,cpuacct/jr/ct/cpu.cfs_period_us=50000");
        fs.failNext("cpu.cfs_period_us", CgroupIOException.Errno.EINVAL);
        assertThatThrownBy(() -> m.update(res(null, new Cpu(null, null, null, 50000L, null, null, null, null, null),
                null, null))).hasMessageEndingWith("cpu.cfs_period_us = 50000: invalid argument");
    }

    @Test
    void zeroMeansUnset() throws Exception {
        m.create();
        fs.writes.clear();
        m.update(new LinuxResources(null, mem(0L, 0L, 0L), new Cpu(0L, 0L, null, 0L, 0L, 0L, "", "", null),
                null, new BlockIO(0, 0, null, null, null, null, null), null, new LinuxResources.Network(0L, null),
                null, null));
        assertThat(fs.writes).isEmpty();
    }

    @Test
    void cpusetCpusAndMems() throws Exception {
        m.create();
        m.apply(res(null, new Cpu(null, null, null, null, null, null, "0-1", "0", null), null, null));
        assertThat(fs.content("cpuset/jr/ct/cpuset.cpus")).isEqualTo("0-1");
        assertThat(fs.content("cpuset/jr/ct/cpuset.mems")).isEqualTo("0");
    }

    @Test
    void pidsLimit() throws Exception {
        m.create();
        m.apply(res(null, null, new LinuxResources.Pids(32L), null));
        m.update(res(null, null, new LinuxResources.Pids(-1L), null));
        m.update(res(null, null, new LinuxResources.Pids(0L), null));
        m.update(res(null, null, new LinuxResources.Pids(null), null));
        assertThat(writesTo("pids.max")).containsExactly("32", "max", "1");
    }

    @Test
    void blkio() throws Exception {
        m.create();
        fs.writes.clear();
        m.apply(res(null, null, null, new BlockIO(300, 200, List.of(new WeightDevice(8, 0, 400, 100),
                new WeightDevice(8, 16, null, 50)),
                List.of(new ThrottleDevice(8, 0, 1048576)), List.of(new ThrottleDevice(8, 0, 2097152)),
                List.of(new ThrottleDevice(8, 0, 100)), List.of(new ThrottleDevice(8, 16, 200)))));
        assertThat(fs.writes.stream().filter(w -> w.startsWith("blkio/")).map(w -> w.substring(12)).toList())
                .containsExactly("blkio.weight=300", "blkio.leaf_weight=200", "blkio.weight_device=8:0 400",
                        "blkio.leaf_weight_device=8:0 100", "blkio.leaf_weight_device=8:16 50",
                        "blkio.throttle.read_bps_device=8:0 1048576", "blkio.throttle.write_bps_device=8:0 2097152",
                        "blkio.throttle.read_iops_device=8:0 100", "blkio.throttle.write_iops_device=8:16 200");
    }

    @Test
    void blkioUsesBfqKnobsWhenPresent() throws Exception {
        m.create();
        fs.set("blkio/jr/ct/blkio.bfq.weight", "100\n");
        fs.set("blkio/jr/ct/blkio.bfq.weight_device", "");
        m.apply(res(null, null, null, new BlockIO(300, null, List.of(new WeightDevice(8, 0, 400, null)), null,
                null, null, null)));
        assertThat(writesTo("blkio.bfq.weight")).containsExactly("300");
        assertThat(writesTo("blkio.bfq.weight_device")).containsExactly("8:0 400");
        assertThat(writesTo("blkio.weight")).isEmpty();
    }

    @Test
    void hugetlbNetworkRdma() throws Exception {
        m.create();
        Map<String, LinuxResources.Rdma> rdma = new LinkedHashMap<>();
        rdma.put("mlx4_0", new LinuxResources.Rdma(2L, 2000L));
        rdma.put("mlx5_1", new LinuxResources.Rdma(null, 5L));
        m.apply(new LinuxResources(null, null, null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 4194304L), new LinuxResources.HugepageLimit("1GB", 0)),
                new LinuxResources.Network(0x100001L, List.of(new LinuxResources.InterfacePriority("eth0", 5),
                        new LinuxResources.InterfacePriority("lo", 1))), rdma, null));
        assertThat(writesTo("hugetlb.2MB.limit_in_bytes")).containsExactly("4194304");
        assertThat(writesTo("hugetlb.2MB.rsvd.limit_in_bytes")).containsExactly("4194304");
        assertThat(writesTo("hugetlb.1GB.limit_in_bytes")).containsExactly("0");
        assertThat(writesTo("net_cls.classid")).containsExactly("1048577");
        assertThat(writesTo("net_prio.ifpriomap")).containsExactly("eth0 5", "lo 1");
        assertThat(writesTo("rdma.max")).containsExactly("mlx4_0 hca_handle=2 hca_object=2000", "mlx5_1 hca_object=5");
    }

    @Test
    void hugetlbWithoutRsvdKnobs() throws Exception {
        m.create();
        fs.failNext("hugetlb.2MB.rsvd.limit_in_bytes", CgroupIOException.Errno.ENOENT);
        m.apply(new LinuxResources(null, null, null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 1), new LinuxResources.HugepageLimit("1GB", 2)),
                null, null, null));
        assertThat(writesTo("hugetlb.1GB.limit_in_bytes")).containsExactly("2");
        assertThat(writesTo("hugetlb.1GB.rsvd.limit_in_bytes")).isEmpty();
    }

    @Test
    void unifiedIsRefusedOnV1NamingTheKey() throws Exception {
        m.create();
        assertThatThrownBy(() -> m.apply(new LinuxResources(null, null, null, null, null, null, null, null,
                Map.of("memory.high", "100000")))).hasMessage(
                        "cgroup: linux.resources.unified[\"memory.high\"]: invalid configuration: cannot use unified on cgroup v1");
    }

    @Test
    void missingControllerIsAClearError() throws Exception {
        FakeCgroupFs small = FakeCgroupFs.v1(tmp.resolve("small"), "memory");
        CgroupManager mm = CgroupManagers.open(small.hostV1(null), CgroupConfig.of("ct", "/ct"), small, tmp);
        mm.create();
        assertThatThrownBy(() -> mm.apply(res(null, null, new LinuxResources.Pids(5L), null)))
                .hasMessage("cgroup: cannot set pids limit: the pids controller is not mounted (cgroup v1)");
    }

    @Test
    void refusesABusyCgroup() throws Exception {
        m.create();
        m.checkUsable();
        fs.set("devices/jr/ct/cgroup.procs", "1234\n5678\n");
        assertThatThrownBy(m::checkUsable).hasMessage("container's cgroup is not empty: 2 process(es) found");
        fs.set("devices/jr/ct/cgroup.procs", "");
        fs.set("freezer/jr/ct/freezer.state", "FROZEN\n");
        fs.set("freezer/jr/ct/freezer.self_freezing", "1\n");
        assertThatThrownBy(m::checkUsable).hasMessage("container's cgroup unexpectedly frozen");
    }

    @Test
    void aNotYetExistingCgroupIsUsable() throws Exception {
        m.checkUsable();
    }

    @Test
    void pidsAreRecursive() throws Exception {
        m.create();
        fs.set("devices/jr/ct/cgroup.procs", "10\n");
        fs.mkdir(tmp.resolve("devices/jr/ct/sub"));
        fs.set("devices/jr/ct/sub/cgroup.procs", "11\n12\n");
        assertThat(m.pids()).containsExactly(10, 11, 12);
    }

    @Test
    void freezeAndThaw() throws Exception {
        m.create();
        assertThat(m.isFrozen()).isFalse();
        fs.scriptReads("freezer.state", "FREEZING\n", "FREEZING\n");
        m.freeze();
        assertThat(writesTo("freezer.state")).containsExactly("FROZEN", "FROZEN", "FROZEN");
        fs.set("freezer/jr/ct/freezer.self_freezing", "1\n");
        assertThat(m.freezerState()).isEqualTo(CgroupManager.FreezerState.FROZEN);
        m.thaw();
        assertThat(fs.content("freezer/jr/ct/freezer.state")).isEqualTo("THAWED");
        fs.set("freezer/jr/ct/freezer.self_freezing", "0\n");
        assertThat(m.isFrozen()).isFalse();
    }

    @Test
    void frozenOnlyThroughAnAncestorIsNotPaused() throws Exception {
        m.create();
        fs.set("freezer/jr/ct/freezer.state", "FROZEN\n");
        fs.set("freezer/jr/ct/freezer.self_freezing", "0\n");
        assertThat(m.freezerState()).isEqualTo(CgroupManager.FreezerState.THAWED);
    }

    @Test
    void freezeStuckInFreezingThawsBack() throws Exception {
        m.create();
        String[] freezing = new String[1000];
        java.util.Arrays.fill(freezing, "FREEZING\n");
        fs.scriptReads("freezer.state", freezing);
        assertThatThrownBy(m::freeze).hasMessageContaining("unable to freeze");
        assertThat(fs.content("freezer/jr/ct/freezer.state")).isEqualTo("THAWED");
    }

    @Test
    void freezeWithoutFreezer() throws Exception {
        FakeCgroupFs small = FakeCgroupFs.v1(tmp.resolve("small"), "memory");
        CgroupManager mm = CgroupManagers.open(small.hostV1(null), CgroupConfig.of("ct", "/ct"), small, tmp);
        assertThatThrownBy(mm::freeze).hasMessage("cgroup: cannot toggle freezer: cgroups not configured for container");
        assertThat(mm.freezerState()).isEqualTo(CgroupManager.FreezerState.UNDEFINED);
    }

    @Test
    void killAllFreezesSignalsEveryPidAndThaws() throws Exception {
        m.create();
        fs.set("devices/jr/ct/cgroup.procs", "10\n11\n");
        List<String> kills = new ArrayList<>();
        m.killAll((pid, sig) -> {
            kills.add(pid + ":" + sig + ":" + fs.content("freezer/jr/ct/freezer.state"));
            return 0;
        });
        assertThat(kills).containsExactly("10:9:FROZEN", "11:9:FROZEN");
        assertThat(fs.content("freezer/jr/ct/freezer.state")).isEqualTo("THAWED");
    }

    @Test
    void oomCounters() throws Exception {
        m.create();
        assertThat(m.oomKillCount()).isZero();
        assertThat(m.underOom()).isFalse();
        fs.set("memory/jr/ct/memory.oom_control", "oom_kill_disable 1\nunder_oom 1\noom_kill 3\n");
        assertThat(m.oomKillCount()).isEqualTo(3);
        assertThat(m.underOom()).isTrue();
    }

    @Test
    void destroyRemovesLeafFirstAndRetriesBusy() throws Exception {
        m.create();
        fs.mkdir(tmp.resolve("memory/jr/ct/sub"));
        fs.failNext("rmdir:ct", CgroupIOException.Errno.EBUSY); // fast path
        fs.failNext("rmdir:ct", CgroupIOException.Errno.EBUSY); // first retry
        m.destroy(null);
        for (String h : List.of("cpuset", "memory", "cpu,cpuacct", "systemd")) {
            assertThat(tmp.resolve(h + "/jr/ct")).doesNotExist();
            assertThat(tmp.resolve(h + "/jr")).exists(); // the parent is not ours to remove
        }
        assertThat(fs.writes.indexOf("rmdir memory/jr/ct/sub")).isLessThan(fs.writes.indexOf("rmdir memory/jr/ct"));
        assertThat(fs.sleeps).isGreaterThanOrEqualTo(1);
        m.destroy(null); // gone already: fine
    }

    @Test
    void destroyKillsLeftoversFirst() throws Exception {
        m.create();
        fs.set("devices/jr/ct/cgroup.procs", "10\n");
        List<Integer> killed = new ArrayList<>();
        m.destroy((pid, sig) -> {
            killed.add(pid);
            fs.set("devices/jr/ct/cgroup.procs", "");
            return 0;
        });
        assertThat(killed).containsExactly(10);
        assertThat(tmp.resolve("devices/jr/ct")).doesNotExist();
    }

    @Test
    void destroyReportsAPersistentlyBusyCgroup() throws Exception {
        m.create();
        for (int i = 0; i < 20; i++) {
            fs.failNext("rmdir:ct", CgroupIOException.Errno.EBUSY);
        }
        assertThatThrownBy(() -> m.destroy(null)).hasMessage("cgroup: rmdir " + tmp.resolve("cpuset/jr/ct")
                + ": device or resource busy");
    }
}
