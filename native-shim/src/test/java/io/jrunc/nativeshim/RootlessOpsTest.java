package io.jrunc.nativeshim;

import static io.jrunc.nativeshim.Linux.*;
import static io.jrunc.nativeshim.TestContainer.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CHILD_IDMAP_TOOL and DUMPABLE (docs/rootless.md) run by jrunc-init, with a stand-in for newuidmap. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RootlessOpsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRoot() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"), "needs root");
    }

    Path tool(String body) throws Exception {
        Path t = tmp.resolve("fake-newuidmap");
        Files.writeString(t, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        return t;
    }

    @Test
    void theToolGetsS1sPidThenTheMappings() throws Exception {
        Path out = tmp.resolve("args");
        Path t = tool("echo \"$@\" > " + out);
        Result r = run(new Plan(List.of(
                op(Opcode.DUMPABLE, 1),
                op(Opcode.CLONE, 0),
                op(Opcode.CHILD_IDMAP_TOOL, t.toString(), "0", "1000", "1", "1", "200000", "65536"),
                op(Opcode.DUMPABLE, 0),
                op(Opcode.READY))));
        assertThat(r.ready()).as(r.toString()).isTrue();
        assertThat(Files.readString(out).strip()).isEqualTo(r.pid() + " 0 1000 1 1 200000 65536");
    }

    @Test
    void aFailingToolIsReportedWithItsOutputAndS1IsKilled() throws Exception {
        Path t = tool("echo \"newuidmap: uid range [1-65537) -> [200000-265536) not allowed\" >&2; exit 1");
        Result r = run(new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.CHILD_IDMAP_TOOL, t.toString(), "0", "1000", "1"),
                op(Opcode.READY))));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(1, 0, t + " exited with status 1: "
                + "newuidmap: uid range [1-65537) -> [200000-265536) not allowed"));
        assertThat(exit(r.initStatus())).isEqualTo(1);
        assertThat(r.childStatus()).as("S0 killed and reaped S1").isEqualTo(-2);
    }

    @Test
    void aMissingToolIsAnExecError() throws Exception {
        Result r = run(new Plan(List.of(
                op(Opcode.CLONE, 0),
                op(Opcode.CHILD_IDMAP_TOOL, "/nonexistent/newuidmap", "0", "1000", "1"),
                op(Opcode.READY))));
        assertThat(r.failure()).isEqualTo(new InitSession.Failed(1, ENOENT, "exec /nonexistent/newuidmap"));
    }
}
