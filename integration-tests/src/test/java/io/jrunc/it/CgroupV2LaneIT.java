package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 lane: this host cannot switch cgroup modes, so src/test/v2/run-v2-lane.sh boots
 * one pure-v2 VM (scripts/cgv2-vm.sh) and runs the v2 scenarios there with the installed jrunc
 * (limits, cpu weight, subtree_control, eBPF device filter, pause/resume through cgroup.freeze,
 * update, ps, events --stats, delete). The VM sees the host's root read-only, so nothing it does
 * reaches the host. Skipped only without the VM's packages (make deps installs them).
 */
class CgroupV2LaneIT {
    @Test
    void theV2ScenariosPassInAPureCgroupV2Vm() throws Exception {
        assumeTrue(ItEnv.isRoot(), "the integration tests need root");
        assumeTrue(onPath("qemu-system-x86_64"), "needs qemu-system-x86 (make deps)");
        try (var boot = Files.list(Path.of("/boot"))) {
            assumeTrue(boot.anyMatch(p -> p.getFileName().toString().startsWith("vmlinuz-")),
                    "needs a kernel in /boot (linux-image-amd64, make deps)");
        }
        Path script = Path.of("src/test/v2/run-v2-lane.sh").toAbsolutePath();
        ProcResult r = Proc.run(List.of(script.toString(), ItEnv.jrunc().toString(), ItEnv.busyboxRootfs().toString()),
                Duration.ofMinutes(20));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("ok - delete removes the cgroup").doesNotContain("not ok");
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
