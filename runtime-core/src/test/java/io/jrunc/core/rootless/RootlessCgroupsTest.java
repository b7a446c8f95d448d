package io.jrunc.core.rootless;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.core.cgroup.CgroupException;
import io.jrunc.core.cgroup.CgroupIOException;
import io.jrunc.spec.LinuxResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootlessCgroupsTest {
    @Test
    void onlyPermissionErrorsAreIgnorable() {
        assertThat(RootlessCgroups.ignorable(new CgroupIOException("x", CgroupIOException.Errno.EACCES, "", null))).isTrue();
        assertThat(RootlessCgroups.ignorable(new CgroupIOException("x", CgroupIOException.Errno.EROFS, "", null))).isTrue();
        assertThat(RootlessCgroups.ignorable(new CgroupIOException("x", CgroupIOException.Errno.EBUSY, "", null))).isFalse();
        assertThat(RootlessCgroups.ignorable(new CgroupException("x"))).isFalse();
    }

    @Test
    void devicesAreNoLimitButMemoryAndPidsAre() {
        LinuxResources devicesOnly = new LinuxResources(
                List.of(new LinuxResources.DeviceCgroup(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);
        assertThat(RootlessCgroups.requestedLimit(devicesOnly)).isNull();
        assertThat(RootlessCgroups.requestedLimit(null)).isNull();
        LinuxResources memory = new LinuxResources(null,
                new LinuxResources.Memory(1L << 26, null, null, null, null, null, null, null, null),
                null, null, null, null, null, null, null);
        assertThat(RootlessCgroups.requestedLimit(memory)).isEqualTo("memory");
        LinuxResources pids = new LinuxResources(null, null, null, new LinuxResources.Pids(10L),
                null, null, null, null, null);
        assertThat(RootlessCgroups.requestedLimit(pids)).isEqualTo("pids");
    }
}
