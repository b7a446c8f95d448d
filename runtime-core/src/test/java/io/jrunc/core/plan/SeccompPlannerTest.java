package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.SpecIO;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.seccomp → the SECCOMP op: its encoding and where runc's order puts it. */
class SeccompPlannerTest extends ContainerPlannerTest {
    static final String PROFILE = """
            {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
             "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
             "flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"],
             "syscalls": [
               {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
               {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"},
               {"names": ["personality"], "action": "SCMP_ACT_TRACE", "errnoRet": 7,
                "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"},
                         {"index": 1, "value": 255, "valueTwo": 8, "op": "SCMP_CMP_MASKED_EQ"}]},
               {"names": ["clone"], "action": "SCMP_ACT_KILL_PROCESS",
                "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GT"}, {"index": 0, "value": 9, "op": "SCMP_CMP_LT"}]},
               {"names": ["bad name", "kill"], "action": "SCMP_ACT_KILL"}
             ]}""";

    Plan withSeccomp(String profile, boolean nnp) throws Exception {
        return plan(j -> {
            try {
                ((ObjectNode) j.get("linux")).set("seccomp", SpecIO.mapper().readTree(profile));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ((ObjectNode) j.get("process")).put("noNewPrivileges", nnp);
        });
    }

    @Test
    void profileIsEncodedAsDocumented() throws Exception {
        Op op = first(withSeccomp(PROFILE, true), Opcode.SECCOMP);
        assertThat(op.source()).isEqualTo("linux.seccomp");
        assertThat(op.args()).containsExactly("errno:38", "x86_64,x86", "6", "0",
                "allow read", "allow write", "errno:1 mkdir",
                "trace:7 personality 0:eq:4294967295 1:masked_eq:255:8",
                "kill_process clone 0:gt:1", "kill_process clone 0:lt:9",
                "kill kill");
    }

    @Test
    void withNoNewPrivilegesTheFilterComesAfterTheLookup() throws Exception {
        List<Opcode> c = codes(withSeccomp(PROFILE, true));
        assertThat(c).containsSubsequence(Opcode.NO_NEW_PRIVS, Opcode.SET_USER, Opcode.CAPS, Opcode.CHECK_EXEC,
                Opcode.SECCOMP, Opcode.READY, Opcode.WAIT_FIFO, Opcode.EXEC);
    }

    @Test
    void withoutNoNewPrivilegesTheFilterComesBeforeCapabilitiesAreDropped() throws Exception {
        List<Opcode> c = codes(withSeccomp(PROFILE, false));
        assertThat(c).containsSubsequence(Opcode.RLIMIT, Opcode.SECCOMP, Opcode.CLOSE_FDS, Opcode.CAPS_BOUNDING,
                Opcode.SET_USER, Opcode.CAPS, Opcode.CHECK_EXEC, Opcode.READY);
        assertThat(c).doesNotContain(Opcode.NO_NEW_PRIVS);
    }

    @Test
    void listenerIsFlaggedAndWaitKillableKeptOnlyWithIt() throws Exception {
        Op op = first(withSeccomp("""
                {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock",
                 "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}""", true), Opcode.SECCOMP);
        assertThat(op.args()).containsExactly("allow", "", "32", "1", "notify mkdir");
        Op alone = first(withSeccomp("""
                {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]}""", true),
                Opcode.SECCOMP);
        assertThat(alone.args()).containsExactly("allow", "", "0", "0");
    }

    @Test
    void noProfileNoOp() throws Exception {
        assertThat(codes(plan(j -> { }))).doesNotContain(Opcode.SECCOMP);
    }
}
