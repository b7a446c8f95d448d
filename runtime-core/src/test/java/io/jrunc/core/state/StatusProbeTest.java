package io.jrunc.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusProbeTest {
    @TempDir
    Path tmp;

    @Test
    void parsesStatAfterTheLastParenthesis() {
        String stat = "1234 (a) b) (c) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 55555 1000 10";
        assertThat(ProcStat.parse(stat)).contains(new ProcStat('S', 55555));
        assertThat(ProcStat.parse("garbage")).isEmpty();
        assertThat(ProcStat.parse("1 (x) S 1 2")).isEmpty();
        assertThat(new ProcStat('Z', 1).isGone()).isTrue();
    }

    @Test
    void derivesStatusFromALiveProcessAndDetectsPidReuse() throws Exception {
        ContainerDir dir = new StateStore(tmp).create("c");
        StatusProbe probe = new StatusProbe();
        assertThat(probe.status(dir, Optional.empty())).isEqualTo(Status.CREATING);
        assertThat(probe.status(dir)).isEqualTo(Status.CREATING);

        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleep.pid();
            long start = probe.startTimeOf(pid).orElseThrow();
            ContainerRecord rec = ContainerRecord.of("c", pid, start, "/b", "/b/rootfs", Instant.now());
            dir.write(rec);

            Files.createFile(dir.execFifo()); // a plain file stands in for the fifo
            assertThat(probe.status(dir)).isEqualTo(Status.CREATED);
            Files.delete(dir.execFifo());
            assertThat(probe.status(dir)).isEqualTo(Status.RUNNING);

            StatusProbe frozen = new StatusProbe(r -> r.pid() == pid);
            assertThat(frozen.status(dir)).isEqualTo(Status.PAUSED);

            // the same pid with another start time is another process: stopped
            dir.write(rec.withPid(pid, start + 1));
            assertThat(probe.status(dir)).isEqualTo(Status.STOPPED);
            dir.write(rec);

            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
            assertThat(probe.status(dir)).isEqualTo(Status.STOPPED);
            assertThat(probe.startTimeOf(pid)).isEmpty();
        } finally {
            sleep.destroyForcibly();
        }
        dir.write(ContainerRecord.of("c", 0, 0, "", "", Instant.now()));
        assertThat(probe.status(dir)).isEqualTo(Status.STOPPED);
    }

    @Test
    void aZombieIsStopped() throws Exception {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/stat"),
                "77 (init) Z 1 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 999 1000 10");
        ContainerDir dir = new StateStore(tmp.resolve("root")).create("c");
        dir.write(ContainerRecord.of("c", 77, 999, "/b", "/b/rootfs", Instant.now()));
        assertThat(new StatusProbe(proc, FreezerProbe.NEVER).status(dir)).isEqualTo(Status.STOPPED);
        Files.writeString(proc.resolve("77/stat"),
                "77 (init) S 1 77 77 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 999 1000 10");
        assertThat(new StatusProbe(proc, FreezerProbe.NEVER).status(dir)).isEqualTo(Status.RUNNING);
    }

    @Test
    void rfc3339NanoTrimsZerosLikeGo() {
        assertThat(Rfc3339.formatNano(Instant.parse("2022-02-19T00:12:45.413050609Z")))
                .isEqualTo("2022-02-19T00:12:45.413050609Z");
        assertThat(Rfc3339.formatNano(Instant.parse("2022-02-19T00:12:45.410Z"))).isEqualTo("2022-02-19T00:12:45.41Z");
        assertThat(Rfc3339.formatNano(Instant.parse("2022-02-19T00:12:45Z"))).isEqualTo("2022-02-19T00:12:45Z");
        assertThat(Rfc3339.formatSeconds(Instant.parse("2022-02-19T00:12:45.9Z"))).isEqualTo("2022-02-19T00:12:45Z");
        assertThat(Rfc3339.parse("2022-02-19T01:12:45.5+01:00")).isEqualTo(Instant.parse("2022-02-19T00:12:45.5Z"));
    }
}
