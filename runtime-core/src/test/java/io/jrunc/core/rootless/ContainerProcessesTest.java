package io.jrunc.core.rootless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container without a cgroup is found through its namespaces or its process tree, in a made-up /proc. */
class ContainerProcessesTest {
    @TempDir
    Path proc;

    void process(int pid, int ppid, String pidNs, String mntNs) throws Exception {
        Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)).resolve("ns"));
        Files.createSymbolicLink(d.resolve("pid"), Path.of("pid:[" + pidNs + "]"));
        Files.createSymbolicLink(d.resolve("mnt"), Path.of("mnt:[" + mntNs + "]"));
        Files.writeString(d.getParent().resolve("stat"), pid + " (a b) S " + ppid + " 1 1 0");
    }

    @Test
    void aPrivatePidNamespaceNamesEveryProcessInIt() throws Exception {
        process(1, 0, "host", "host");
        process(10, 1, "host", "host");      // us
        process(20, 1, "ct", "ct");          // the init
        process(21, 20, "ct", "ct");
        process(30, 10, "ct", "ct");         // an exec'd process: not a child of the init
        process(40, 1, "host", "ct");        // same mount namespace, other pid namespace
        assertThat(ContainerProcesses.of(proc, 20, 10)).containsExactly(20, 21, 30);
    }

    @Test
    void withoutAPidNamespaceTheMountNamespaceDecides() throws Exception {
        process(1, 0, "host", "host");
        process(10, 1, "host", "host");
        process(20, 1, "host", "ct");
        process(21, 20, "host", "ct");
        process(22, 1, "host", "host");
        assertThat(ContainerProcesses.of(proc, 20, 10)).containsExactly(20, 21);
    }

    @Test
    void sharingEveryNamespaceLeavesTheProcessTree() throws Exception {
        process(1, 0, "host", "host");
        process(10, 1, "host", "host");
        process(20, 1, "host", "host");
        process(21, 20, "host", "host");
        process(22, 21, "host", "host");
        process(23, 1, "host", "host");
        assertThat(ContainerProcesses.of(proc, 20, 10)).containsExactly(20, 21, 22);
        assertThat(ContainerProcesses.of(proc, 99, 10)).isEmpty();
    }
}
