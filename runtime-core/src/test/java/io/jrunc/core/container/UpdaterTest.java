package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import io.jrunc.spec.LinuxResources;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdaterTest {
    private static LinuxResources read(String json) throws JruncException {
        return Updater.read("<stdin>", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void containerdZerosMeanUnchanged() throws JruncException {
        // containerd sends every field, zeros for the unset ones
        LinuxResources r = Updater.runcSubset(read("""
                {"memory":{"limit":134217728,"reservation":0,"swap":0,"swappiness":0},
                 "cpu":{"shares":0,"quota":0,"period":0,"cpus":"","mems":""},
                 "pids":{"limit":0},"blockIO":{"weight":0},
                 "devices":[{"allow":true,"access":"rwm"}],"hugepageLimits":[{"pageSize":"2MB","limit":0}]}"""));
        assertThat(r.memory().limit()).isEqualTo(134217728);
        assertThat(r.memory().swappiness()).as("runc update ignores swappiness").isNull();
        assertThat(r.pids()).as("pids 0 is not 1 in an update").isNull();
        assertThat(r.devices()).as("update never touches devices").isNull();
        assertThat(r.hugepageLimits()).isNull();
    }

    @Test
    void unlimitedMemoryWithoutSwapMakesSwapUnlimitedToo() throws JruncException {
        LinuxResources r = Updater.runcSubset(read("{\"memory\":{\"limit\":-1}}"));
        assertThat(r.memory().swap()).isEqualTo(-1);
        assertThat(Updater.runcSubset(read("{\"memory\":{\"limit\":500}}")).memory().swap()).isNull();
    }

    @Test
    void invalidDocumentsNameTheField() {
        assertThatThrownBy(() -> read("{\"cpu\":{\"cpus\":\"0-x\"}}")).hasMessageContaining("cpu.cpus");
        assertThatThrownBy(() -> read("{\"memory\":{\"limit\":\"lots\"}}")).hasMessageContaining("memory.limit");
        assertThatThrownBy(() -> read("")).hasMessageContaining("<stdin>");
    }
}
