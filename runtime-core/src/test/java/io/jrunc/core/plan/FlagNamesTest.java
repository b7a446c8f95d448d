package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.linux.Namespaces;
import org.junit.jupiter.api.Test;

class FlagNamesTest {
    @Test
    void mountFlagsByOptionNameAndUnknownBitsInHex() {
        assertThat(FlagNames.mountFlags(MountFlags.MS_BIND | MountFlags.MS_REC | MountFlags.MS_RDONLY | (1L << 30)))
                .containsExactly("ro", "bind", "rec", "0x40000000");
        assertThat(FlagNames.mountFlags(0)).isEmpty();
    }

    @Test
    void cloneFlagsBothWays() {
        long f = Namespaces.CLONE_NEWUSER | Namespaces.CLONE_NEWNS;
        assertThat(FlagNames.namespaces(f)).containsExactly("mount", "user");
        assertThat(FlagNames.cloneFlags(f)).containsExactly("CLONE_NEWNS", "CLONE_NEWUSER");
    }

    @Test
    void capabilityMasksAsNames() {
        assertThat(FlagNames.capabilities((1L << 0) | (1L << 21) | (1L << 40) | (1L << 45)))
                .containsExactly("CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE", "cap_45");
    }

    @Test
    void rlimitsAndInfinity() {
        assertThat(FlagNames.rlimit(7)).isEqualTo("RLIMIT_NOFILE");
        assertThat(FlagNames.limit("18446744073709551615")).isEqualTo("unlimited");
        assertThat(FlagNames.limit("1024")).isEqualTo("1024");
    }
}
