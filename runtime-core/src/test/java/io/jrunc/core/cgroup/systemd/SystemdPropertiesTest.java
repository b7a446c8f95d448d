package io.jrunc.core.cgroup.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.cgroup.SystemdPath;
import io.jrunc.core.cgroup.systemd.SystemdClient.Property;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.LinuxResources.BlockIO;
import io.jrunc.spec.LinuxResources.Cpu;
import io.jrunc.spec.LinuxResources.Memory;
import io.jrunc.spec.LinuxResources.Pids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdPropertiesTest {
    private static String str(List<Property> p) {
        return String.join(" ", p.stream().map(Property::toString).toList());
    }

    private static LinuxResources res(Memory m, Cpu c, Pids p, BlockIO b, Map<String, String> unified) {
        return new LinuxResources(null, m, c, p, b, null, null, null, unified);
    }

    private static Memory mem(Long limit, Long reservation, Long swap) {
        return new Memory(limit, reservation, swap, null, null, null, null, null, null);
    }

    private static Cpu cpu(Long shares, Long quota, Long period, String cpus, String mems, Long idle) {
        return new Cpu(shares, quota, null, period, null, null, cpus, mems, idle);
    }

    @Test
    void unitPropertiesOfAScopeAndOfASlice() throws Exception {
        SystemdPath scope = SystemdPath.parse("system.slice:jrunc:a", "a");
        assertThat(str(SystemdProperties.unitProperties(scope, 42, true))).isEqualTo(
                "Description=jrunc container a Slice=system.slice Delegate=true PIDs=[42] MemoryAccounting=true "
                        + "CPUAccounting=true IOAccounting=true TasksAccounting=true DefaultDependencies=false");
        SystemdPath slice = SystemdPath.parse(":jrunc:x-y.slice", "a");
        assertThat(str(SystemdProperties.unitProperties(slice, 0, false))).isEqualTo(
                "Description=jrunc container x-y.slice Wants=[system.slice] MemoryAccounting=true "
                        + "CPUAccounting=true BlockIOAccounting=true TasksAccounting=true DefaultDependencies=false");
        assertThat(slice.cgroupPath()).isEqualTo("/x.slice/x-y.slice");
        assertThat(SystemdPath.parse("a-b.slice:p:n", "n").cgroupPath()).isEqualTo("/a.slice/a-b.slice/p-n.scope");
        assertThat(SystemdPath.parse("-.slice:p:n", "n").cgroupPath()).isEqualTo("/p-n.scope");
    }

    @Test
    void everyResourceOnV2() throws Exception {
        LinuxResources r = res(mem(64L << 20, 32L << 20, 96L << 20), cpu(512L, 50000L, 100000L, "0-2,7", "0", null),
                new Pids(32L), new BlockIO(500, null, null, null, null, null, null), null);
        assertThat(str(SystemdProperties.resources(r, true, 252))).isEqualTo(
                "MemoryMax=67108864 MemoryLow=33554432 MemorySwapMax=33554432 CPUWeight=59 "
                        + "CPUQuotaPeriodUSec=100000 CPUQuotaPerSecUSec=500000 IOWeight=4950 TasksMax=32 "
                        + "AllowedCPUs=87 AllowedMemoryNodes=01");
    }

    @Test
    void everyResourceOnV1() throws Exception {
        LinuxResources r = res(mem(64L << 20, 32L << 20, 96L << 20), cpu(512L, 50000L, 100000L, "1", null, null),
                new Pids(-1L), new BlockIO(500, null, null, null, null, null, null), null);
        assertThat(str(SystemdProperties.resources(r, false, 252))).isEqualTo(
                "MemoryLimit=67108864 CPUShares=512 CPUQuotaPeriodUSec=100000 CPUQuotaPerSecUSec=500000 "
                        + "BlockIOWeight=500 TasksMax=-1 AllowedCPUs=02");
    }

    @Test
    void runcsRulesForZeroUnlimitedAndOldSystemd() throws Exception {
        assertThat(SystemdProperties.resources(null, true, 252)).isEmpty();
        // zeros are "unset"; pids 0 is not passed (runc: only > 0 or -1)
        assertThat(str(SystemdProperties.resources(res(mem(0L, 0L, 0L), cpu(0L, 0L, 0L, "", "", null), new Pids(0L),
                null, null), true, 252))).isEmpty();
        // unlimited memory and swap; quota -1 with a period → infinity
        assertThat(str(SystemdProperties.resources(res(mem(-1L, null, -1L), cpu(null, -1L, 50000L, null, null, null),
                null, null, null), true, 252)))
                .isEqualTo("MemoryMax=-1 MemorySwapMax=-1 CPUQuotaPeriodUSec=50000 CPUQuotaPerSecUSec=-1");
        // a fractional percent is rounded up to whole percents (runc: 10 ms steps)
        assertThat(str(SystemdProperties.resources(res(null, cpu(null, 12345L, null, null, null, null), null, null,
                null), true, 252))).isEqualTo("CPUQuotaPerSecUSec=130000");
        // before 242 no period property, before 244 no cpuset properties
        assertThat(str(SystemdProperties.resources(res(null, cpu(null, 20000L, 100000L, "0", "0", null), null, null,
                null), true, 241))).isEqualTo("CPUQuotaPerSecUSec=200000");
        // cpu.idle 1 (systemd ≥ 252) is CPUWeight=0 and wins over shares
        assertThat(str(SystemdProperties.resources(res(null, cpu(1024L, null, null, null, null, 1L), null, null, null),
                true, 252))).isEqualTo("CPUWeight=0");
        assertThat(str(SystemdProperties.resources(res(null, cpu(1024L, null, null, null, null, 1L), null, null, null),
                true, 251))).isEqualTo("CPUWeight=100");
        assertThatThrownBy(() -> SystemdProperties.resources(res(mem(null, null, 1L << 20), null, null, null, null),
                true, 252)).hasMessageContaining("unable to set swap limit without memory limit");
    }

    @Test
    void unifiedKeysSystemdKnows() throws Exception {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("memory.high", "1000");
        u.put("memory.max", "max");
        u.put("pids.max", " 10 ");
        u.put("cpu.max", "max 50000");
        u.put("cpu.weight", "7");
        u.put("cpuset.cpus", "1-3");
        u.put("io.max", "8:0 rbps=1"); // not a property: only written to the file
        assertThat(str(SystemdProperties.resources(res(null, null, null, null, u), true, 252))).isEqualTo(
                "CPUQuotaPeriodUSec=50000 CPUQuotaPerSecUSec=-1 CPUWeight=7 AllowedCPUs=0e MemoryHigh=1000 "
                        + "MemoryMax=-1 TasksMax=10");
        assertThat(SystemdProperties.resources(res(null, null, null, null, u), false, 252)).noneMatch(
                p -> p.name().equals("MemoryHigh")); // v1 has no unified map (the cgroupfs manager refuses it)
        assertThatThrownBy(() -> SystemdProperties.resources(res(null, null, null, null, Map.of("memory.max", "lots")),
                true, 252)).hasMessage("systemd cgroup driver: linux.resources.unified[\"memory.max\"]: invalid value \"lots\"");
    }

    @Test
    void cpuListsBecomeLittleEndianBitmasks() throws Exception {
        assertThat(SystemdProperties.rangeToBits("0", "x")).containsExactly(1);
        assertThat(SystemdProperties.rangeToBits("0-2,7", "x")).containsExactly(0x87);
        assertThat(SystemdProperties.rangeToBits("8,10-11", "x")).containsExactly(0, 0x0d);
        assertThatThrownBy(() -> SystemdProperties.rangeToBits("3-1", "linux.resources.cpu.cpus"))
                .hasMessage("systemd cgroup driver: linux.resources.cpu.cpus=\"3-1\": invalid range \"3-1\"");
    }
}
