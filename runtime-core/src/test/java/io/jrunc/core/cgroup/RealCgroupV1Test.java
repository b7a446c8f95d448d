package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrunc.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On the real host (root, cgroup v1 memory/pids/freezer): make a cgroup below a fresh
 * jrunc-test-&lt;random&gt; parent, apply limits, move a sleep into it, freeze/thaw it, kill it
 * and remove everything. Skipped when not root or without those v1 controllers.
 */
class RealCgroupV1Test {
    private static final Set<String> CONTROLLERS = Set.of("memory", "pids", "freezer");

    private static boolean isRoot() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:")) {
                return l.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }

    @Test
    void limitsJoinFreezeThawKillDestroy() throws Exception {
        assumeTrue(isRoot(), "needs root");
        CgroupHost full = CgroupHost.probe();
        assumeTrue(full.mode() != CgroupMode.UNIFIED && full.v1Mounts().keySet().containsAll(CONTROLLERS),
                "needs cgroup v1 memory, pids and freezer");
        CgroupHost host = full.restrictTo(CONTROLLERS, false);
        String parent = "jrunc-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        CgroupManager m = CgroupManagers.open(host, CgroupConfig.of("ct", "/" + parent + "/ct"), CgroupIO.REAL,
                SystemdPath.SYSTEMD_RUNNING_MARKER);
        List<Path> parents = new ArrayList<>();
        for (String c : CONTROLLERS) {
            parents.add(host.v1Mounts().get(c).resolve(parent));
        }
        Process sleep = null;
        try {
            m.checkUsable();
            m.create();
            m.apply(new LinuxResources(null,
                    new LinuxResources.Memory(64L << 20, null, null, null, null, null, null, null, null), null,
                    new LinuxResources.Pids(32L), null, null, null, null, null));
            Path mem = Path.of(m.paths().get("memory"));
            Path pids = Path.of(m.paths().get("pids"));
            assertThat(mem).isEqualTo(host.v1Mounts().get("memory").resolve(parent + "/ct"));
            assertThat(Files.readString(mem.resolve("memory.limit_in_bytes")).strip()).isEqualTo("67108864");
            assertThat(Files.readString(pids.resolve("pids.max")).strip()).isEqualTo("32");
            assertThat(m.joinFiles()).hasSize(3);

            sleep = new ProcessBuilder("sleep", "60").start();
            int pid = (int) sleep.pid();
            // what S0 does with "0", done here for another process by pid
            for (Path procs : m.joinFiles()) {
                Files.writeString(procs, Integer.toString(pid));
            }
            assertThat(m.pids()).containsExactly(pid);
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cgroup"))).contains(":memory:/" + parent + "/ct");
            assertThatThrownByNotEmpty(m);

            m.freeze();
            assertThat(m.isFrozen()).isTrue();
            assertThat(Files.readString(Path.of(m.paths().get("freezer")).resolve("freezer.state")).strip())
                    .isEqualTo("FROZEN");
            m.thaw();
            assertThat(m.isFrozen()).isFalse();

            CgroupStats st = m.stats();
            assertThat(st.memory().usage().limit()).isEqualTo(64L << 20);
            assertThat(st.pids()).isEqualTo(new CgroupStats.Pids(1, 32));
            assertThat(m.oomKillCount()).isZero();

            Process p = sleep;
            m.killAll((target, sig) -> {
                assertThat(target).isEqualTo(pid);
                p.destroyForcibly();
                return 0;
            });
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
            m.destroy(null);
            for (String dir : m.paths().values()) {
                assertThat(Path.of(dir)).doesNotExist();
            }
        } finally {
            if (sleep != null) {
                sleep.destroyForcibly();
                sleep.waitFor(10, TimeUnit.SECONDS);
            }
            try {
                m.destroy(null);
            } finally {
                for (Path p : parents) {
                    if (p.getFileName().toString().startsWith("jrunc-test-")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        for (Path p : parents) {
            assertThat(p).doesNotExist();
        }
    }

    private static void assertThatThrownByNotEmpty(CgroupManager m) {
        org.assertj.core.api.Assertions.assertThatThrownBy(m::checkUsable)
                .hasMessage("container's cgroup is not empty: 1 process(es) found");
    }
}
