package io.jrunc.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostReportTest {
    @TempDir
    Path tmp;

    @Test
    void aHybridHostIsReportedFromItsFiles() throws Exception {
        HostReport r = HostReport.gather(FakeHost.hybrid(tmp.resolve("host")).files(), Path.of("/run/jrunc"));
        assertThat(r.kernelRelease()).isEqualTo("6.1.0-18-amd64");
        assertThat(r.kernel()).isEqualTo(new KernelVersion(6, 1, 0));
        assertThat(r.cgroupMode()).isEqualTo("hybrid");
        assertThat(r.cgroupV1Controllers()).containsExactly("cpu", "cpuacct", "pids");
        assertThat(r.cgroupV2Mount()).isEqualTo("/sys/fs/cgroup/unified");
        assertThat(r.cgroupV2Controllers()).isEmpty();
        assertThat(r.namespaces()).containsExactly("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts");
        assertThat(r.userNamespaces()).isTrue();
        assertThat(r.namespaceLimits()).containsEntry("max_user_namespaces", 1000L);
        assertThat(r.seccompActions()).contains("user_notif");
        assertThat(r.libseccomp()).isEqualTo("2.5.4");
        assertThat(r.apparmor()).isEqualTo("absent");
        assertThat(r.selinux()).isEqualTo("disabled");
        assertThat(r.stateRoot().mountedOn()).isEqualTo("/run");
        assertThat(r.stateRoot().onTmpfs()).isTrue();
        assertThat(r.hasFeature("mount_setattr")).isTrue();
        assertThat(r.hasFeature("memfd MFD_EXEC")).isFalse();
    }

    @Test
    void unifiedAndLegacyModes() throws Exception {
        FakeHost h = FakeHost.hybrid(tmp.resolve("u"))
                .file("/proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/vda rw\n"
                        + "30 22 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
                .file("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        HostReport u = HostReport.gather(h.files(), tmp.resolve("state"));
        assertThat(u.cgroupMode()).isEqualTo("unified");
        assertThat(u.usableControllers()).containsExactly("cpu", "cpuset", "io", "memory", "pids");
        assertThat(u.stateRoot().onTmpfs()).isFalse();
        assertThat(u.stateRoot().exists()).isFalse();
        FakeHost l = FakeHost.hybrid(tmp.resolve("l")).file("/proc/self/mountinfo",
                FakeHost.HYBRID_MOUNTINFO.lines().filter(s -> !s.contains("cgroup2")).reduce("", (a, s) -> a + s + "\n"));
        assertThat(HostReport.gather(l.files(), tmp).cgroupMode()).isEqualTo("legacy");
    }

    @Test
    void disabledUserNamespacesAndAnOldKernel() throws Exception {
        FakeHost h = FakeHost.hybrid(tmp.resolve("old")).file("/proc/sys/user/max_user_namespaces", "0\n")
                .file("/proc/sys/kernel/osrelease", "4.19.0\n");
        Files.delete(h.root.resolve("proc/self/ns/time"));
        HostReport r = HostReport.gather(h.files(), tmp);
        assertThat(r.userNamespaces()).isFalse();
        assertThat(r.namespaces()).doesNotContain("time");
        assertThat(r.hasFeature("openat2")).isFalse();
        assertThat(r.hasFeature("seccomp user notification")).isFalse();
        assertThat(r.hasFeature("pidfd_open")).isFalse();
    }

    @Test
    void kernelVersionsParseLeniently() {
        assertThat(KernelVersion.parse("6.18.44-fc-v669")).isEqualTo(new KernelVersion(6, 18, 44));
        assertThat(KernelVersion.parse("5.15")).isEqualTo(new KernelVersion(5, 15, 0));
        assertThat(KernelVersion.parse("garbage").atLeast(3, 0)).isFalse();
        assertThat(KernelVersion.parse("5.12.1").atLeast(5, 12)).isTrue();
        assertThat(KernelVersion.parse("5.11.9").atLeast(5, 12)).isFalse();
    }
}
