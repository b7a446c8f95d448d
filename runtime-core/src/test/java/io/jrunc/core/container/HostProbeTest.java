package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.core.plan.HostFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostProbeTest {
    @Test
    void hybridHostListsV1HierarchiesAndTheUnifiedMount() {
        HostFacts f = HostProbe.fromMountinfo(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate",
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw"), 40, true);
        assertThat(f.cgroupV1Hierarchies()).containsExactly(new HostFacts.CgroupV1("cpu,cpuacct", "cpu,cpuacct"),
                new HostFacts.CgroupV1("systemd", "name=systemd"));
        assertThat(f.cgroupV2()).isTrue();
        assertThat(f.cgroupV2Only()).isFalse();
        assertThat(f.hasKcore()).isTrue();
        assertThat(f.lastCap()).isEqualTo(40);
    }

    @Test
    void unifiedHost() {
        HostFacts f = HostProbe.fromMountinfo(List.of(
                "30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot"), 38, false);
        assertThat(f.cgroupV1Hierarchies()).isEmpty();
        assertThat(f.cgroupV2Only()).isTrue();
    }

    @Test
    void thisHostCanBeProbed() {
        HostFacts f = HostProbe.probe();
        assertThat(f.lastCap()).isBetween(30, 63);
    }
}
