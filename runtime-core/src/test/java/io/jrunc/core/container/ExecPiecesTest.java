package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small decisions of exec and terminals that need no kernel. */
class ExecPiecesTest {
    @Test
    void cgroupHierarchiesAreFoundByTheirControllerSet() {
        var m = ContainerJoin.mountPoints(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpuacct,cpu",
                "33 31 0:30 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd",
                "34 31 0:31 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate"));
        // /proc/<pid>/cgroup spells them "cpu,cpuacct", "name=systemd" and "" (v2)
        assertThat(m).containsEntry("cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct")
                .containsEntry("name=systemd", "/sys/fs/cgroup/systemd")
                .containsEntry("", "/sys/fs/cgroup/unified")
                .hasSize(3);
    }

    @Test
    void terminalCombinationsAreRuncs() throws Exception {
        Path s = Path.of("/run/console.sock");
        Creator.checkTerminal(true, true, s);
        Creator.checkTerminal(true, false, null);
        Creator.checkTerminal(false, true, null);
        Creator.checkTerminal(false, false, null);
        assertThatThrownBy(() -> Creator.checkTerminal(true, true, null)).isInstanceOf(JruncException.class)
                .hasMessage("cannot allocate tty if jrunc will detach without setting console socket");
        for (boolean[] c : new boolean[][] {{true, false}, {false, true}, {false, false}}) {
            assertThatThrownBy(() -> Creator.checkTerminal(c[0], c[1], s)).isInstanceOf(JruncException.class)
                    .hasMessage("cannot use console socket if jrunc will not detach or allocate tty");
        }
    }
}
