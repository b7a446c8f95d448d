package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.linux.Namespaces;
import java.util.List;
import org.junit.jupiter.api.Test;

class HintsTest {
    static Plan clone(long flags) {
        return new Plan(List.of(Op.of(Opcode.CLONE, "start container init", "linux.namespaces", flags)));
    }

    @Test
    void unknownFilesystemPointsAtProcFilesystems() {
        assertThat(Hints.hint(Hints.Kind.MOUNT, 19, false))
                .hasValue("the kernel has no such filesystem (see /proc/filesystems)");
    }

    @Test
    void mountEpermIsExplainedOnlyInsideAUserNamespace() {
        assertThat(Hints.hint(Hints.Kind.MOUNT, 1, true)).get().asString().contains("user namespace");
        assertThat(Hints.hint(Hints.Kind.MOUNT, 1, false)).isEmpty();
    }

    @Test
    void execEaccesMeansNotExecutableOrNoexec() {
        assertThat(Hints.hint(Hints.Kind.EXEC, 13, false)).hasValue("not executable or on a noexec mount");
        assertThat(Hints.hint(Hints.Kind.EXEC, 13, true)).hasValue("not executable or on a noexec mount");
    }

    @Test
    void aMissingCgroupControllerIsNamed() {
        assertThat(Hints.hint(Hints.Kind.CGROUP, 2, false)).get().asString()
                .startsWith("the cgroup controller is not enabled on this host");
    }

    @Test
    void noHintIsInventedForOtherErrors() {
        assertThat(Hints.hint(Hints.Kind.MOUNT, 22, false)).isEmpty();
        assertThat(Hints.hint(Hints.Kind.OTHER, 19, false)).isEmpty();
    }

    @Test
    void aStepsKindAndTheUserNamespaceComeFromThePlan() {
        Op mount = Op.of(Opcode.MOUNT, "mount sysfs to /sys", "mounts[3]", "sysfs", "/sys", "sysfs", 0, "", 1);
        assertThat(Hints.forStep(mount, 1, clone(Namespaces.CLONE_NEWUSER | Namespaces.CLONE_NEWNS))).isPresent();
        assertThat(Hints.forStep(mount, 1, clone(Namespaces.CLONE_NEWNS))).isEmpty();
        Op sysctl = Op.of(Opcode.SYSCTL, "set sysctl a.b to 1", "linux.sysctl.a.b", "a.b", "1");
        assertThat(Hints.forStep(sysctl, 2, clone(0))).hasValue("this kernel has no such sysctl (see /proc/sys)");
    }
}
