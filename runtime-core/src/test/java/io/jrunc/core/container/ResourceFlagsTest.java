package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import io.jrunc.spec.LinuxResources;
import org.junit.jupiter.api.Test;

class ResourceFlagsTest {
    private static ResourceFlags flags(String memory, String swap, String period, String quota, Integer pids) {
        return new ResourceFlags(null, period, quota, null, null, null, null, null, null, memory, null, swap, null, pids);
    }

    @Test
    void sizesUseGoUnitsBinaryMultipliers() throws JruncException {
        assertThat(ResourceFlags.ramInBytes("512m")).isEqualTo(512L << 20);
        assertThat(ResourceFlags.ramInBytes("512MiB")).isEqualTo(512L << 20);
        assertThat(ResourceFlags.ramInBytes("1.5k")).isEqualTo(1536);
        assertThat(ResourceFlags.ramInBytes("2 GB")).isEqualTo(2L << 30);
        assertThat(ResourceFlags.ramInBytes("1024")).isEqualTo(1024);
        assertThat(ResourceFlags.ramInBytes("1b")).isEqualTo(1);
        assertThatThrownBy(() -> ResourceFlags.ramInBytes("12x")).hasMessage("invalid size: '12x'");
        assertThatThrownBy(() -> ResourceFlags.ramInBytes("-2")).hasMessage("invalid size: '-2'");
    }

    @Test
    void flagsBecomeResourcesAndUnsetStaysNull() throws JruncException {
        LinuxResources r = flags("64m", "-1", "100000", "50000", 32).toResources();
        assertThat(r.memory().limit()).isEqualTo(64L << 20);
        assertThat(r.memory().swap()).isEqualTo(-1);
        assertThat(r.memory().reservation()).isNull();
        assertThat(r.cpu().period()).isEqualTo(100000);
        assertThat(r.cpu().quota()).isEqualTo(50000);
        assertThat(r.cpu().shares()).isNull();
        assertThat(r.pids().limit()).isEqualTo(32);
        assertThat(r.blockIO()).isNull();
        LinuxResources none = flags(null, null, null, null, 0).toResources();
        assertThat(none.pids()).as("--pids-limit 0 means unchanged, as in runc").isNull();
        assertThat(none.memory().limit()).isNull();
    }

    @Test
    void badValuesNameTheFlagAsRunc() {
        assertThatThrownBy(() -> flags("lots", null, null, null, null).toResources())
                .hasMessage("invalid value for memory: invalid size: 'lots'");
        assertThatThrownBy(() -> flags(null, null, "-5", null, null).toResources())
                .hasMessage("invalid value for cpu-period: strconv.ParseUint: parsing \"-5\": invalid syntax");
        assertThatThrownBy(() -> flags(null, null, null, "1.5", null).toResources())
                .hasMessage("invalid value for cpu-quota: strconv.ParseInt: parsing \"1.5\": invalid syntax");
    }
}
