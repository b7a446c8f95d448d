package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Process;
import io.jrunc.spec.linux.Namespaces;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exec plan: what S0 joins, in which order, and what S1 does before exec. */
class ExecPlannerTest {
    static Process process(boolean terminal) {
        return new Process(terminal, new Process.Box(30, 90), new Process.User(1000, 1001, null, List.of(5L), null),
                List.of("sh", "-c", "true"), null, List.of("PATH=/bin"), "/tmp", null, null, true, null, null, null,
                null, null, null);
    }

    static List<Opcode> codes(Plan p) {
        return p.ops().stream().map(Op::code).toList();
    }

    @Test
    void cgroupsThenNamespacesUserFirstThenRootThenAPlainClone() {
        Plan p = ExecPlanner.plan(new ExecContext(process(false), 4242, List.of("mount", "pid", "network", "user"),
                List.of("/sys/fs/cgroup/memory/c1/cgroup.procs"), 0, -1, 40));
        assertThat(codes(p).subList(0, 8)).containsExactly(Opcode.WRITE_FILE, Opcode.SETNS, Opcode.SETNS, Opcode.SETNS,
                Opcode.SETNS, Opcode.ENTER_ROOT, Opcode.CLONE, Opcode.SETSID);
        assertThat(p.op(0).args()).containsExactly("/sys/fs/cgroup/memory/c1/cgroup.procs", "0");
        assertThat(p.ops(Opcode.SETNS).stream().map(o -> o.arg(1)).toList()).containsExactly(
                "/proc/4242/ns/user", "/proc/4242/ns/net", "/proc/4242/ns/pid", "/proc/4242/ns/mnt");
        assertThat(p.ops(Opcode.SETNS).get(0).arg(0)).isEqualTo(Long.toString(Namespaces.CLONE_NEWUSER));
        assertThat(p.ops(Opcode.ENTER_ROOT).get(0).args()).containsExactly("/proc/4242/root");
        assertThat(p.ops(Opcode.CLONE).get(0).args()).containsExactly("0");
        assertThat(codes(p)).doesNotContain(Opcode.CONSOLE, Opcode.WAIT_FIFO, Opcode.CHILD_WRITE_FILE);
        List<Opcode> tail = codes(p).subList(codes(p).size() - 3, codes(p).size());
        assertThat(tail).containsExactly(Opcode.CHECK_EXEC, Opcode.READY, Opcode.EXEC);
        assertThat(p.ops(Opcode.SET_USER).get(0).args()).containsExactly("1000", "1001", "5");
        assertThat(p.ops(Opcode.CHDIR).get(0).args()).containsExactly("/tmp");
        assertThat(codes(p)).contains(Opcode.NO_NEW_PRIVS, Opcode.CLOSE_FDS);
    }

    @Test
    void aTerminalIsSetUpInTheNewSessionWithoutDevConsole() {
        Plan p = ExecPlanner.plan(new ExecContext(process(true), 7, List.of("mount"), List.of(), 2, 6, 40));
        List<Opcode> c = codes(p);
        assertThat(c.indexOf(Opcode.CONSOLE)).isEqualTo(c.indexOf(Opcode.SETSID) + 1);
        assertThat(p.ops(Opcode.CONSOLE).get(0).args()).containsExactly("6", "30", "90", "0", "1000", "1001");
        assertThat(p.ops(Opcode.CLOSE_FDS).get(0).args()).containsExactly("5");
        assertThat(c).doesNotContain(Opcode.MKFILE);
    }
}
