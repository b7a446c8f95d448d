package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ops 90-95: their arguments and where they sit in the create and exec plans. */
class ProcAttrPlannerTest {
    @TempDir
    Path bundle;

    Plan create(Consumer<ObjectNode> edit, String keyring) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        Spec spec = SpecIO.mapper().treeToValue(json, Spec.class);
        return ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"),
                bundle.resolve("exec.fifo"), false, 0, ContainerPlannerTest.HYBRID,
                List.of("/cg/cpu/jrunc/c/cgroup.procs"), -1, null, keyring));
    }

    static ObjectNode proc(ObjectNode j) {
        return (ObjectNode) j.get("process");
    }

    static ObjectNode linux(ObjectNode j) {
        return (ObjectNode) j.get("linux");
    }

    static List<Opcode> codes(Plan p) {
        return p.ops().stream().map(Op::code).toList();
    }

    static Op only(Plan p, Opcode c) {
        assertThat(p.ops(c)).hasSize(1);
        return p.ops(c).get(0);
    }

    static Process process(Process.Scheduler s, Process.IOPriority io, Process.CPUAffinity aff) {
        return new Process(false, null, new Process.User(1000, 1000, null, null, null), List.of("sh"), null,
                List.of("PATH=/bin"), "/", null, null, true, null, null, s, null, io, aff);
    }

    static Plan exec(Process p, Linux linux, String keyring) {
        return ExecPlanner.plan(new ExecContext(p, 42, List.of("mount", "pid"),
                List.of("/sys/fs/cgroup/cpu/jrunc/c/cgroup.procs"), 0, -1, 40, null, linux, keyring));
    }

    static Linux linux(Linux.Personality pers, Linux.MemoryPolicy mp) {
        return new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, pers,
                null, mp);
    }

    // ---- create ----

    @Test
    void nothingConfiguredAddsNoOps() throws Exception {
        Plan p = create(j -> { }, null);
        assertThat(codes(p)).doesNotContain(Opcode.SCHEDULER, Opcode.IOPRIO, Opcode.CPU_AFFINITY, Opcode.PERSONALITY,
                Opcode.MEMPOLICY, Opcode.KEYRING);
    }

    @Test
    void createJoinsANewSessionKeyringFirstInTheInitWithRuncsPermissions() throws Exception {
        Plan p = create(j -> { }, "_ses.c1");
        Op k = only(p, Opcode.KEYRING);
        assertThat(k.args()).containsExactly("_ses.c1", Long.toString(0x80000), "1");
        assertThat(k.description()).isEqualTo("join session keyring _ses.c1");
        List<Opcode> c = codes(p);
        // right after the init's session starts, before the rootfs
        assertThat(c.indexOf(Opcode.KEYRING)).isEqualTo(c.indexOf(Opcode.SETSID) + 1);
        assertThat(c.indexOf(Opcode.KEYRING)).isLessThan(c.indexOf(Opcode.PROPAGATE));
    }

    @Test
    void withAUserNamespaceTheKeyringIsSearchableByOthers() throws Exception {
        Plan p = create(j -> {
            linux(j).withArray("namespaces").addObject().put("type", "user");
            linux(j).withArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            linux(j).withArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        }, "_ses.c1");
        assertThat(only(p, Opcode.KEYRING).args()).containsExactly("_ses.c1", "8", "1");
        List<Opcode> c = codes(p);
        assertThat(c).containsSubsequence(Opcode.BECOME_ROOT, Opcode.SETSID, Opcode.KEYRING);
    }

    @Test
    void schedulerAndMemoryPolicyComeAfterNoNewPrivsBeforeTheUserSwitch() throws Exception {
        Plan p = create(j -> {
            proc(j).putObject("scheduler").put("policy", "SCHED_RR").put("priority", 7).put("nice", -3)
                    .putArray("flags").add("SCHED_FLAG_RESET_ON_FORK").add("SCHED_FLAG_KEEP_PARAMS");
            linux(j).putObject("memoryPolicy").put("mode", "MPOL_INTERLEAVE").put("nodes", "0-1,3")
                    .putArray("flags").add("MPOL_F_STATIC_NODES");
        }, null);
        Op s = only(p, Opcode.SCHEDULER);
        assertThat(s.args()).containsExactly("2", Long.toString(0x01 | 0x10), "-3", "7", "0", "0", "0");
        assertThat(s.source()).isEqualTo("process.scheduler");
        assertThat(s.description()).isEqualTo("set scheduler SCHED_RR priority 7 nice -3");
        Op m = only(p, Opcode.MEMPOLICY);
        assertThat(m.args()).containsExactly(Integer.toString(3 | 1 << 15), "0", "1", "3", "3");
        assertThat(m.source()).isEqualTo("linux.memoryPolicy");
        assertThat(m.description()).isEqualTo("set memory policy MPOL_INTERLEAVE nodes 0-1,3");
        assertThat(codes(p)).containsSubsequence(Opcode.NO_NEW_PRIVS, Opcode.SCHEDULER, Opcode.MEMPOLICY,
                Opcode.CLOSE_FDS, Opcode.CAPS_BOUNDING, Opcode.SET_USER);
    }

    @Test
    void deadlineParametersAreUnsignedNanoseconds() throws Exception {
        Plan p = create(j -> proc(j).putObject("scheduler").put("policy", "SCHED_DEADLINE")
                .put("runtime", 10_000_000L).put("deadline", 30_000_000L).put("period", 30_000_000L), null);
        assertThat(only(p, Opcode.SCHEDULER).args()).containsExactly("6", "0", "0", "0", "10000000", "30000000",
                "30000000");
    }

    @Test
    void memoryPolicyWithoutNodesSendsOnlyTheMode() throws Exception {
        Plan p = create(j -> linux(j).putObject("memoryPolicy").put("mode", "MPOL_LOCAL"), null);
        assertThat(only(p, Opcode.MEMPOLICY).args()).containsExactly("4");
        assertThat(only(p, Opcode.MEMPOLICY).description()).isEqualTo("set memory policy MPOL_LOCAL");
    }

    @Test
    void ioPriorityIsSetByTheFirstProcessBeforeTheClone() throws Exception {
        Plan p = create(j -> {
            proc(j).put("oomScoreAdj", 100);
            proc(j).putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE").put("priority", 5);
        }, null);
        Op io = only(p, Opcode.IOPRIO);
        assertThat(io.args()).containsExactly(Integer.toString(3 << 13 | 5));
        assertThat(io.source()).isEqualTo("process.ioPriority");
        List<Opcode> c = codes(p);
        assertThat(c.indexOf(Opcode.IOPRIO)).isEqualTo(c.indexOf(Opcode.OOM_SCORE_ADJ) + 1);
        assertThat(c.indexOf(Opcode.IOPRIO)).isLessThan(c.indexOf(Opcode.CLONE));
    }

    @Test
    void personalityIsSetAfterTheLookupAndTheLateSeccompFilter() throws Exception {
        Plan p = create(j -> {
            linux(j).putObject("personality").put("domain", "LINUX32").putArray("flags").add("ADDR_NO_RANDOMIZE");
            linux(j).putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        }, null);
        Op pers = only(p, Opcode.PERSONALITY);
        assertThat(pers.args()).containsExactly("8");
        assertThat(pers.source()).isEqualTo("linux.personality.domain");
        assertThat(codes(p)).containsSubsequence(Opcode.CHECK_EXEC, Opcode.SECCOMP, Opcode.PERSONALITY, Opcode.READY,
                Opcode.WAIT_FIFO, Opcode.EXEC);
        assertThat(only(create(j -> linux(j).putObject("personality").put("domain", "LINUX"), null),
                Opcode.PERSONALITY).args()).containsExactly("0");
    }

    @Test
    void execCpuAffinityIsNotAppliedToTheInit() throws Exception {
        Plan p = create(j -> proc(j).putObject("execCPUAffinity").put("initial", "0").put("final", "1"), null);
        assertThat(codes(p)).doesNotContain(Opcode.CPU_AFFINITY);
    }

    @Test
    void createWithEverythingKeepsRuncsOrder() throws Exception {
        Plan p = create(j -> {
            proc(j).putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 5);
            proc(j).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 4);
            linux(j).putObject("personality").put("domain", "LINUX32");
            linux(j).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "0");
        }, "_ses.x");
        assertThat(codes(p)).containsSubsequence(Opcode.IOPRIO, Opcode.CLONE, Opcode.SETSID, Opcode.KEYRING,
                Opcode.PIVOT_ROOT, Opcode.NO_NEW_PRIVS, Opcode.SCHEDULER, Opcode.MEMPOLICY, Opcode.SET_USER,
                Opcode.CHECK_EXEC, Opcode.PERSONALITY, Opcode.READY, Opcode.EXEC);
        assertThat(only(p, Opcode.SCHEDULER).args()).containsExactly("3", "0", "5", "0", "0", "0", "0");
    }

    // ---- exec ----

    @Test
    void execAppliesInitialAffinityBeforeTheCgroupJoinAndFinalRightBeforeReady() {
        Plan p = exec(process(null, new Process.IOPriority("IOPRIO_CLASS_RT", 0),
                new Process.CPUAffinity("0-1,3", "1")), null, "_ses.c1");
        List<Op> aff = p.ops(Opcode.CPU_AFFINITY);
        assertThat(aff).hasSize(2);
        assertThat(aff.get(0).args()).containsExactly("0", "1", "3", "3");
        assertThat(aff.get(0).source()).isEqualTo("process.execCPUAffinity.initial");
        assertThat(aff.get(1).args()).containsExactly("1", "1");
        assertThat(aff.get(1).source()).isEqualTo("process.execCPUAffinity.final");
        List<Opcode> c = codes(p);
        assertThat(c).containsSubsequence(Opcode.IOPRIO, Opcode.CPU_AFFINITY, Opcode.WRITE_FILE, Opcode.SETNS,
                Opcode.CLONE, Opcode.SETSID, Opcode.KEYRING, Opcode.CHECK_EXEC, Opcode.CPU_AFFINITY, Opcode.READY,
                Opcode.EXEC);
        assertThat(c.get(c.size() - 3)).isEqualTo(Opcode.CPU_AFFINITY);
        assertThat(only(p, Opcode.IOPRIO).args()).containsExactly(Integer.toString(1 << 13));
    }

    @Test
    void execJoinsTheContainersKeyringWithoutChangingIt() {
        Plan p = exec(process(null, null, null), null, "_ses.c1");
        assertThat(only(p, Opcode.KEYRING).args()).containsExactly("_ses.c1", "524288", "0");
        assertThat(codes(exec(process(null, null, null), null, null))).doesNotContain(Opcode.KEYRING);
    }

    @Test
    void execTakesSchedulerFromTheProcessAndPersonalityAndMemoryPolicyFromTheContainer() {
        Plan p = exec(process(new Process.Scheduler("SCHED_IDLE", null, null, null, null, null, null), null, null),
                linux(new Linux.Personality("LINUX32", null), new Linux.MemoryPolicy("MPOL_PREFERRED", "1", null)),
                null);
        assertThat(only(p, Opcode.SCHEDULER).args()).containsExactly("5", "0", "0", "0", "0", "0", "0");
        assertThat(only(p, Opcode.MEMPOLICY).args()).containsExactly("1", "1", "1");
        assertThat(only(p, Opcode.PERSONALITY).args()).containsExactly("8");
        assertThat(codes(p)).containsSubsequence(Opcode.NO_NEW_PRIVS, Opcode.SCHEDULER, Opcode.MEMPOLICY,
                Opcode.SET_USER, Opcode.CHECK_EXEC, Opcode.PERSONALITY, Opcode.READY, Opcode.EXEC);
    }

    @Test
    void emptyAffinityListsAreNotSet() {
        Plan p = exec(process(null, null, new Process.CPUAffinity("", null)), null, null);
        assertThat(codes(p)).doesNotContain(Opcode.CPU_AFFINITY);
    }

    @Test
    void theDryRunNamesTheSyscalls() {
        assertThat(ProcAttrPlanner.syscall(Opcode.SCHEDULER)).isEqualTo("sched_setattr");
        assertThat(ProcAttrPlanner.syscall(Opcode.IOPRIO)).isEqualTo("ioprio_set");
        assertThat(ProcAttrPlanner.syscall(Opcode.CPU_AFFINITY)).isEqualTo("sched_setaffinity");
        assertThat(ProcAttrPlanner.syscall(Opcode.PERSONALITY)).isEqualTo("personality");
        assertThat(ProcAttrPlanner.syscall(Opcode.MEMPOLICY)).isEqualTo("set_mempolicy");
        assertThat(ProcAttrPlanner.syscall(Opcode.KEYRING)).isEqualTo("keyctl");
    }

    @Test
    void rangesArePairs() {
        assertThat(ProcAttrPlanner.ranges("7")).containsExactly(7, 7);
        assertThat(ProcAttrPlanner.ranges("0-3,7,9-10")).containsExactly(0, 3, 7, 7, 9, 10);
    }

    @Test
    void featuresListEveryModeAndFlagTheValidatorAccepts() {
        assertThat(ProcAttrPlanner.memoryPolicyModes()).containsExactlyInAnyOrderElementsOf(
                io.jrunc.spec.validate.Validator.knownMemoryPolicyModes());
        assertThat(ProcAttrPlanner.memoryPolicyFlags()).containsExactly("MPOL_F_NUMA_BALANCING",
                "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES");
        assertThat(ProcAttrPlanner.SCHED_POLICIES.keySet()).containsExactlyInAnyOrderElementsOf(
                io.jrunc.spec.validate.Validator.knownSchedulerPolicies());
        assertThat(ProcAttrPlanner.IOPRIO_CLASSES.keySet()).containsExactlyInAnyOrderElementsOf(
                io.jrunc.spec.validate.Validator.knownIOPriorityClasses());
    }
}
