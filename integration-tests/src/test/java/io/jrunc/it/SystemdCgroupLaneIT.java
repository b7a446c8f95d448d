package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The systemd driver against a real systemd: src/test/v2/run-systemd-lane.sh boots one pure-v2
 * VM (scripts/cgv2-vm.sh), starts the host's systemd there as PID 1 of a new pid + mount
 * namespace, and runs {@code jrunc --systemd-cgroup} in that namespace: a scope with limits
 * (unit properties and cgroup files, the container's /proc/self/cgroup), update, a second
 * container on a live unit refused by name, delete, a nested slice and a slice unit. Skipped only
 * without the VM's packages or systemd.
 */
class SystemdCgroupLaneIT {
    @Test
    void theSystemdDriverWorksAgainstARealSystemd() throws Exception {
        assumeTrue(ItEnv.isRoot(), "the integration tests need root");
        assumeTrue(onPath("qemu-system-x86_64"), "needs qemu-system-x86 (make deps)");
        assumeTrue(Files.isExecutable(Path.of("/lib/systemd/systemd")), "needs systemd installed (not running)");
        try (var boot = Files.list(Path.of("/boot"))) {
            assumeTrue(boot.anyMatch(p -> p.getFileName().toString().startsWith("vmlinuz-")),
                    "needs a kernel in /boot (linux-image-amd64, make deps)");
        }
        Path script = Path.of("src/test/v2/run-systemd-lane.sh").toAbsolutePath();
        ProcResult r = Proc.run(List.of(script.toString(), ItEnv.jrunc().toString(), ItEnv.busyboxRootfs().toString()),
                Duration.ofMinutes(20));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe())
                .contains("ok - systemd runs as PID 1 of a pid namespace")
                .contains("ok - MemoryMax property")
                .contains("ok - container's /proc/self/cgroup names the scope")
                .contains("ok - MemoryMax after update")
                .contains("ok - a live unit of the same name is refused")
                .contains("ok - unit gone after delete")
                .contains("ok - delete removes the scope's cgroup")
                .contains("ok - nested slice: the container is in the scope")
                .contains("ok - slice unit: the container is in it")
                .doesNotContain("not ok");
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
