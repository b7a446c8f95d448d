package io.jrunc.spec.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinuxTablesTest {

    @Test
    void capabilityNumbersMatchLinuxCapabilityH() {
        assertThat(Capabilities.number("CAP_CHOWN")).isZero();
        assertThat(Capabilities.number("CAP_SETPCAP")).isEqualTo(8);
        assertThat(Capabilities.number("CAP_NET_BIND_SERVICE")).isEqualTo(10);
        assertThat(Capabilities.number("CAP_SYS_ADMIN")).isEqualTo(21);
        assertThat(Capabilities.number("CAP_MKNOD")).isEqualTo(27);
        assertThat(Capabilities.number("CAP_AUDIT_WRITE")).isEqualTo(29);
        assertThat(Capabilities.number("CAP_SETFCAP")).isEqualTo(31);
        assertThat(Capabilities.number("CAP_AUDIT_READ")).isEqualTo(37);
        assertThat(Capabilities.number("CAP_PERFMON")).isEqualTo(38);
        assertThat(Capabilities.number("CAP_BPF")).isEqualTo(39);
        assertThat(Capabilities.number("CAP_CHECKPOINT_RESTORE")).isEqualTo(40);
        assertThat(Capabilities.LAST).isEqualTo(40);
        assertThat(Capabilities.names()).hasSize(41).first().isEqualTo("CAP_CHOWN");
    }

    @Test
    void capabilityNamesAndNumbersAreInverse() {
        int i = 0;
        for (String name : Capabilities.names()) {
            assertThat(Capabilities.number(name)).isEqualTo(i);
            assertThat(Capabilities.name(i)).isEqualTo(name);
            assertThat(Capabilities.isKnown(name)).isTrue();
            i++;
        }
    }

    @Test
    void unknownCapabilities() {
        assertThat(Capabilities.number("CAP_FOO")).isEqualTo(-1);
        assertThat(Capabilities.number(null)).isEqualTo(-1);
        assertThat(Capabilities.isKnown("cap_chown")).isFalse();
        assertThatThrownBy(() -> Capabilities.name(41)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capabilities.name(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void capabilityMask() {
        assertThat(Capabilities.mask(List.of("CAP_CHOWN", "CAP_KILL", "CAP_CHECKPOINT_RESTORE")))
                .isEqualTo(1L | 1L << 5 | 1L << 40);
        assertThat(Capabilities.mask(null)).isZero();
        assertThat(Capabilities.mask(Capabilities.names())).isEqualTo((1L << 41) - 1);
        assertThatThrownBy(() -> Capabilities.mask(List.of("CAP_FOO"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rlimitNumbersMatchAsmGenericResourceH() {
        assertThat(Rlimits.number("RLIMIT_CPU")).isZero();
        assertThat(Rlimits.number("RLIMIT_CORE")).isEqualTo(4);
        assertThat(Rlimits.number("RLIMIT_NPROC")).isEqualTo(6);
        assertThat(Rlimits.number("RLIMIT_NOFILE")).isEqualTo(7);
        assertThat(Rlimits.number("RLIMIT_MEMLOCK")).isEqualTo(8);
        assertThat(Rlimits.number("RLIMIT_AS")).isEqualTo(9);
        assertThat(Rlimits.number("RLIMIT_RTTIME")).isEqualTo(15);
        assertThat(Rlimits.names()).hasSize(16);
        int i = 0;
        for (String name : Rlimits.names()) {
            assertThat(Rlimits.name(i++)).isEqualTo(name);
        }
        assertThat(Rlimits.number("RLIMIT_FOO")).isEqualTo(-1);
        assertThat(Rlimits.INFINITY).isEqualTo(-1L);
        assertThatThrownBy(() -> Rlimits.name(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespaceFlagsAndProcNames() {
        assertThat(Namespaces.cloneFlag("mount")).isEqualTo(0x00020000L);
        assertThat(Namespaces.cloneFlag("cgroup")).isEqualTo(0x02000000L);
        assertThat(Namespaces.cloneFlag("uts")).isEqualTo(0x04000000L);
        assertThat(Namespaces.cloneFlag("ipc")).isEqualTo(0x08000000L);
        assertThat(Namespaces.cloneFlag("user")).isEqualTo(0x10000000L);
        assertThat(Namespaces.cloneFlag("pid")).isEqualTo(0x20000000L);
        assertThat(Namespaces.cloneFlag("network")).isEqualTo(0x40000000L);
        assertThat(Namespaces.cloneFlag("time")).isEqualTo(0x00000080L);

        assertThat(Namespaces.procName("pid")).isEqualTo("pid");
        assertThat(Namespaces.procName("network")).isEqualTo("net");
        assertThat(Namespaces.procName("mount")).isEqualTo("mnt");
        assertThat(Namespaces.procName("ipc")).isEqualTo("ipc");
        assertThat(Namespaces.procName("uts")).isEqualTo("uts");
        assertThat(Namespaces.procName("user")).isEqualTo("user");
        assertThat(Namespaces.procName("cgroup")).isEqualTo("cgroup");
        assertThat(Namespaces.procName("time")).isEqualTo("time");

        assertThat(Namespaces.types()).containsExactly("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
        assertThat(Namespaces.ofProcName("net")).isEqualTo(Namespaces.Type.NETWORK);
        assertThat(Namespaces.ofProcName("mnt").specName()).isEqualTo("mount");
        assertThat(Namespaces.ofSpecName("net")).isNull();
        assertThat(Namespaces.isKnown("time")).isTrue();
        assertThatThrownBy(() -> Namespaces.cloneFlag("net")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cloneFlagsAreDistinctSingleBits() {
        long all = 0;
        for (Namespaces.Type t : Namespaces.Type.values()) {
            assertThat(Long.bitCount(t.cloneFlag())).isEqualTo(1);
            assertThat(all & t.cloneFlag()).isZero();
            all |= t.cloneFlag();
        }
    }
}
