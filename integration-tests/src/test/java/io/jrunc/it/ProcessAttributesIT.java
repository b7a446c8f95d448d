package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The process attributes, checked from inside the container: scheduler, I/O priority, exec CPU
 * affinity, personality, memory policy and the session keyring, for run and for exec.
 */
class ProcessAttributesIT extends InsideTestBase {

    /** The cpu hierarchy's file that exists when the kernel has RT group scheduling (cgroup v1). */
    private static final Path RT_ROOT = Path.of("/sys/fs/cgroup/cpu/cpu.rt_runtime_us");
    private static final Path RT_JRUNC = Path.of("/sys/fs/cgroup/cpu/jrunc/cpu.rt_runtime_us");

    /** /proc/keys is masked by runc's default config: unmask it to look at the keyrings. */
    static void unmaskKeys(ObjectNode c) {
        ArrayNode masked = (ArrayNode) linux(c).get("maskedPaths");
        for (int i = masked.size() - 1; i >= 0; i--) {
            if (masked.get(i).asText().equals("/proc/keys")) {
                masked.remove(i);
            }
        }
    }

    /** A foreground run with a known id; the probes' sections. */
    Map<String, String> runAs(String id, Bundles.Rootfs kind, Consumer<ObjectNode> edit, String script,
                              String... flags) {
        Path b = bundle(kind, edit, "sh", "-c", script);
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--bundle", b.toString(), id));
        ProcResult r = jrunc(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("@@end");
        return sections(r.stdout());
    }

    /** A failed create: one error line naming {@code field}, and no container left. */
    void assertCreateFails(Consumer<ObjectNode> edit, String... expected) {
        String id = newId();
        Path b = bundle(Bundles.Rootfs.BUSYBOX, edit, "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr().strip().lines()).as(r.describe()).hasSize(1);
        String line = r.stderr().replace("\\\"", "\""); // the log line quotes msg, escaping its quotes
        for (String e : expected) {
            assertThat(line).as(r.describe()).contains(e);
        }
        assertThat(jrunc("state", id).exitCode()).as("no state is left").isNotZero();
        assertThat(Files.exists(root.resolve(id))).isFalse();
    }

    // ---- run: the init ----

    @Test
    void theInitGetsSchedulerIoPriorityPersonalityMemoryPolicyAndAKeyring() {
        String id = newId();
        Map<String, String> s = runAs(id, Bundles.Rootfs.BUSYBOX, c -> {
            unmaskKeys(c);
            process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 5);
            process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 4);
            linux(c).putObject("personality").put("domain", "LINUX32");
            linux(c).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "0");
        }, probes(
                "policy", "grep '^policy' /proc/$$/sched | tr -s ' '",
                "stat", "cut -d' ' -f19,41 /proc/$$/stat",
                "ionice", "ionice -p $$",
                "personality", "cat /proc/$$/personality",
                "uname", "uname -m",
                "numa", "grep -c -E ' bind:0( |$)' /proc/$$/numa_maps; grep -c -v -E ' bind:0( |$)' /proc/$$/numa_maps",
                "mems", "grep Mems_allowed_list /proc/$$/status",
                "keys", "grep ' _ses\\." + id + ": ' /proc/keys"));
        assertThat(s.get("policy")).isEqualTo("policy : 3");
        assertThat(s.get("stat")).as("nice, policy").isEqualTo("5 3");
        assertThat(s.get("ionice")).isEqualTo("best-effort: prio 4");
        assertThat(s.get("personality")).isEqualTo("00000008");
        assertThat(s.get("uname")).isEqualTo("i686");
        assertThat(s.get("numa").lines().toList()).as("every mapping is bound to node 0")
                .first().isNotEqualTo("0");
        assertThat(s.get("numa").lines().toList().get(1)).isEqualTo("0");
        assertThat(s.get("mems")).contains("0");
        // runc's keyring: named after the container; the kernel's 3f130000 with KEY_USR_SEARCH added
        assertThat(s.get("keys")).contains(" keyring   _ses." + id + ": empty");
        assertThat(s.get("keys")).containsPattern("perm 3f1b0000 +0 +0 keyring +_ses\\." + id);
    }

    @Test
    void withoutOptionsNothingChanges() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, ProcessAttributesIT::unmaskKeys, probes(
                "stat", "cut -d' ' -f19,41 /proc/$$/stat",
                "ionice", "ionice -p $$",
                "personality", "cat /proc/$$/personality",
                "numa", "grep -c -e bind: -e interleave: /proc/$$/numa_maps",
                "cpus", "grep Cpus_allowed_list /proc/$$/status"));
        assertThat(s.get("stat")).isEqualTo("0 0");
        assertThat(s.get("ionice")).isIn("none: prio 0", "none: prio 4", "best-effort: prio 4");
        assertThat(s.get("personality")).isEqualTo("00000000");
        assertThat(s.get("numa")).isEqualTo("0");
        assertThat(s.get("cpus")).as("the caller's affinity").isEqualTo(ourCpus());
    }

    /** This JVM's Cpus_allowed_list line: what jrunc and its container inherit. */
    static String ourCpus() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void idleSchedulerAndIdleIoClassOnDebian() {
        Map<String, String> s = inside(Bundles.Rootfs.DEBIAN, c -> {
            process(c).putObject("scheduler").put("policy", "SCHED_IDLE");
            process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE").put("priority", 0);
            linux(c).putObject("memoryPolicy").put("mode", "MPOL_INTERLEAVE").put("nodes", "0");
        }, probes(
                "chrt", "chrt -p $$",
                "ionice", "ionice -p $$",
                "numa", "grep -c ' interleave:0 ' /proc/$$/numa_maps"));
        assertThat(s.get("chrt")).contains("scheduling policy: SCHED_IDLE");
        assertThat(s.get("ionice")).isEqualTo("idle");
        assertThat(s.get("numa")).isNotEqualTo("0");
    }

    @Test
    void linuxPersonalityIsTheDefaultDomainAndFlagsAreIgnoredWithAWarning() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> linux(c).putObject("personality").put("domain", "LINUX")
                .putArray("flags").add("ADDR_NO_RANDOMIZE"), "sh", "-c", "cat /proc/$$/personality; uname -m");
        ProcResult r = jrunc("run", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("00000000", "x86_64");
        assertThat(r.stderr()).contains("linux.personality.flags").contains("ignoring");
    }

    // ---- real-time policies ----

    /** Real-time budget for jrunc's parent cgroup (RT group scheduling), restored after. */
    String giveJruncRtBudget() throws IOException {
        Files.createDirectories(RT_JRUNC.getParent());
        String old = Files.readString(RT_JRUNC).strip();
        Files.writeString(RT_JRUNC, "300000");
        return old;
    }

    void restoreRtBudget(String old) throws Exception {
        for (int i = 0; ; i++) { // the container's cgroup goes away with delete; its budget with it
            try {
                Files.writeString(RT_JRUNC, old);
                return;
            } catch (IOException e) {
                if (i == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void fifoAndRoundRobinWithRealtimeBudget() throws Exception {
        boolean rtGroups = Files.exists(RT_ROOT);
        String old = rtGroups ? giveJruncRtBudget() : null;
        try {
            Consumer<ObjectNode> budget = c -> {
                if (rtGroups) {
                    linux(c).putObject("resources").putObject("cpu").put("realtimeRuntime", 200000);
                }
            };
            Map<String, String> fifo = inside(Bundles.Rootfs.DEBIAN, budget.andThen(c -> process(c)
                    .putObject("scheduler").put("policy", "SCHED_FIFO").put("priority", 10)), probes(
                    "chrt", "chrt -p $$",
                    "stat", "cut -d' ' -f18,40,41 /proc/$$/stat"));
            assertThat(fifo.get("chrt").lines()).containsExactly(
                    "pid " + 1 + "'s current scheduling policy: SCHED_FIFO", "pid 1's current scheduling priority: 10");
            assertThat(fifo.get("stat")).as("prio, rt_priority, policy").isEqualTo("-11 10 1");
            Map<String, String> rr = inside(Bundles.Rootfs.BUSYBOX, budget.andThen(c -> process(c)
                    .putObject("scheduler").put("policy", "SCHED_RR").put("priority", 7)
                    .putArray("flags").add("SCHED_FLAG_RESET_ON_FORK")), probes(
                    "self", "cut -d' ' -f40,41 /proc/$$/stat",
                    "child", "sh -c 'cut -d\" \" -f40,41 /proc/$$/stat'"));
            assertThat(rr.get("self")).isEqualTo("7 2");
            assertThat(rr.get("child")).as("SCHED_FLAG_RESET_ON_FORK: children are SCHED_OTHER").isEqualTo("0 0");
        } finally {
            if (old != null) {
                restoreRtBudget(old);
            }
        }
    }

    @Test
    void withoutRealtimeBudgetFifoFailsNamingTheFieldAndTheCause() {
        assumeTrue(Files.exists(RT_ROOT), "the kernel has no RT group scheduling: SCHED_FIFO needs no budget");
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_FIFO").put("priority", 10),
                "set scheduler SCHED_FIFO priority 10: operation not permitted (config.json: process.scheduler)",
                "linux.resources.cpu.realtimeRuntime");
    }

    @Test
    void deadlineWithResetOnFork() {
        // a SCHED_DEADLINE task may not fork (EAGAIN) unless its children reset to SCHED_OTHER
        Map<String, String> s = inside(Bundles.Rootfs.DEBIAN, c -> process(c).putObject("scheduler")
                .put("policy", "SCHED_DEADLINE").put("runtime", 1_000_000).put("deadline", 10_000_000)
                .put("period", 20_000_000).putArray("flags").add("SCHED_FLAG_RESET_ON_FORK"), probes(
                "chrt", "chrt -p $$",
                "child", "cut -d' ' -f41 /proc/self/stat"));
        assertThat(s.get("chrt").lines()).contains("pid 1's current scheduling policy: SCHED_DEADLINE|SCHED_RESET_ON_FORK",
                "pid 1's current runtime/deadline/period parameters: 1000000/10000000/20000000");
        assertThat(s.get("child")).isEqualTo("0");
    }

    // ---- bad input ----

    @Test
    void badSchedulerParametersFailCreateNamingTheField() {
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_DEADLINE")
                        .put("runtime", 2_000_000).put("deadline", 1_000_000).put("period", 3_000_000),
                "config.json: process.scheduler.runtime: 2000000 is larger than deadline 1000000");
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_FAIR"),
                "config.json: process.scheduler.policy: \"SCHED_FAIR\" is not a known scheduler policy");
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_OTHER")
                        .putArray("flags").add("SCHED_FLAG_RECLAIM").add("SCHED_FLAG_BOGUS"),
                "config.json: process.scheduler.flags[1]: \"SCHED_FLAG_BOGUS\" is not a known scheduler flag");
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("priority", 3),
                "config.json: process.scheduler.priority: only valid with SCHED_FIFO or SCHED_RR");
    }

    @Test
    void aPolicyTheKernelLacksFailsCreateNamingTheField() {
        // SCHED_ISO is in the spec but not in Linux: the kernel says EINVAL
        assertCreateFails(c -> process(c).putObject("scheduler").put("policy", "SCHED_ISO"),
                "set scheduler SCHED_ISO: invalid argument (config.json: process.scheduler)");
    }

    @Test
    void badMemoryPolicyAndIoPriorityFailCreateNamingTheField() {
        assertCreateFails(c -> linux(c).putObject("memoryPolicy").put("mode", "MPOL_BIND"),
                "config.json: linux.memoryPolicy.nodes: must name at least one node with MPOL_BIND");
        assertCreateFails(c -> linux(c).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "0-"),
                "config.json: linux.memoryPolicy.nodes: \"0-\" is not a node list like 0-1,3");
        // a node this host does not have: the kernel refuses it
        assertCreateFails(c -> linux(c).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "7"),
                "set memory policy MPOL_BIND nodes 7: invalid argument (config.json: linux.memoryPolicy)");
        assertCreateFails(c -> process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 9),
                "config.json: process.ioPriority.priority: 9 is out of range (0..7)");
        assertCreateFails(c -> linux(c).putObject("personality").put("domain", "LINUX64"),
                "config.json: linux.personality.domain: \"LINUX64\" is not a personality domain");
        assertCreateFails(c -> process(c).putObject("execCPUAffinity").put("final", "3-1"),
                "config.json: process.execCPUAffinity.final: \"3-1\" is not a CPU list like 0-3,7");
    }

    // ---- keyring ----

    @Test
    void noNewKeyringKeepsTheCallersKeyring() {
        String id = newId();
        Map<String, String> s = runAs(id, Bundles.Rootfs.BUSYBOX, ProcessAttributesIT::unmaskKeys, probes(
                "keys", "grep -c ' _ses\\." + id + ": ' /proc/keys"), "--no-new-keyring");
        assertThat(s.get("keys")).as("no _ses.%s keyring", id).isEqualTo("0");
    }

    @Test
    void inAUserNamespaceTheKeyringIsSearchableByOthers() throws IOException {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        String id = newId();
        Path b = UserNamespaceIT.chownRootfs(bundle(Bundles.Rootfs.BUSYBOX,
                UserNamespaceIT.userns().andThen(ProcessAttributesIT::unmaskKeys),
                "sh", "-c", "grep ' _ses\\." + id + ": ' /proc/keys"));
        ProcResult r = jrunc("run", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // the kernel's 3f130000 with runc's ModKeyringPerm in a user namespace: KEY_OTH_SEARCH (0x8) added
        assertThat(r.stdout()).as(r.describe()).containsPattern("perm 3f130008 +0 +0 keyring +_ses\\." + id + ": ");
    }

    // ---- exec ----

    /** A running busybox container (sleep) with the config changed by edit. */
    String running(Consumer<ObjectNode> edit, String... flags) {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, edit, "sleep", "600");
        String id = newId();
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--bundle", b.toString(), id));
        ProcResult r = jrunc(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return id;
    }

    void remove(String id) {
        ProcResult r = jrunc("delete", "--force", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    int initPid(String id) throws IOException {
        return Bundles.JSON.readTree(jrunc("state", id).stdout()).get("pid").asInt();
    }

    Path processJson(Consumer<ObjectNode> edit, String script) throws IOException {
        ObjectNode p = Bundles.JSON.createObjectNode();
        p.put("terminal", false).put("cwd", "/");
        p.putArray("args").add("sh").add("-c").add(script);
        p.putArray("env").add("PATH=/bin:/usr/bin");
        edit.accept(p);
        Path f = Files.createTempFile(tmp, "process", ".json");
        Files.writeString(f, p.toString());
        return f;
    }

    @Test
    void execGetsSchedulerIoPriorityAndAffinityFromProcessJson() throws Exception {
        String id = running(c -> {
            unmaskKeys(c);
            process(c).putObject("execCPUAffinity").put("initial", "0").put("final", "1");
            linux(c).putObject("personality").put("domain", "LINUX32");
        });
        try {
            String init = Files.readString(Path.of("/proc/" + initPid(id) + "/status"));
            assertThat(init).as("execCPUAffinity is not for the init (runtime-spec)").contains(ourCpus());
            Path pj = processJson(p -> {
                p.putObject("scheduler").put("policy", "SCHED_IDLE");
                p.putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE").put("priority", 0);
                p.putObject("execCPUAffinity").put("initial", "0").put("final", "1");
            }, probes(
                    "cpus", "grep Cpus_allowed_list /proc/$$/status",
                    "taskset", "taskset -p $$",
                    "stat", "cut -d' ' -f19,41 /proc/$$/stat",
                    "ionice", "ionice -p $$",
                    "personality", "cat /proc/$$/personality",
                    "keys", "grep -c ' _ses\\." + id + ": ' /proc/keys"));
            ProcResult r = jrunc("exec", "--process", pj.toString(), id);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            Map<String, String> s = sections(r.stdout());
            assertThat(s.get("cpus")).isEqualTo("Cpus_allowed_list:\t1");
            assertThat(s.get("taskset")).endsWith("affinity mask: 2");
            assertThat(s.get("stat")).as("nice, policy").isEqualTo("0 5");
            assertThat(s.get("ionice")).isEqualTo("idle");
            assertThat(s.get("personality")).as("linux.personality binds exec'd processes too").isEqualTo("00000008");
            assertThat(s.get("keys")).isEqualTo("1");

            // only initial: what the process keeps (this host's container joins no cpuset that would reset it)
            Path initialOnly = processJson(p -> p.putObject("execCPUAffinity").put("initial", "1"),
                    "grep Cpus_allowed_list /proc/$$/status");
            ProcResult r2 = jrunc("exec", "--process", initialOnly.toString(), id);
            assertThat(r2.exitCode()).as(r2.describe()).isZero();
            assertThat(r2.stdout().strip()).isEqualTo("Cpus_allowed_list:\t1");

            // without --process the container's config.json process applies, its execCPUAffinity too
            ProcResult r3 = jrunc("exec", id, "grep", "Cpus_allowed_list", "/proc/self/status");
            assertThat(r3.exitCode()).as(r3.describe()).isZero();
            assertThat(r3.stdout().strip()).isEqualTo("Cpus_allowed_list:\t1");
        } finally {
            remove(id);
        }
    }

    @Test
    void execFailsOnBadAttributesNamingTheField() throws Exception {
        String id = running(null);
        try {
            Path bad = processJson(p -> p.putObject("scheduler").put("policy", "SCHED_DEADLINE")
                    .put("runtime", 5000).put("deadline", 4000), "true");
            ProcResult r = jrunc("exec", "--process", bad.toString(), id);
            assertThat(r.exitCode()).as(r.describe()).isNotZero();
            assertThat(r.stderr()).contains(bad + ": scheduler.runtime: 5000 is larger than deadline 4000");
            // a CPU this host does not have: the kernel refuses the mask
            Path noCpu = processJson(p -> p.putObject("execCPUAffinity").put("final", "1000"), "true");
            ProcResult r2 = jrunc("exec", "--process", noCpu.toString(), id);
            assertThat(r2.exitCode()).as(r2.describe()).isNotZero();
            assertThat(r2.stderr()).contains("set CPU affinity 1000: invalid argument")
                    .contains("process.execCPUAffinity.final");
            ProcResult still = jrunc("exec", id, "true");
            assertThat(still.exitCode()).as("the container is unharmed: " + still.describe()).isZero();
        } finally {
            remove(id);
        }
    }

    @Test
    void execWithoutAKeyringWhenTheContainerHasNone() throws Exception {
        String id = running(ProcessAttributesIT::unmaskKeys, "--no-new-keyring");
        try {
            ProcResult r = jrunc("exec", id, "grep", "-c", " _ses\\." + id + ": ", "/proc/keys");
            assertThat(r.stdout().strip()).as(r.describe()).isEqualTo("0");
        } finally {
            remove(id);
        }
    }

    // ---- dry run ----

    @Test
    void theDryRunListsTheProcessAttributes() {
        String id = newId();
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 3);
            process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 4);
            linux(c).putObject("personality").put("domain", "LINUX32");
            linux(c).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "0");
        }, "true");
        ProcResult r = jrunc("run", "--dry-run", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).containsPattern("ioprio_set +I/O priority IOPRIO_CLASS_BE 4 +process.ioPriority")
                .containsPattern("keyctl +session keyring _ses\\." + id)
                .containsPattern("sched_setattr +scheduler SCHED_BATCH nice 3 +process.scheduler")
                .containsPattern("set_mempolicy +memory policy MPOL_BIND nodes 0 +linux.memoryPolicy")
                .containsPattern("personality +personality LINUX32 +linux.personality.domain");
    }

    // ---- features ----

    @Test
    void featuresReportTheMemoryPolicyModesAndFlags() throws Exception {
        ProcResult r = jrunc("features");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode mp = Bundles.JSON.readTree(r.stdout()).at("/linux/memoryPolicy");
        List<String> modes = new ArrayList<>();
        mp.get("modes").forEach(n -> modes.add(n.asText()));
        assertThat(modes).containsExactly("MPOL_BIND", "MPOL_DEFAULT", "MPOL_INTERLEAVE", "MPOL_LOCAL",
                "MPOL_PREFERRED", "MPOL_PREFERRED_MANY", "MPOL_WEIGHTED_INTERLEAVE");
        List<String> flags = new ArrayList<>();
        mp.get("flags").forEach(n -> flags.add(n.asText()));
        assertThat(flags).containsExactly("MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES");
    }
}
