package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --systemd-cgroup} on a host where systemd does not run (this one: no
 * /run/systemd/system): one clear line, a non-zero exit, and nothing left behind (no state
 * directory, no cgroup, no process; the base class's LeakChecker checks all of them). The driver
 * itself is tested against a real systemd by {@link SystemdCgroupLaneIT}.
 */
class SystemdCgroupIT extends JruncTestBase {
    @Test
    void withoutSystemdTheDriverFailsInOneLineAndLeavesNothing() throws Exception {
        assumeTrue(!Files.isDirectory(Path.of("/run/systemd/system")), "systemd runs here: the lane IT covers it");
        String id = newId();
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("linux")).put("cgroupsPath",
                "system.slice:jrunc:" + id), "true");
        for (String cmd : new String[] {"run", "create"}) {
            ProcResult r = jrunc("--systemd-cgroup", cmd, "--bundle", b.toString(), id);
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            // runc's log line: time="…" level=error msg="…"
            assertThat(r.stderr().strip()).as(r.describe()).endsWith(
                    "msg=\"systemd cgroup driver: systemd is not running (no /run/systemd/system)\"")
                    .doesNotContain("\n");
            assertThat(r.stdout()).as(r.describe()).isEmpty();
            assertThat(root.resolve(id)).doesNotExist();
        }
        // a bad cgroupsPath is refused first, naming the expected format
        Path bad = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("linux")).put("cgroupsPath", "/a/b"), "true");
        ProcResult r = jrunc("--systemd-cgroup", "run", "--bundle", bad.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("slice:prefix:name");
        assertThat(root.resolve(id)).doesNotExist();
    }
}
