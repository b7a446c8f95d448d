package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsAreSetAndClearedInOrder() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "nodev", "ro", "rw", "exec"));
        assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_NODEV);
    }

    @Test
    void rbindIsRecursiveBind() {
        MountOptions o = MountOptions.parse(List.of("rbind", "ro"));
        assertThat(o.isBind()).isTrue();
        assertThat(o.flags()).isEqualTo(MS_BIND | MS_REC | MS_RDONLY);
    }

    @Test
    void propagationIsKeptApartInOrder() {
        MountOptions o = MountOptions.parse(List.of("bind", "rprivate", "shared"));
        assertThat(o.propagation()).containsExactly(MS_PRIVATE | MS_REC, MS_SHARED);
        assertThat(o.flags()).isEqualTo(MS_BIND);
    }

    @Test
    void recursiveAttributesGoToMountSetattr() {
        MountOptions o = MountOptions.parse(List.of("rro", "rnosuid", "rnoatime"));
        assertThat(o.attrSet()).isEqualTo(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME);
        assertThat(o.attrClr()).isEqualTo(MOUNT_ATTR__ATIME);
        assertThat(o.hasRecursiveAttrs()).isTrue();
        MountOptions atime = MountOptions.parse(List.of("rnoatime", "ratime"));
        assertThat(atime.attrSet()).isEqualTo(MOUNT_ATTR_RELATIME);
        assertThat(atime.attrClr()).isEqualTo(MOUNT_ATTR__ATIME);
        assertThat(MountOptions.parse(List.of("rnorelatime")).attrSet()).isEqualTo(MOUNT_ATTR_STRICTATIME);
        MountOptions undo = MountOptions.parse(List.of("rro", "rrw"));
        assertThat(undo.attrSet()).isZero();
        assertThat(undo.attrClr()).isEqualTo(MOUNT_ATTR_RDONLY);
    }

    @Test
    void unknownOptionsBecomeFilesystemData() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "mode=755", "size=65536k"));
        assertThat(o.data()).isEqualTo("mode=755,size=65536k");
        assertThat(o.flags()).isEqualTo(MS_NOSUID);
    }

    @Test
    void tmpcopyupIsRecognised() {
        assertThat(MountOptions.parse(List.of("tmpcopyup")).tmpcopyup()).isTrue();
        assertThat(MountOptions.parse(null).flags()).isZero();
    }

    @Test
    void knownListsEveryHandledOption() {
        assertThat(MountOptions.known()).contains("ro", "rbind", "rprivate", "rro", "rnoatime", "nosymfollow", "ratime",
                        "rnorelatime", "rnostrictatime")
                .doesNotContain("tmpcopyup").isSorted();
    }
}
