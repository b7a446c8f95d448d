package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** process.apparmorProfile, process.selinuxLabel and linux.mountLabel in the plan. */
class LsmPlannerTest {
    static final LsmFacts SELINUX = new LsmFacts(false, "AppArmor is not enabled", true);
    static final LsmFacts APPARMOR = new LsmFacts(true, "", false);

    @TempDir
    Path bundle;

    Spec spec(Consumer<ObjectNode> edit) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        return SpecIO.mapper().treeToValue(json, Spec.class);
    }

    Plan plan(Spec spec) throws Exception {
        return ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"),
                bundle.resolve("exec.fifo"), false, 0, ContainerPlannerTest.HYBRID, List.of()));
    }

    static List<Opcode> codes(Plan p) {
        return p.ops().stream().map(Op::code).toList();
    }

    @Test
    void theAppArmorProfileIsSetBeforeNoNewPrivsSeccompAndReady() throws Exception {
        Plan p = plan(spec(j -> {
            ((ObjectNode) j.get("process")).put("apparmorProfile", "jrunc-test");
            ObjectNode hook = SpecIO.mapper().createObjectNode().put("path", "/bin/true");
            ((ObjectNode) j.putObject("hooks")).putArray("startContainer").add(hook);
        }));
        List<Opcode> c = codes(p);
        assertThat(c).containsSubsequence(Opcode.RLIMIT, Opcode.LSM_LABEL, Opcode.NO_NEW_PRIVS, Opcode.CLOSE_FDS,
                Opcode.CAPS_BOUNDING, Opcode.SET_USER, Opcode.CAPS, Opcode.CHECK_EXEC, Opcode.READY, Opcode.WAIT_FIFO,
                Opcode.HOOK, Opcode.EXEC);
        Op op = p.ops(Opcode.LSM_LABEL).get(0);
        assertThat(op.args()).containsExactly("apparmor/exec", "exec", "exec jrunc-test");
        assertThat(op.source()).isEqualTo("process.apparmorProfile");
    }

    @Test
    void theSelinuxLabelGoesToTheSharedExecAttrWithoutFallback() throws Exception {
        Plan p = plan(spec(j -> ((ObjectNode) j.get("process")).put("selinuxLabel",
                "system_u:system_r:container_t:s0:c1,c2")));
        assertThat(p.ops(Opcode.LSM_LABEL)).singleElement().satisfies(op -> {
            assertThat(op.args()).containsExactly("exec", "", "system_u:system_r:container_t:s0:c1,c2");
            assertThat(op.source()).isEqualTo("process.selinuxLabel");
        });
    }

    @Test
    void noLabelNoOp() throws Exception {
        assertThat(codes(plan(spec(j -> { })))).doesNotContain(Opcode.LSM_LABEL);
    }

    @Test
    void execGetsTheLabelToo() {
        Process p = ExecPlannerTest.process(false);
        Process labelled = new Process(p.terminal(), p.consoleSize(), p.user(), p.args(), null, p.env(), p.cwd(),
                null, null, true, "jrunc-test", null, null, null, null, null);
        Plan plan = ExecPlanner.plan(new ExecContext(labelled, 7, List.of("mount"), List.of(), 0, -1, 40));
        List<Opcode> c = codes(plan);
        assertThat(c).containsSubsequence(Opcode.SETSID, Opcode.LSM_LABEL, Opcode.NO_NEW_PRIVS, Opcode.CHECK_EXEC,
                Opcode.READY, Opcode.EXEC);
        assertThat(plan.ops(Opcode.LSM_LABEL).get(0).arg(2)).isEqualTo("exec jrunc-test");
    }

    @Test
    void mountLabelBecomesAContextOptionOnTheMountsRuncLabelsWhenSelinuxIsOn() throws Exception {
        Spec spec = spec(j -> {
            ((ObjectNode) j.get("linux")).put("mountLabel", "system_u:object_r:container_file_t:s0:c1,c2");
            ObjectNode bind = SpecIO.mapper().createObjectNode().put("destination", "/data").put("type", "bind")
                    .put("source", "/tmp");
            bind.putArray("options").add("rbind");
            ((ArrayNode) j.get("mounts")).add(bind);
        });
        Plan labelled = LsmPlanner.labelMounts(plan(spec), spec, SELINUX);
        String ctx = "context=\"system_u:object_r:container_file_t:s0:c1,c2\"";
        for (Op op : labelled.ops(Opcode.MOUNT)) {
            String type = op.arg(2);
            boolean bind = (Long.parseLong(op.arg(3)) & MountFlags.MS_BIND) != 0;
            if (op.source() != null && op.source().startsWith("mounts[") && !bind
                    && List.of("tmpfs", "devpts", "mqueue").contains(type)) {
                assertThat(op.arg(4)).as(op.description()).endsWith(ctx);
            } else {
                assertThat(op.arg(4)).as(op.description()).doesNotContain("context=");
            }
        }
        Op dev = labelled.ops(Opcode.MOUNT).stream().filter(o -> o.description().equals("mount tmpfs to /dev"))
                .findFirst().orElseThrow();
        assertThat(dev.arg(4)).isEqualTo("mode=755,size=65536k," + ctx);
        Op pts = labelled.ops(Opcode.MOUNT).stream().filter(o -> o.arg(2).equals("devpts")).findFirst().orElseThrow();
        assertThat(pts.arg(4)).endsWith("," + ctx);
        assertThat(labelled.ops(Opcode.MOUNT).stream().filter(o -> o.arg(2).equals("proc")).findFirst().orElseThrow()
                .arg(4)).isEmpty();
        // everything but the data is untouched
        assertThat(codes(labelled)).isEqualTo(codes(plan(spec)));
    }

    @Test
    void mountLabelIsIgnoredWithoutSelinuxAsRuncDoes() throws Exception {
        Spec spec = spec(j -> ((ObjectNode) j.get("linux")).put("mountLabel", "system_u:object_r:x_t:s0"));
        Plan p = plan(spec);
        assertThat(LsmPlanner.labelMounts(p, spec, APPARMOR)).isSameAs(p);
        assertThat(LsmPlanner.labelMounts(p, spec, LsmFacts.NONE)).isSameAs(p);
        assertThat(p.ops(Opcode.MOUNT)).allSatisfy(op -> assertThat(op.arg(4)).doesNotContain("context="));
    }

    @Test
    void unavailableLabelsNameTheFieldAndTheReason() throws Exception {
        Process aa = spec(j -> ((ObjectNode) j.get("process")).put("apparmorProfile", "p1")).process();
        Process se = spec(j -> ((ObjectNode) j.get("process")).put("selinuxLabel", "l1")).process();
        LsmFacts none = new LsmFacts(false, "the AppArmor module is not loaded on this host (no /sys/module/apparmor)",
                false);
        assertThat(LsmPlanner.unavailable(aa, none, "process.apparmorProfile", "process.selinuxLabel")).contains(
                "process.apparmorProfile: cannot apply AppArmor profile \"p1\": the AppArmor module is not loaded on"
                        + " this host (no /sys/module/apparmor)");
        assertThat(LsmPlanner.unavailable(aa, APPARMOR, "process.apparmorProfile", "x")).isEmpty();
        assertThat(LsmPlanner.unavailable(se, APPARMOR, "a", "exec --process-label")).hasValueSatisfying(
                m -> assertThat(m).startsWith("exec --process-label: cannot apply SELinux label \"l1\": SELinux is"
                        + " disabled or not supported"));
        assertThat(LsmPlanner.unavailable(se, SELINUX, "a", "b")).isEmpty();
        assertThat(LsmPlanner.unavailable(spec(j -> { }).process(), LsmFacts.NONE, "a", "b")).isEmpty();
    }

    @Test
    void hostProbeFollowsRuncsApparmorIsEnabled(@TempDir Path root) throws Exception {
        assertThat(LsmFacts.probe(root)).satisfies(f -> {
            assertThat(f.apparmor()).isFalse();
            assertThat(f.apparmorReason()).contains("not loaded");
            assertThat(f.selinux()).isFalse();
        });
        Path param = root.resolve("sys/module/apparmor/parameters/enabled");
        Files.createDirectories(param.getParent());
        Files.writeString(param, "N\n");
        assertThat(LsmFacts.probe(root).apparmorReason()).contains("disabled").contains("is N");
        Files.writeString(param, "Y\n");
        assertThat(LsmFacts.probe(root).apparmorReason()).contains("securityfs");
        Files.createDirectories(root.resolve("sys/kernel/security/apparmor"));
        assertThat(LsmFacts.probe(root).apparmor()).isTrue();
        Files.createDirectories(root.resolve("sys/fs/selinux"));
        Files.writeString(root.resolve("sys/fs/selinux/enforce"), "1");
        assertThat(LsmFacts.probe(root).selinux()).isTrue();
    }
}
