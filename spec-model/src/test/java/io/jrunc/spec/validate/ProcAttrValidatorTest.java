package io.jrunc.spec.validate;

import static io.jrunc.spec.validate.ValidatorTest.set;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules added with the process attributes (scheduler, memory policy, affinity bounds, exec's process.json). */
class ProcAttrValidatorTest {
    @TempDir
    Path bundle;

    @BeforeEach
    void makeRootfs() throws IOException {
        Files.createDirectory(bundle.resolve("rootfs"));
    }

    void assertError(String expected, Consumer<ObjectNode> edit) throws ConfigException {
        Spec s = edited(edit);
        assertThatThrownBy(() -> Validator.validate(s, bundle, false)).isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    void assertValid(Consumer<ObjectNode> edit) throws ConfigException {
        Spec s = edited(edit);
        assertThatCode(() -> Validator.validate(s, bundle, false)).doesNotThrowAnyException();
    }

    static Spec edited(Consumer<ObjectNode> edit) throws ConfigException {
        ObjectNode t = ValidatorTest.tree("runc-spec.json");
        edit.accept(t);
        return ValidatorTest.spec(t);
    }

    static Consumer<ObjectNode> sched(String json) {
        return set("process.scheduler", json);
    }

    static Consumer<ObjectNode> mpol(String json) {
        return set("linux.memoryPolicy", json);
    }

    // ---- scheduler ----

    @Test
    void realtimePoliciesNeedAPriorityFrom1To99() throws Exception {
        assertError("config.json: process.scheduler.priority: must be set (1..99 with SCHED_FIFO)",
                sched("{\"policy\": \"SCHED_FIFO\"}"));
        assertError("config.json: process.scheduler.priority: 0 is out of range (1..99 with SCHED_RR)",
                sched("{\"policy\": \"SCHED_RR\", \"priority\": 0}"));
        assertError("config.json: process.scheduler.priority: 100 is out of range (1..99 with SCHED_FIFO)",
                sched("{\"policy\": \"SCHED_FIFO\", \"priority\": 100}"));
        assertValid(sched("{\"policy\": \"SCHED_FIFO\", \"priority\": 99}"));
        assertValid(sched("{\"policy\": \"SCHED_RR\", \"priority\": 1, \"flags\": [\"SCHED_FLAG_RESET_ON_FORK\"]}"));
    }

    @Test
    void otherPoliciesNeedNoPriority() throws Exception {
        for (String p : new String[] {"SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_ISO"}) {
            assertValid(sched("{\"policy\": \"" + p + "\", \"nice\": 3}"));
        }
    }

    @Test
    void deadlineNeedsTheKernelsTriple() throws Exception {
        assertError("config.json: process.scheduler.deadline: must be set with SCHED_DEADLINE",
                sched("{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 10000}"));
        assertError("config.json: process.scheduler.runtime: 0 is too small (at least 1024 ns with SCHED_DEADLINE)",
                sched("{\"policy\": \"SCHED_DEADLINE\", \"deadline\": 10000}"));
        assertError("config.json: process.scheduler.runtime: 2000000 is larger than deadline 1000000",
                sched("{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 2000000, \"deadline\": 1000000}"));
        assertError("config.json: process.scheduler.deadline: 3000000 is larger than period 2000000",
                sched("{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 1000000, \"deadline\": 3000000, "
                        + "\"period\": 2000000}"));
        assertValid(sched("{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 1000000, \"deadline\": 2000000, "
                + "\"period\": 2000000, \"flags\": [\"SCHED_FLAG_DL_OVERRUN\"]}"));
        assertValid(sched("{\"policy\": \"SCHED_DEADLINE\", \"runtime\": 1024, \"deadline\": 1024}"));
    }

    @Test
    void unknownFlagIsNamedByIndex() throws Exception {
        assertError("config.json: process.scheduler.flags[1]: \"SCHED_FLAG_NOPE\" is not a known scheduler flag",
                sched("{\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_RECLAIM\", \"SCHED_FLAG_NOPE\"]}"));
    }

    // ---- execCPUAffinity ----

    @Test
    void affinityCpusMustFitTheMask() throws Exception {
        assertError("config.json: process.execCPUAffinity.final: CPU 8192 is beyond the 8192 jrunc supports",
                set("process.execCPUAffinity", "{\"final\": \"0,8000-8192\"}"));
        assertError("config.json: process.execCPUAffinity.initial: \"1,,2\" is not a CPU list like 0-3,7",
                set("process.execCPUAffinity", "{\"initial\": \"1,,2\"}"));
        assertValid(set("process.execCPUAffinity", "{\"initial\": \"0-3,7\", \"final\": \"8191\"}"));
        assertValid(set("process.execCPUAffinity", "{\"initial\": \"\"}"));
    }

    // ---- memoryPolicy ----

    @Test
    void memoryPolicyModeAndFlagsAreNamed() throws Exception {
        assertError("config.json: linux.memoryPolicy.mode: \"MPOL_FOO\" is not a known memory policy mode",
                mpol("{\"mode\": \"MPOL_FOO\", \"nodes\": \"0\"}"));
        assertError("config.json: linux.memoryPolicy.mode: must be set", mpol("{\"nodes\": \"0\"}"));
        assertError("config.json: linux.memoryPolicy.flags[0]: \"MPOL_F_NOPE\" is not a known memory policy flag",
                mpol("{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", \"flags\": [\"MPOL_F_NOPE\"]}"));
    }

    @Test
    void memoryPolicyNodesPerMode() throws Exception {
        for (String m : new String[] {"MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED_MANY"}) {
            assertError("config.json: linux.memoryPolicy.nodes: must name at least one node with " + m,
                    mpol("{\"mode\": \"" + m + "\"}"));
            assertValid(mpol("{\"mode\": \"" + m + "\", \"nodes\": \"0-1,3\"}"));
        }
        assertError("config.json: linux.memoryPolicy.nodes: \"0\": MPOL_DEFAULT takes no nodes",
                mpol("{\"mode\": \"MPOL_DEFAULT\", \"nodes\": \"0\"}"));
        assertError("config.json: linux.memoryPolicy.flags: MPOL_LOCAL takes no flags",
                mpol("{\"mode\": \"MPOL_LOCAL\", \"flags\": [\"MPOL_F_STATIC_NODES\"]}"));
        assertValid(mpol("{\"mode\": \"MPOL_LOCAL\"}"));
        assertValid(mpol("{\"mode\": \"MPOL_DEFAULT\", \"nodes\": \"\"}"));
        assertValid(mpol("{\"mode\": \"MPOL_PREFERRED\"}"));
        assertValid(mpol("{\"mode\": \"MPOL_PREFERRED\", \"nodes\": \"1\"}"));
    }

    @Test
    void memoryPolicyNodesFormatAndBounds() throws Exception {
        assertError("config.json: linux.memoryPolicy.nodes: \"0-\" is not a node list like 0-1,3",
                mpol("{\"mode\": \"MPOL_BIND\", \"nodes\": \"0-\"}"));
        assertError("config.json: linux.memoryPolicy.nodes: node 1024 is beyond the 1024 jrunc supports",
                mpol("{\"mode\": \"MPOL_BIND\", \"nodes\": \"1024\"}"));
        assertError("config.json: linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES "
                        + "exclude each other",
                mpol("{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", "
                        + "\"flags\": [\"MPOL_F_STATIC_NODES\", \"MPOL_F_RELATIVE_NODES\"]}"));
        assertValid(mpol("{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", \"flags\": [\"MPOL_F_NUMA_BALANCING\"]}"));
    }

    // ---- personality ----

    @Test
    void personalityFlagsAreAcceptedAsRuncDoes() throws Exception {
        // runc sets the domain and warns that it ignores the flags (the warning is create's)
        assertValid(set("linux.personality", "{\"domain\": \"LINUX32\", \"flags\": [\"ADDR_NO_RANDOMIZE\"]}"));
        assertError("config.json: linux.personality.domain: must be set", set("linux.personality", "{}"));
    }

    // ---- exec's process.json ----

    static Process process(String json) throws ConfigException {
        return SpecIO.parse("process.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Process.class);
    }

    @Test
    void processJsonAttributesAreCheckedWithDocumentPaths() throws Exception {
        Process bad = process("{\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_DEADLINE\", "
                + "\"runtime\": 5000, \"deadline\": 4000}}");
        assertThatThrownBy(() -> Validator.validateProcessAttributes(bad, "p.json"))
                .hasMessage("p.json: scheduler.runtime: 5000 is larger than deadline 4000");
        Process badAff = process("{\"args\": [\"sh\"], \"cwd\": \"/\", \"execCPUAffinity\": {\"final\": \"x\"}}");
        assertThatThrownBy(() -> Validator.validateProcessAttributes(badAff, "p.json"))
                .hasMessage("p.json: execCPUAffinity.final: \"x\" is not a CPU list like 0-3,7");
        Process badIo = process("{\"args\": [\"sh\"], \"cwd\": \"/\", \"ioPriority\": {\"class\": \"IOPRIO_CLASS_X\"}}");
        assertThatThrownBy(() -> Validator.validateProcessAttributes(badIo, "p.json"))
                .hasMessage("p.json: ioPriority.class: \"IOPRIO_CLASS_X\" is not a known I/O priority class");
        // only the attributes: what runc's own exec checks cover is left to them
        assertThatCode(() -> Validator.validateProcessAttributes(process("{\"cwd\": \"rel\"}"), "p.json"))
                .doesNotThrowAnyException();
    }
}
