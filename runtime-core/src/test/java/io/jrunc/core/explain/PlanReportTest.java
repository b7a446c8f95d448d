package io.jrunc.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.core.plan.ContainerPlanner;
import io.jrunc.core.plan.CreateContext;
import io.jrunc.core.plan.HostFacts;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry-run printers on runc's default config: every step shown once, numbers decoded to names. */
class PlanReportTest {
    static final HostFacts HOST = new HostFacts(List.of(new HostFacts.CgroupV1("cpu", "cpu")), true, false, true, 40);

    @TempDir
    Path bundle;

    PlanReport report(Consumer<ObjectNode> edit, CgroupPreview cgroups) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        Spec spec = SpecIO.mapper().treeToValue(json, Spec.class);
        Path fifo = Path.of("/run/jrunc/c1/exec.fifo");
        Plan plan = ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"), fifo, false, 0, HOST,
                java.util.List.of("/sys/fs/cgroup/memory/jrunc/c1/cgroup.procs")));
        return PlanExplainer.explain(new PlanReport.Container("c1", bundle.toString(), bundle.resolve("rootfs").toString(),
                "/run/jrunc/c1", fifo.toString()), plan, spec, cgroups.writes(spec, "c1"));
    }

    PlanReport report() throws Exception {
        return report(j -> { }, CgroupPreview.NOT_MANAGED);
    }

    @Test
    void everyPlanStepIsPrintedExactlyOnce() throws Exception {
        PlanReport r = report();
        String text = TextReport.render(r);
        List<Integer> steps = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  #(\\d+) ").matcher(text);
        while (m.find()) {
            steps.add(Integer.parseInt(m.group(1)));
        }
        assertThat(steps).hasSize(r.steps()).doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < r.steps());
    }

    @Test
    void textDecodesFlagsAndNamesTheConfigField() throws Exception {
        String text = TextReport.render(report());
        assertThat(text).containsPattern("(?m)^  #\\d+ +mount +/proc +mounts\\[0\\] +source=proc type=proc")
                .containsPattern("(?m)^  #\\d+ +mount +/sys +mounts\\[5\\] +.*flags=ro,nosuid,nodev,noexec")
                .containsPattern("(?m)^  #\\d+ +clone +init in new pid,network,mount,ipc,uts +linux.namespaces "
                        + "+flags=CLONE_NEWPID,CLONE_NEWNET,CLONE_NEWNS,CLONE_NEWIPC,CLONE_NEWUTS")
                .containsPattern("(?m)^  #\\d+ +capabilities +bounding +process.capabilities.bounding "
                        + "+keep=CAP_KILL,CAP_NET_BIND_SERVICE,CAP_AUDIT_WRITE$")
                .containsPattern("(?m)^  #\\d+ +setrlimit +RLIMIT_NOFILE +process.rlimits\\[0\\] +soft=1024 hard=1024")
                .containsPattern("(?m)^  #\\d+ +mknod +/dev/null +linux.devices +type=c device=1:3 mode=0666")
                .containsPattern("(?m)^  #\\d+ +pivot_root +.*rootfs +root.path")
                .containsPattern("(?m)^  #\\d+ +mask +/proc/kcore +linux.maskedPaths\\[2\\]")
                .containsPattern("(?m)^  #\\d+ +open fifo +/run/jrunc/c1/exec.fifo")
                .contains("Final execve\n  argv  [sh]\n  cwd   /\n  user  0:0\n")
                .contains("state dir  /run/jrunc/c1 (not created)");
        // capability masks are never shown as numbers: CAP_KILL|CAP_NET_BIND_SERVICE|CAP_AUDIT_WRITE
        assertThat(text).doesNotContain(Long.toString((1L << 5) | (1L << 10) | (1L << 29)));
    }

    @Test
    void jsonHasEverySectionAndTheFinalExec() throws Exception {
        PlanReport r = report();
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(r));
        assertThat(doc.get("schema").asText()).isEqualTo("jrunc.dry-run/v1");
        List<String> keys = new ArrayList<>();
        doc.get("sections").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("namespaces", "mounts", "devices", "hooks", "root", "kernel", "paths",
                "rlimits", "privileges", "seccomp", "cgroups", "process", "other");
        int steps = 0;
        for (JsonNode section : doc.get("sections")) {
            for (JsonNode e : section) {
                steps += e.get("step").isNull() ? 0 : 1;
            }
        }
        assertThat(steps).isEqualTo(doc.get("steps").asInt()).isEqualTo(r.steps());
        JsonNode proc = doc.get("sections").get("mounts").findParents("target").stream()
                .filter(e -> e.get("target").asText().equals("/proc")).findFirst().orElseThrow();
        assertThat(proc.get("op").asText()).isEqualTo("MOUNT");
        assertThat(proc.get("source").asText()).isEqualTo("mounts[0]");
        assertThat(proc.get("fields").get("type").asText()).isEqualTo("proc");
        JsonNode sys = doc.get("sections").get("mounts").findParents("target").stream()
                .filter(e -> e.get("target").asText().equals("/sys")).findFirst().orElseThrow();
        assertThat(sys.get("fields").get("flags").toString()).isEqualTo("[\"ro\",\"nosuid\",\"nodev\",\"noexec\"]");
        assertThat(doc.get("exec").get("argv").toString()).isEqualTo("[\"sh\"]");
        assertThat(doc.get("exec").get("cwd").asText()).isEqualTo("/");
        assertThat(doc.get("container").get("execFifo").asText()).isEqualTo("/run/jrunc/c1/exec.fifo");
        assertThat(doc.get("notes").get(0).asText()).startsWith("linux.resources, linux.cgroupsPath:");
    }

    @Test
    void seccompIsSummarizedNextToTheStepThatLoadsIt() throws Exception {
        PlanReport r = report(j -> ((ObjectNode) j.get("linux")).putObject("seccomp")
                .put("defaultAction", "SCMP_ACT_ERRNO").put("listenerPath", "/run/agent.sock")
                .putArray("syscalls").addObject().put("action", "SCMP_ACT_NOTIFY").putArray("names").add("mkdir").add("open"),
                CgroupPreview.NOT_MANAGED);
        List<Entry> entries = r.sections().get(Section.SECCOMP);
        Entry sc = entries.stream().filter(e -> e.step() == null).findFirst().orElseThrow();
        assertThat(sc.target()).isEqualTo("default SCMP_ACT_ERRNO");
        assertThat(sc.fields()).containsEntry("rules", 1).containsEntry("syscalls", 2).containsEntry("notify", true);
        assertThat(entries).anyMatch(e -> e.step() != null && e.op().equals("SECCOMP"));
        assertThat(r.notes()).noneMatch(n -> n.startsWith("linux.seccomp: no plan step installs the filter"));
    }

    @Test
    void hooksAreListedInOrderWithWhoRunsThem() throws Exception {
        PlanReport r = report(j -> {
            ObjectNode hooks = j.putObject("hooks");
            hooks.putArray("prestart").addObject().put("path", "/usr/bin/pre");
            hooks.putArray("createContainer").addObject().put("path", "/bin/cc").put("timeout", 5);
            hooks.putArray("poststop").addObject().put("path", "/usr/bin/post");
        }, CgroupPreview.NOT_MANAGED);
        String text = TextReport.render(r);
        assertThat(text).containsPattern("(?m)^  #\\d+ +sync +createRuntime +hooks.createRuntime")
                .containsPattern("(?m)^  #\\d+ +hook +/bin/cc +hooks.createContainer\\[0\\] +args=\\[/bin/cc\\] timeout=5s")
                .containsPattern("(?m)^  - +prestart +/usr/bin/pre +hooks.prestart\\[0\\] +.*runBy=jrunc create, in the host at step \\d+")
                .containsPattern("(?m)^  - +poststop +/usr/bin/post +hooks.poststop\\[0\\] +.*runBy=jrunc delete");
    }

    @Test
    void cgroupWritesComeFromThePreview() throws Exception {
        CgroupPreview fake = (spec, id) -> List.of(new CgroupPreview.Write(
                "/sys/fs/cgroup/memory/jrunc/" + id + "/memory.limit_in_bytes", "1048576", "linux.resources.memory.limit"));
        PlanReport r = report(j -> { }, fake);
        assertThat(r.notes()).noneMatch(n -> n.contains("cgroups"));
        assertThat(TextReport.render(r)).containsPattern("(?m)^Cgroups\n  - +write +/sys/fs/cgroup/memory/jrunc/c1/"
                + "memory.limit_in_bytes +linux.resources.memory.limit +value=1048576$");
    }
}
