package io.jrunc.nativeshim;

import static io.jrunc.nativeshim.TestContainer.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ops 90-95 (init/procattr.c) run by jrunc-init with hand-built plans; needs root. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcAttrInitTest {
    static final int EINVAL = 22;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRoot() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t"), "needs root");
    }

    Path rootfsWithApplets() throws Exception {
        Path root = rootfs(tmp);
        for (String a : new String[] {"cut", "ionice", "uname"}) {
            Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
        }
        return root;
    }

    @Test
    void everyAttributeReachesTheProcess() throws Exception {
        Path root = rootfsWithApplets();
        String ring = "_ses.jrunc-ntest-" + UUID.randomUUID().toString().substring(0, 8);
        List<Op> prefix = new ArrayList<>();
        prefix.add(op(Opcode.IOPRIO, 2 << 13 | 6)); // S0: best-effort 6, inherited through the clone
        prefix.addAll(containerPrefix(root, 0, true));
        List<Op> middle = List.of(
                op(Opcode.SETSID),
                op(Opcode.KEYRING, ring, 0x80000, 1),
                op(Opcode.SCHEDULER, 3, 0, 4, 0, 0, 0, 0), // SCHED_BATCH nice 4
                op(Opcode.MEMPOLICY, 2, 0, 0), // MPOL_BIND node 0
                op(Opcode.CPU_AFFINITY, 0, 0),
                op(Opcode.PERSONALITY, 8));
        String script = "cut -d' ' -f19,41 /proc/$$/stat; ionice -p $$; cat /proc/$$/personality; uname -m; "
                + "grep Cpus_allowed_list /proc/$$/status; grep -c ' bind:0' /proc/$$/numa_maps; "
                + "grep ' " + ring + ": ' /proc/keys | tr -s ' ' | cut -d' ' -f5,8,9";
        Result r = run(plan(prefix, middle, execSuffix(script, 3)));
        assertThat(r.stderr()).as(r.toString()).isEmpty();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.subList(0, 5)).containsExactly("4 3", "best-effort: prio 6", "00000008", "i686",
                "Cpus_allowed_list:\t0");
        assertThat(Integer.parseInt(lines.get(5))).isPositive();
        assertThat(lines.get(6)).isEqualTo("3f1b0000 keyring " + ring + ":");
        assertThat(exit(r.childStatus())).isZero();
    }

    @Test
    void badRangesAndKernelRefusalsComeBackAsOpErrors() throws Exception {
        Path root = rootfs(tmp);
        List<Op> prefix = containerPrefix(root, 0, true);
        Result odd = run(plan(prefix, List.of(op(Opcode.CPU_AFFINITY, 0, 1, 2)), List.of(op(Opcode.READY))));
        assertThat(odd.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL,
                "odd number of range bounds"));
        Result reversed = run(plan(prefix, List.of(op(Opcode.MEMPOLICY, 2, 5, 2)), List.of(op(Opcode.READY))));
        assertThat(reversed.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL,
                "range 5-2 out of bounds"));
        Result beyond = run(plan(prefix, List.of(op(Opcode.CPU_AFFINITY, 8192, 8192)), List.of(op(Opcode.READY))));
        assertThat(beyond.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL,
                "range 8192-8192 out of bounds"));
        // a CPU and a node this host lacks: the syscall's own errno, no detail
        Result noCpu = run(plan(prefix, List.of(op(Opcode.CPU_AFFINITY, 4000, 4000)), List.of(op(Opcode.READY))));
        assertThat(noCpu.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL, ""));
        Result noNode = run(plan(prefix, List.of(op(Opcode.MEMPOLICY, 2, 1000, 1000)), List.of(op(Opcode.READY))));
        assertThat(noNode.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL, ""));
        Result iso = run(plan(prefix, List.of(op(Opcode.SCHEDULER, 4, 0, 0, 0, 0, 0, 0)), List.of(op(Opcode.READY))));
        assertThat(iso.failure()).isEqualTo(new InitSession.Failed(prefix.size(), EINVAL, ""));
        assertThat(iso.ready()).isFalse();
    }
}
