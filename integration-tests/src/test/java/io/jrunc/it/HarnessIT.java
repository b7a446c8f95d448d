package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the harness itself against runc (Debian's, installed by make deps): the fixtures and
 * bundles run, and the leak checker sees a container that was not deleted. This does not test
 * jrunc; it makes sure that a red jrunc test is jrunc's fault, not the harness's.
 */
class HarnessIT extends JruncTestBase {
    private Path runc;

    @BeforeEach
    void needRunc() {
        assumeTrue(ItEnv.runc().isPresent(), "runc is not installed (make deps installs it)");
        runc = ItEnv.runc().get();
    }

    @Test
    void busyboxBundleRunsUnderRunc() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sh", "-c", "echo hello from busybox; id -u; exit 3");
        ProcResult r = runtime(runc, "run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdoutLines()).as(r.describe()).containsExactly("hello from busybox", "0");
    }

    @Test
    void debianBundleRunsReadOnlyUnderRunc() {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sh", "-c", "cat /etc/debian_version; touch /x 2>/dev/null || echo ro");
        ProcResult r = runtime(runc, "run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).as(r.describe()).hasSize(2);
        assertThat(r.stdoutLines().get(0)).matches("\\d+(\\.\\d+)*");
        assertThat(r.stdoutLines().get(1)).isEqualTo("ro");
    }

    @Test
    void leakCheckerSeesAContainerLeftBehind() {
        LeakChecker.Snapshot start = leakChecker().snapshot();
        Path b = bundle(Bundles.Rootfs.BUSYBOX, "sleep", "60");
        String id = newId();
        ProcResult create = runtime(runc, "create", "--bundle", b.toString(), id);
        assertThat(create.exitCode()).as(create.describe()).isZero();

        List<String> leaks = LeakChecker.diff(start, leakChecker().snapshot());
        assertThat(leaks).as("leaks of a created container").anyMatch(l -> l.startsWith("state dir: ") && l.endsWith(id));
        assertThat(leaks).anyMatch(l -> l.startsWith("process: "));

        leakChecker().cleanUp(start, runc);
        assertThat(leakChecker().leaksSince(start, Duration.ofSeconds(5))).isEmpty();
    }
}
