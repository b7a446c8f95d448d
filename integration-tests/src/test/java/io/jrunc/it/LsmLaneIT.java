package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The AppArmor lane: this host has no AppArmor, so src/test/v2/run-lsm-lane.sh boots one VM with
 * Debian's kernel (scripts/cgv2-vm.sh; AppArmor is its default LSM), loads a test profile with the
 * host's apparmor_parser and runs containers under it with the installed jrunc: the init and
 * exec'd processes report {@code jrunc-test (enforce)} in /proc/self/attr/current, the profile's
 * denial of /tmp/denied bites, {@code exec --apparmor} applies it to one process, and an unknown
 * profile fails create leaving nothing. The VM sees the host's root read-only. Skipped only
 * without the VM's packages or apparmor_parser (make deps installs them).
 */
class LsmLaneIT {
    static final List<String> EXPECTED = List.of(
            "ok - AppArmor is enabled in the VM",
            "ok - apparmor_parser loads jrunc-test",
            "ok - the container's init runs under jrunc-test",
            "ok - inside: /proc/self/attr/current of an exec'd process (the config's profile)",
            "ok - the profile allows /tmp/allowed",
            "ok - the profile denies writing /tmp/denied",
            "ok - exec --apparmor jrunc-test: /proc/self/attr/current",
            "ok - exec --apparmor: the denial applies",
            "ok - the same write without the flag",
            "ok - an unknown profile fails create",
            "ok - nothing left of c");

    @Test
    void appArmorProfilesApplyInAVmWithAppArmor() throws Exception {
        assumeTrue(ItEnv.isRoot(), "the integration tests need root");
        assumeTrue(onPath("qemu-system-x86_64"), "needs qemu-system-x86 (make deps)");
        assumeTrue(onPath("apparmor_parser"), "needs apparmor_parser (the apparmor package)");
        try (var boot = Files.list(Path.of("/boot"))) {
            assumeTrue(boot.anyMatch(p -> p.getFileName().toString().startsWith("vmlinuz-")),
                    "needs a kernel in /boot (linux-image-amd64, make deps)");
        }
        Path script = Path.of("src/test/v2/run-lsm-lane.sh").toAbsolutePath();
        ProcResult r = Proc.run(List.of(script.toString(), ItEnv.jrunc().toString(), ItEnv.busyboxRootfs().toString()),
                Duration.ofMinutes(20));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).doesNotContain("not ok");
        for (String line : EXPECTED) {
            assertThat(r.stdout()).as(r.describe()).contains(line);
        }
    }

    private static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, cmd))) {
                return true;
            }
        }
        return false;
    }
}
