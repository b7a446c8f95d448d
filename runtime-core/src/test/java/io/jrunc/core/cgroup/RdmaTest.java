package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.LinuxResources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linux.resources.rdma: rdma.max lines on v1 and v2, and a clear error where the controller is absent. */
class RdmaTest {
    @TempDir
    Path tmp;

    private static LinuxResources rdma() {
        Map<String, LinuxResources.Rdma> r = new LinkedHashMap<>();
        r.put("mlx4_0", new LinuxResources.Rdma(2L, 2000L));
        r.put("mlx5_1", new LinuxResources.Rdma(null, 5L));
        return new LinuxResources(null, null, null, null, null, null, null, r, null);
    }

    @Test
    void theLineFormat() {
        assertThat(V1Manager.rdmaLine("mlx4_0", new LinuxResources.Rdma(2L, 2000L)))
                .isEqualTo("mlx4_0 hca_handle=2 hca_object=2000");
        assertThat(V1Manager.rdmaLine("d", new LinuxResources.Rdma(null, null))).isEqualTo("d");
        assertThat(V1Manager.rdmaLine("d", new LinuxResources.Rdma(-1L, null)))
                .isEqualTo("d hca_handle=18446744073709551615");
    }

    @Test
    void v2WritesOneLinePerDevice() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.v2(tmp, "memory", "pids", "rdma");
        CgroupManager m = CgroupManagers.open(fs.hostV2(), CgroupConfig.of("ct", "/jr/ct"), fs, tmp);
        m.create();
        fs.writes.clear();
        m.apply(rdma());
        assertThat(fs.writes).containsExactly("jr/ct/rdma.max=mlx4_0 hca_handle=2 hca_object=2000",
                "jr/ct/rdma.max=mlx5_1 hca_object=5");
    }

    @Test
    void withoutTheControllerTheErrorNamesIt() throws Exception {
        FakeCgroupFs v2 = FakeCgroupFs.v2(tmp.resolve("v2"), "memory", "pids"); // this host: no rdma
        CgroupManager m2 = CgroupManagers.open(v2.hostV2(), CgroupConfig.of("ct", "/jr/ct"), v2, tmp);
        m2.create();
        assertThatThrownBy(() -> m2.apply(rdma())).hasMessage("cgroup: cannot set rdma limit (linux.resources.rdma): "
                + "the rdma controller is not available in " + tmp.resolve("v2/jr/ct") + " (cgroup v2)");
        FakeCgroupFs v1 = FakeCgroupFs.v1(tmp.resolve("v1"), "memory", "devices", "pids");
        CgroupManager m1 = CgroupManagers.open(v1.hostV1(null), CgroupConfig.of("ct", "/jr/ct"), v1, tmp);
        m1.create();
        assertThatThrownBy(() -> m1.apply(rdma()))
                .hasMessage("cgroup: cannot set rdma limit: the rdma controller is not mounted (cgroup v1)");
    }
}
