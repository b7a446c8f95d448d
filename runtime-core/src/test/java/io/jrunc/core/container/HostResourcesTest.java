package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.plan.LsmFacts;
import io.jrunc.core.rdt.Resctrl;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** create's up-front refusals: a label or RDT the host cannot apply, with the field named. */
class HostResourcesTest {
    static final Resctrl NO_RDT = new Resctrl(Path.of("/nonexistent/resctrl"), false, false);
    static final Resctrl RDT = new Resctrl(Path.of("/nonexistent/resctrl"), true, true);
    static final LsmFacts APPARMOR = new LsmFacts(true, "", false);

    static Spec spec(String process, String linux) throws Exception {
        return SpecIO.mapper().readValue("{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"true\"],\"cwd\":\"/\""
                + process + "},\"linux\":{" + linux + "}}", Spec.class);
    }

    @Test
    void anApparmorProfileNeedsAppArmor() throws Exception {
        Spec s = spec(",\"apparmorProfile\":\"p\"", "");
        assertThatThrownBy(() -> HostResources.check(s, LsmFacts.NONE, RDT))
                .hasMessage("config.json: process.apparmorProfile: cannot apply AppArmor profile \"p\": AppArmor is not"
                        + " enabled");
        assertThatCode(() -> HostResources.check(s, APPARMOR, NO_RDT)).doesNotThrowAnyException();
    }

    @Test
    void aSelinuxLabelNeedsSelinux() throws Exception {
        Spec s = spec(",\"selinuxLabel\":\"l\"", "");
        assertThatThrownBy(() -> HostResources.check(s, APPARMOR, RDT))
                .hasMessageStartingWith("config.json: process.selinuxLabel: cannot apply SELinux label \"l\"");
        assertThatCode(() -> HostResources.check(s, new LsmFacts(false, "x", true), RDT)).doesNotThrowAnyException();
    }

    @Test
    void intelRdtNeedsResctrlAndAMountLabelNeedsNothing() throws Exception {
        Spec s = spec("", "\"intelRdt\":{\"closID\":\"c\"},\"mountLabel\":\"m\"");
        assertThatThrownBy(() -> HostResources.check(s, LsmFacts.NONE, NO_RDT))
                .hasMessage("config.json: linux.intelRdt: Intel RDT is not supported on this host (no resctrl filesystem"
                        + " in /proc/filesystems)");
        assertThatCode(() -> HostResources.check(s, LsmFacts.NONE, RDT)).doesNotThrowAnyException();
    }
}
