package io.jrunc.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrunc.core.sys.ErrnoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The v2 device filter on a real cgroup2 hierarchy (the host's, or its unified one on a hybrid
 * host: BPF device programs apply there too). A shell moves itself into the cgroup and probes
 * devices. Needs root.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceFilterTest {
    // type, major, minor, access (m 1, r 2, w 4), allow
    private static final int CHAR = 2, R = 2, W = 4, M = 1;

    private final JniKernel k = new JniKernel();
    private Path cg;

    @BeforeEach
    void makeCgroup() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"), "needs root");
        Path root = Files.exists(Path.of("/sys/fs/cgroup/cgroup.procs")) && !Files.exists(Path.of("/sys/fs/cgroup/unified"))
                ? Path.of("/sys/fs/cgroup") : Path.of("/sys/fs/cgroup/unified");
        assumeTrue(Files.exists(root.resolve("cgroup.procs")), "needs a cgroup2 hierarchy");
        cg = Files.createDirectory(root.resolve("jrunc-devfilter-test-" + ThreadLocalRandom.current().nextInt(1 << 30)));
    }

    @AfterEach
    void removeCgroup() throws Exception {
        if (cg != null) {
            Files.deleteIfExists(cg); // the attached program goes with the cgroup
        }
    }

    private String probe() throws Exception {
        // no /dev/null of its own: the filter may deny it
        Path sink = Files.createTempFile("devfilter", ".out");
        String script = "echo $$ > " + cg + "/cgroup.procs || exit 9\n"
                + "p() { if sh -c \"$2\" >" + sink + " 2>&1; then echo \"$1 ok\"; else echo \"$1 denied\"; fi; }\n"
                + "p null-read 'head -c1 /dev/null'\n"
                + "p null-write 'echo x >/dev/null'\n"
                + "p zero-read 'head -c1 /dev/zero'\n"
                + "p zero-write 'echo x >/dev/zero'\n"
                + "p full-read 'head -c1 /dev/full'\n";
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Files.delete(sink);
        return out;
    }

    @Test
    void lastMatchWinsWithWildcardsPartialAccessAndDefaultDeny() throws Exception {
        k.attachDeviceFilter(cg.toString(), new int[] {
            CHAR, 1, -1, R, 1, // allow c 1:* r
            CHAR, 1, 3, R | W | M, 1, // allow c 1:3 rwm
            CHAR, 1, 3, W, 0, // deny c 1:3 w (after the allow: wins for writes)
        });
        assertThat(probe()).isEqualTo("""
                null-read ok
                null-write denied
                zero-read ok
                zero-write denied
                full-read ok
                """);
    }

    @Test
    void anyTypeRuleAndNoRules() throws Exception {
        k.attachDeviceFilter(cg.toString(), new int[] {0, -1, -1, R | W | M, 1, CHAR, 1, 7, R, 0});
        assertThat(probe()).contains("null-write ok", "zero-write ok").contains("full-read denied");
    }

    @Test
    void anEmptyListDeniesEverything() throws Exception {
        k.attachDeviceFilter(cg.toString(), new int[0]);
        assertThat(probe()).doesNotContain(" ok");
    }

    @Test
    void aMissingCgroupNamesTheDirectory() {
        assertThatThrownBy(() -> k.attachDeviceFilter(cg + "/nope", new int[0])).isInstanceOf(ErrnoException.class)
                .hasMessage("open " + cg + "/nope: no such file or directory");
    }
}
