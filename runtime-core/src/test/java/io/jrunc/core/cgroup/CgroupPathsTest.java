package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPathsTest {
    @TempDir
    Path tmp;

    private static final List<String> HYBRID_MOUNTINFO = List.of(
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate");
    private static final List<String> PROC_SELF_CGROUP = List.of(
            "9:name=systemd:/user.slice/session-3.scope", "4:memory:/user.slice", "2:cpu,cpuacct:/user.slice",
            "0::/user.slice/session-3.scope");

    @Test
    void cleanPathLikeRunc() {
        assertThat(CgroupPaths.cleanPath("")).isEmpty();
        assertThat(CgroupPaths.cleanPath("/a/../../b//c/.")).isEqualTo("/b/c");
        assertThat(CgroupPaths.cleanPath("../../foo")).isEqualTo("foo");
        assertThat(CgroupPaths.cleanPath("a/./b/../c")).isEqualTo("a/c");
        assertThat(CgroupPaths.cleanPath("/")).isEqualTo("/");
        assertThat(CgroupPaths.cleanPath("..")).isEqualTo(".");
    }

    @Test
    void modeDetection() {
        assertThat(CgroupMode.detect(HYBRID_MOUNTINFO)).isEqualTo(CgroupMode.HYBRID);
        assertThat(CgroupMode.detect(HYBRID_MOUNTINFO.subList(0, 4))).isEqualTo(CgroupMode.LEGACY);
        assertThat(CgroupMode.detect(List.of("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate")))
                .isEqualTo(CgroupMode.UNIFIED);
    }

    @Test
    void hostParseFindsControllersAndOwnCgroups() {
        CgroupHost h = CgroupHost.parse(HYBRID_MOUNTINFO, PROC_SELF_CGROUP);
        assertThat(h.mode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(h.v1Mounts()).containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
                .containsEntry("name=systemd", Path.of("/sys/fs/cgroup/systemd"))
                .doesNotContainKey("xattr");
        assertThat(h.unified()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(h.ownCgroups()).containsEntry("memory", "/user.slice").containsEntry("",
                "/user.slice/session-3.scope");
    }

    @Test
    void v1AbsolutePathIsBelowEachHierarchyRoot() throws Exception {
        CgroupHost h = CgroupHost.parse(HYBRID_MOUNTINFO, PROC_SELF_CGROUP);
        Map<String, Path> p = CgroupPaths.v1Paths(h, CgroupConfig.of("ct", "/a/../../b/ct"));
        assertThat(p).containsExactly(
                Map.entry("memory", Path.of("/sys/fs/cgroup/memory/b/ct")),
                Map.entry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct/b/ct")),
                Map.entry("cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct/b/ct")),
                Map.entry("name=systemd", Path.of("/sys/fs/cgroup/systemd/b/ct")),
                Map.entry("", Path.of("/sys/fs/cgroup/unified/b/ct")));
    }

    @Test
    void v1RelativePathIsBelowTheRuntimesOwnCgroup() throws Exception {
        CgroupHost h = CgroupHost.parse(HYBRID_MOUNTINFO, PROC_SELF_CGROUP);
        Map<String, Path> p = CgroupPaths.v1Paths(h, CgroupConfig.of("ct", "../../mine/ct"));
        assertThat(p.get("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory/user.slice/mine/ct"));
        assertThat(p.get("name=systemd")).isEqualTo(Path.of("/sys/fs/cgroup/systemd/user.slice/session-3.scope/mine/ct"));
        assertThat(p.get("")).isEqualTo(Path.of("/sys/fs/cgroup/unified/user.slice/session-3.scope/mine/ct"));
    }

    @Test
    void emptyPathIsTheIdUnderJruncsOwnParent() throws Exception {
        CgroupHost h = CgroupHost.parse(HYBRID_MOUNTINFO, PROC_SELF_CGROUP);
        Map<String, Path> p = CgroupPaths.v1Paths(h, CgroupConfig.of("ct1", null));
        assertThat(p.get("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory/jrunc/ct1"));
    }

    @Test
    void v1RelativePathHonoursTheMountRoot() throws Exception {
        List<String> mi = List.of("35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");
        CgroupHost h = CgroupHost.parse(mi, List.of("4:memory:/docker/abc/sub"));
        assertThat(CgroupPaths.v1Paths(h, CgroupConfig.of("ct", "x")).get("memory"))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/sub/x"));
    }

    @Test
    void v2Paths() throws Exception {
        CgroupHost h = CgroupHost.v2(Path.of("/sys/fs/cgroup"), "/user.slice/user-0.slice/session-1.scope");
        assertThat(CgroupPaths.v2Path(h, CgroupConfig.of("ct", "/machine/ct")))
                .isEqualTo(Path.of("/sys/fs/cgroup/machine/ct"));
        // relative: under the parent of our own cgroup
        assertThat(CgroupPaths.v2Path(h, CgroupConfig.of("ct", "mine/ct")))
                .isEqualTo(Path.of("/sys/fs/cgroup/user.slice/user-0.slice/mine/ct"));
        // empty: jrunc's own parent
        assertThat(CgroupPaths.v2Path(h, CgroupConfig.of("ct", "")))
                .isEqualTo(Path.of("/sys/fs/cgroup/jrunc/ct"));
        CgroupHost svc = CgroupHost.v2(Path.of("/sys/fs/cgroup"), "/system.slice/containerd.service");
        assertThat(CgroupPaths.v2Path(svc, CgroupConfig.of("ct", "k8s/pod1/ct")))
                .isEqualTo(Path.of("/sys/fs/cgroup/machine.slice/machine-jrunc.slice/k8s/pod1/ct"));
        CgroupHost atRoot = CgroupHost.v2(Path.of("/sys/fs/cgroup"), "/");
        assertThat(CgroupPaths.v2Path(atRoot, CgroupConfig.of("ct", "ct")))
                .isEqualTo(Path.of("/sys/fs/cgroup/ct"));
    }

    @Test
    void systemdPathParsing() throws Exception {
        SystemdPath p = SystemdPath.parse("system.slice:docker:1234", "ct");
        assertThat(p.unitName()).isEqualTo("docker-1234.scope");
        assertThat(p.cgroupPath()).isEqualTo("/system.slice/docker-1234.scope");
        SystemdPath def = SystemdPath.parse("", "ct");
        assertThat(def.unitName()).isEqualTo("jrunc-ct.scope");
        assertThat(def.cgroupPath()).isEqualTo("/system.slice/jrunc-ct.scope");
        // a slice unit sits where its own name puts it (systemd derives a slice's parent from
        // its name; runc's join of parent and name agrees whenever the two are consistent)
        assertThat(SystemdPath.parse("machine-a-b.slice::x.slice", "ct").cgroupPath()).isEqualTo("/x.slice");
        assertThat(SystemdPath.parse("machine-a-b.slice::machine-a-b-c.slice", "ct").cgroupPath())
                .isEqualTo("/machine.slice/machine-a.slice/machine-a-b.slice/machine-a-b-c.slice");
        assertThat(SystemdPath.parse("-.slice:p:n", "ct").cgroupPath()).isEqualTo("/p-n.scope");
        assertThatThrownBy(() -> SystemdPath.parse("/a/b", "ct"))
                .hasMessage("expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, "
                        + "got \"/a/b\" instead");
        assertThatThrownBy(() -> SystemdPath.parse("a--b.slice:p:n", "ct").cgroupPath())
                .hasMessage("invalid slice name: a--b.slice");
    }

    @Test
    void systemdDriverWithoutSystemdFailsClearly() throws Exception {
        CgroupHost h = CgroupHost.v2(tmp, "/");
        CgroupConfig cfg = new CgroupConfig("ct", "system.slice:jrunc:ct", true, List.of());
        Path marker = tmp.resolve("run-systemd-system");
        assertThatThrownBy(() -> CgroupManagers.open(h, cfg, CgroupIO.REAL, marker))
                .hasMessage("systemd cgroup driver: systemd is not running (no " + marker + ")");
        Files.createDirectory(marker);
        assertThat(CgroupManagers.open(h, cfg, CgroupIO.REAL, marker).paths())
                .containsEntry("", tmp.resolve("system.slice/jrunc-ct.scope").toString())
                .containsEntry("@systemd-unit", "jrunc-ct.scope");
        CgroupConfig bad = new CgroupConfig("ct", "/abs/path", true, List.of());
        assertThatThrownBy(() -> CgroupManagers.open(h, bad, CgroupIO.REAL, marker))
                .hasMessageContaining("slice:prefix:name");
    }

    @Test
    void fromPathsPicksTheVersion() throws Exception {
        assertThat(CgroupManagers.fromPaths("ct", Map.of("", "/sys/fs/cgroup/ct"), CgroupIO.REAL).isV2()).isTrue();
        CgroupManager v1 = CgroupManagers.fromPaths("ct",
                Map.of("memory", "/sys/fs/cgroup/memory/ct", "", "/sys/fs/cgroup/unified/ct"), CgroupIO.REAL);
        assertThat(v1.isV2()).isFalse();
        assertThatThrownBy(() -> CgroupManagers.fromPaths("ct", Map.of(), CgroupIO.REAL))
                .hasMessage("cgroup: container ct has no cgroup paths");
    }
}
