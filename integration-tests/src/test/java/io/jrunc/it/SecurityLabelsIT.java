package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Security labels and Intel RDT on a host that has neither AppArmor, SELinux nor resctrl (this
 * one): asking for them fails create or exec with one line naming the field or flag and the
 * reason, leaving nothing behind; linux.mountLabel is ignored there, as runc does. Where AppArmor
 * is enabled, LsmLaneIT checks that the profile applies (in a VM with Debian's kernel).
 */
class SecurityLabelsIT extends JruncTestBase {
    @BeforeEach
    void hostHasNoLsmOrRdt() {
        assumeFalse(Files.exists(Path.of("/sys/kernel/security/apparmor")), "AppArmor is enabled here: LsmLaneIT");
        assumeFalse(Files.exists(Path.of("/sys/fs/selinux/enforce")), "SELinux is enabled here");
        assumeFalse(Files.isDirectory(Path.of("/sys/fs/resctrl/info")), "resctrl is mounted here");
    }

    ProcResult create(Consumer<ObjectNode> edit) {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, edit, "true");
        return jrunc("create", "--bundle", b.toString(), newId());
    }

    static void assertOneLineError(ProcResult r, String message) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).as(r.describe()).hasSize(1);
        assertThat(r.stderr()).as(r.describe()).contains(message);
    }

    @Test
    void anApparmorProfileIsRefusedWithTheReason() {
        ProcResult r = create(c -> InsideTestBase.process(c).put("apparmorProfile", "jrunc-test"));
        assertOneLineError(r, "config.json: process.apparmorProfile: cannot apply AppArmor profile \\\"jrunc-test\\\": ");
        assertThat(r.stderr()).containsAnyOf("AppArmor module is not loaded", "AppArmor is disabled", "securityfs");
        assertThat(root.toFile().list()).as("no state left").isNullOrEmpty();
    }

    @Test
    void aSelinuxLabelIsRefusedWithTheReason() {
        ProcResult r = create(c -> InsideTestBase.process(c).put("selinuxLabel", "system_u:system_r:container_t:s0"));
        assertOneLineError(r, "config.json: process.selinuxLabel: cannot apply SELinux label");
        assertThat(r.stderr()).contains("SELinux is disabled or not supported on this host");
    }

    @Test
    void intelRdtIsRefusedWithoutResctrl() {
        ProcResult r = create(c -> InsideTestBase.linux(c).putObject("intelRdt").put("l3CacheSchema", "L3:0=f"));
        assertOneLineError(r, "config.json: linux.intelRdt: Intel RDT is not supported on this host (no resctrl");
    }

    @Test
    void aMountLabelIsIgnoredAsRuncDoesWithoutSelinux() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> InsideTestBase.linux(c).put("mountLabel",
                "system_u:object_r:container_file_t:s0:c1,c2"), "sh", "-c", "grep ' /dev ' /proc/self/mounts");
        ProcResult r = jrunc("run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("tmpfs /dev tmpfs").doesNotContain("context=");
    }

    @Test
    void execLabelsNameTheFlagOrTheProcessField() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "600");
        String id = newId();
        ProcResult run = jrunc("run", "-d", "--bundle", b.toString(), id);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        try {
            ProcResult aa = jrunc("exec", "--apparmor", "jrunc-test", id, "true");
            assertThat(aa.exitCode()).as(aa.describe()).isNotZero();
            assertThat(aa.stderr()).contains("exec --apparmor: cannot apply AppArmor profile");
            ProcResult se = jrunc("exec", "--process-label", "system_u:system_r:container_t:s0", id, "true");
            assertThat(se.exitCode()).as(se.describe()).isNotZero();
            assertThat(se.stderr()).contains("exec --process-label: cannot apply SELinux label");
            Path pj = tmp.resolve("process.json");
            Files.writeString(pj, "{\"args\":[\"true\"],\"cwd\":\"/\",\"apparmorProfile\":\"jrunc-test\"}");
            ProcResult file = jrunc("exec", "--process", pj.toString(), id);
            assertThat(file.exitCode()).as(file.describe()).isNotZero();
            assertThat(file.stderr()).contains("process.apparmorProfile: cannot apply AppArmor profile");
            ProcResult ok = jrunc("exec", id, "true");
            assertThat(ok.exitCode()).as("the container is unharmed: " + ok.describe()).isZero();
        } finally {
            jrunc("delete", "--force", id);
        }
    }
}
