package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.LinuxResources.DeviceCgroup;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {
    @Test
    void defaultsAreRuncsAllowedDevicesInOrder() throws Exception {
        List<DeviceRule> r = DeviceRules.effective(null, List.of());
        assertThat(r).extracting(DeviceRule::toString).containsExactly(
                "allow c *:* m", "allow b *:* m", "allow c 1:3 rwm", "allow c 1:8 rwm", "allow c 1:7 rwm",
                "allow c 5:0 rwm", "allow c 1:5 rwm", "allow c 1:9 rwm", "allow c 136:* rwm", "allow c 5:2 rwm");
    }

    @Test
    void configRulesComeFirstAndSpecDevicesReplaceDefaults() throws Exception {
        List<DeviceCgroup> cfg = List.of(new DeviceCgroup(false, null, null, null, "rwm"),
                new DeviceCgroup(true, "c", 10L, 200L, "wr"));
        List<DeviceRule> r = DeviceRules.effective(cfg, List.of("/dev/null", "/dev/fuse"));
        assertThat(r.get(0).toString()).isEqualTo("deny a *:* rwm");
        assertThat(r.get(1).toString()).isEqualTo("allow c 10:200 rw");
        assertThat(r).extracting(DeviceRule::v1String).doesNotContain("c 1:3 rwm").contains("c 1:9 rwm");
        assertThat(r).hasSize(2 + 9);
    }

    @Test
    void invalidRules() {
        assertThatThrownBy(() -> DeviceRules.effective(List.of(new DeviceCgroup(true, "c", 1L, 3L, "")), List.of()))
                .hasMessage("device access at 0 field cannot be empty");
        assertThatThrownBy(() -> DeviceRules.effective(List.of(new DeviceCgroup(true, "p", 1L, 3L, "r")), List.of()))
                .hasMessage("invalid cgroup device type \"p\"");
        assertThatThrownBy(() -> DeviceRules.effective(List.of(new DeviceCgroup(true, "c", 1L, 3L, "rx")), List.of()))
                .hasMessageContaining("linux.resources.devices[0]");
    }

    @Test
    void bpfIntsAreTypeMajorMinorAccessBitsAllow() {
        assertThat(DeviceRule.allow('c', 1, 3, "rwm").bpfInts()).containsExactly(2, 1, 3, 7, 1);
        assertThat(new DeviceRule('b', 8, DeviceRule.WILDCARD, "r", false).bpfInts()).containsExactly(1, 8, -1, 2, 0);
        assertThat(new DeviceRule('a', -1, -1, "wm", true).bpfInts()).containsExactly(0, -1, -1, 5, 1);
        assertThat(DeviceRule.bpfInts(java.util.List.of(DeviceRule.allow('c', 5, 2, "w"),
                DeviceRule.allow('b', 7, 0, "m")))).containsExactly(2, 5, 2, 4, 1, 1, 7, 0, 1, 1);
    }
}
