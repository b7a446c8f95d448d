package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What state, list, delete, features, --version and the log print, byte for byte. */
class OutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("state-root");
    }

    private ContainerRecord record(String id, int pid, long start, Map<String, String> annotations) {
        return new ContainerRecord(id, pid, start, "/bundles/" + id, "/bundles/" + id + "/rootfs",
                Instant.parse("2022-02-19T00:12:45.413050609Z"), annotations, "", null, null, null);
    }

    private ContainerDir store(ContainerRecord r) throws Exception {
        ContainerDir d = new StateStore(root()).create(r.id());
        d.write(r);
        return d;
    }

    @Test
    void stateOfAStoppedContainerIsRuncsJsonExactly() throws Exception {
        store(record("c1", 999_999, 1, Map.of("b", "2", "a", "<&>")));
        CliRun r = CliRun.at(root(), "state", "c1");
        assertThat(r.rc()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c1",
                  "pid": 0,
                  "status": "stopped",
                  "bundle": "/bundles/c1",
                  "rootfs": "/bundles/c1/rootfs",
                  "created": "2022-02-19T00:12:45.413050609Z",
                  "annotations": {
                    "a": "\\u003c\\u0026\\u003e",
                    "b": "2"
                  },
                  "owner": ""
                }""");
    }

    @Test
    void stateOfALiveContainerCreatedThenRunning() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleep.pid();
            long start = new io.jrunc.core.state.StatusProbe().startTimeOf(pid).orElseThrow();
            ContainerDir d = store(record("live", pid, start, Map.of()));
            Files.createFile(d.execFifo());
            JsonNode s = JSON.readTree(CliRun.at(root(), "state", "live").out());
            assertThat(s.get("status").asText()).isEqualTo("created");
            assertThat(s.get("pid").asInt()).isEqualTo(pid);
            assertThat(s.has("annotations")).isFalse();
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created",
                    "owner");
            Files.delete(d.execFifo());
            assertThat(JSON.readTree(CliRun.at(root(), "state", "live").out()).get("status").asText())
                    .isEqualTo("running");
            // table and json list show it too
            CliRun list = CliRun.at(root(), "list");
            assertThat(list.out()).contains("live        " + pid);
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void stateErrors() throws Exception {
        CliRun r = CliRun.at(root(), "state", "nope");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errorMsg()).isEqualTo("container does not exist");
        assertThat(CliRun.at(root(), "state", "a/b").errorMsg()).isEqualTo("invalid container ID format");
        assertThat(CliRun.at(root(), "state", "..").errorMsg()).isEqualTo("invalid container ID format");
        new StateStore(root()).create("half"); // no record yet: runc says it does not exist
        assertThat(CliRun.at(root(), "state", "half").errorMsg()).isEqualTo("container does not exist");
        assertThat(CliRun.run("--root", "/", "state", "x").errorMsg())
                .isEqualTo("Option --root argument should not be set to /");
    }

    @Test
    void missingRootIsCreated0700() {
        Path deep = tmp.resolve("no/such/root");
        CliRun r = CliRun.at(deep, "list", "-q");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(deep).isDirectory();
        assertThat(CliRun.at(tmp.resolve("r2"), "state", "x").errorMsg()).isEqualTo("container does not exist");
    }

    @Test
    void listTableJsonQuiet() throws Exception {
        assertThat(CliRun.at(root(), "list").out()).isEqualTo("ID          PID         STATUS      BUNDLE      "
                + "CREATED     OWNER\n");
        assertThat(CliRun.at(root(), "list", "-f", "json").out()).isEqualTo("null\n");
        store(record("b-container-with-a-long-name", 999_999, 1, Map.of()));
        store(record("a", 999_998, 1, Map.of("k", "v")));
        new StateStore(root()).create("creating"); // no record: left out
        Files.setPosixFilePermissions(root().resolve("a"), PosixFilePermissions.fromString("rwx--x--x"));

        String owner = ListCommand.passwd().getOrDefault(
                (Integer) Files.getAttribute(root().resolve("a"), "unix:uid"), "#0");
        CliRun t = CliRun.at(root(), "list");
        assertThat(t.err()).isEmpty();
        String expected = String.format(
                "%-31s%-12s%-12s%-40s%-33s%s%n%-31s%-12s%-12s%-40s%-33s%s%n%-31s%-12s%-12s%-40s%-33s%s%n",
                "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER",
                "a", "0", "stopped", "/bundles/a", "2022-02-19T00:12:45.413050609Z", owner,
                "b-container-with-a-long-name", "0", "stopped", "/bundles/b-container-with-a-long-name",
                "2022-02-19T00:12:45.413050609Z", owner);
        assertThat(t.out()).isEqualTo(expected);

        CliRun j = CliRun.at(root(), "list", "--format", "json");
        assertThat(j.out()).endsWith("]\n").doesNotContain("\n  ");
        assertThat(j.out().split("\n")).hasSize(1);
        JsonNode arr = JSON.readTree(j.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("id").asText()).isEqualTo("a");
        assertThat(arr.get(0).get("annotations").get("k").asText()).isEqualTo("v");
        assertThat(arr.get(0).get("owner").asText()).isEqualTo(owner);
        assertThat(j.out()).startsWith("[{\"ociVersion\":\"1.3.0\",\"id\":\"a\",\"pid\":0,\"status\":\"stopped\","
                + "\"bundle\":\"/bundles/a\",\"rootfs\":\"/bundles/a/rootfs\","
                + "\"created\":\"2022-02-19T00:12:45.413050609Z\",\"annotations\":{\"k\":\"v\"},\"owner\":\"");

        assertThat(CliRun.at(root(), "list", "-q").out()).isEqualTo("a\nb-container-with-a-long-name\n");
        assertThat(CliRun.at(root(), "list", "-f", "yaml").errorMsg()).isEqualTo("invalid format option");
    }

    @Test
    void deleteOfStoppedMissingAndLiveContainers() throws Exception {
        store(record("gone", 999_999, 1, Map.of()));
        CliRun r = CliRun.at(root(), "delete", "gone");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(root().resolve("gone")).doesNotExist();

        assertThat(CliRun.at(root(), "delete", "gone").errorMsg()).isEqualTo("container does not exist");
        CliRun f = CliRun.at(root(), "delete", "--force", "gone");
        assertThat(f.rc()).isZero();
        assertThat(f.err()).isEmpty();

        new StateStore(root()).create("aborted");
        assertThat(CliRun.at(root(), "delete", "aborted").errorMsg()).isEqualTo("container does not exist");
        assertThat(root().resolve("aborted")).doesNotExist();

        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleep.pid();
            long start = new io.jrunc.core.state.StatusProbe().startTimeOf(pid).orElseThrow();
            store(record("live", pid, start, Map.of()));
            assertThat(CliRun.at(root(), "delete", "live").errorMsg())
                    .isEqualTo("cannot delete container live that is not stopped: running");
            assertThat(root().resolve("live")).isDirectory();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(CliRun.at(root(), "delete", "live").rc()).isZero();
    }

    @Test
    void featuresIsValidHonestJsonWithFourSpaceIndent() throws Exception {
        CliRun r = CliRun.run("features");
        assertThat(r.rc()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.3.0\",\n")
                .endsWith("}\n");
        JsonNode f = JSON.readTree(r.out());
        assertThat(texts(f.get("hooks"))).containsExactly("prestart", "createRuntime", "createContainer",
                "startContainer", "poststart", "poststop");
        List<String> mo = texts(f.get("mountOptions"));
        assertThat(mo).isSorted().contains("ro", "rbind", "rprivate", "rro", "rnosuid", "ratime", "nosymfollow")
                .doesNotContain("tmpcopyup", "idmap", "ridmap");
        JsonNode linux = f.get("linux");
        assertThat(texts(linux.get("namespaces"))).containsExactly("cgroup", "ipc", "mount", "network", "pid",
                "time", "user", "uts");
        assertThat(texts(linux.get("capabilities"))).hasSize(41).startsWith("CAP_CHOWN")
                .endsWith("CAP_CHECKPOINT_RESTORE");
        assertThat(linux.get("cgroup").get("v1").asBoolean()).isTrue();
        assertThat(linux.get("cgroup").get("v2").asBoolean()).isTrue();
        JsonNode sc = linux.get("seccomp");
        assertThat(sc.get("enabled").asBoolean()).isTrue();
        assertThat(texts(sc.get("actions"))).isSorted().hasSize(9).contains("SCMP_ACT_NOTIFY", "SCMP_ACT_KILL_PROCESS");
        assertThat(texts(sc.get("operators"))).isSorted().hasSize(7).contains("SCMP_CMP_MASKED_EQ");
        assertThat(texts(sc.get("archs"))).isSorted().contains("SCMP_ARCH_X86_64", "SCMP_ARCH_X32")
                .doesNotContain("SCMP_ARCH_LOONGARCH64");
        assertThat(texts(sc.get("knownFlags"))).containsExactly("SECCOMP_FILTER_FLAG_LOG",
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
        assertThat(SeccompFeatures.supportedFlags("5.15.0-91-generic")).containsExactly("SECCOMP_FILTER_FLAG_LOG",
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC");
        assertThat(SeccompFeatures.supportedFlags("6.18.44")).hasSize(4);
        // built-in support, as runc reports it, whatever this host has
        assertThat(linux.get("apparmor").get("enabled").asBoolean()).isTrue();
        assertThat(linux.get("selinux").get("enabled").asBoolean()).isTrue();
        assertThat(linux.get("netDevices").get("enabled").asBoolean()).isTrue();
        assertThat(linux.get("intelRdt").get("enabled").asBoolean()).isTrue();
        assertThat(linux.get("intelRdt").get("monitoring").asBoolean()).isFalse();
        assertThat(f.get("annotations").has("org.opencontainers.runc.checkpoint.enabled")).isFalse();
        assertThat(f.get("annotations").get("io.jrunc.version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void versionLines() {
        CliRun r = CliRun.run("--version");
        assertThat(r.rc()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches("jrunc version 0\\.1\\.0\ncommit: \\S+\nspec: 1\\.3\\.0\n");
        assertThat(CliRun.run("-v").out()).isEqualTo(r.out());
        assertThat(Version.SPEC).isEqualTo(io.jrunc.spec.State.SPEC_VERSION);
    }

    @Test
    void jsonLogLinesCarryLevelMsgTimeAndAreAppended() throws Exception {
        Path log = tmp.resolve("log.json");
        Files.writeString(log, "{\"level\":\"info\",\"msg\":\"earlier\",\"time\":\"2020-01-01T00:00:00Z\"}\n");
        CliRun r = CliRun.run("--root", root().toString(), "--log", log.toString(), "--log-format", "json",
                "state", "nope");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("container does not exist\n"); // runc's fatal(): bare message when --log is a file
        CliRun r2 = CliRun.run("--root", root().toString(), "--log", log.toString(), "--log-format", "json",
                "create", "c1");
        assertThat(r2.rc()).isEqualTo(1);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).contains("earlier");
        for (String l : lines.subList(1, 3)) {
            JsonNode n = JSON.readTree(l);
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("level", "msg", "time");
            assertThat(n.get("level").asText()).isEqualTo("error");
            assertThat(java.time.OffsetDateTime.parse(n.get("time").asText())).isNotNull();
        }
        assertThat(JSON.readTree(lines.get(1)).get("msg").asText()).isEqualTo("container does not exist");
        assertThat(JSON.readTree(lines.get(2)).get("msg").asText()).isEqualTo("JSON specification file config.json not found");

        // json format without --log: the JSON line goes to stderr
        CliRun r3 = CliRun.run("--root", root().toString(), "--log-format", "json", "state", "nope");
        assertThat(r3.errLines()).hasSize(1);
        assertThat(JSON.readTree(r3.err()).get("msg").asText()).isEqualTo("container does not exist");
        // a bad format is refused
        assertThat(CliRun.run("--log-format", "xml", "list").errorMsg()).isEqualTo("invalid log-format: xml");
    }

    @Test
    void debugLogsGoThroughLogbackAsLogrusLines() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("test");
        CliRun r = CliRun.run("--debug", "--root", root().toString(), "state", "nope");
        assertThat(r.errLines().getLast()).endsWith("level=error msg=\"container does not exist\"");
        io.jrunc.cli.log.LogSink.install(new io.jrunc.cli.log.LogSink(System.err, tmp.resolve("d.log"),
                io.jrunc.cli.log.LogSink.Format.TEXT, true));
        log.debug("hello {}", "there");
        log.warn("careful");
        log.info("fyi");
        io.jrunc.cli.log.LogSink.current().close();
        io.jrunc.cli.log.LogSink.install(new io.jrunc.cli.log.LogSink(System.err, tmp.resolve("i.log"),
                io.jrunc.cli.log.LogSink.Format.JSON, false));
        log.debug("hidden");
        log.error("bad");
        io.jrunc.cli.log.LogSink.current().close();
        assertThat(lines(tmp.resolve("d.log"))).satisfiesExactly(
                l -> assertThat(l).matches("time=\"[^\"]+\" level=debug msg=\"hello there\""),
                l -> assertThat(l).endsWith(" level=warning msg=careful"),
                l -> assertThat(l).endsWith(" level=info msg=fyi"));
        assertThat(lines(tmp.resolve("i.log"))).satisfiesExactly(
                l -> assertThat(l).matches("\\{\"level\":\"error\",\"msg\":\"bad\",\"time\":\"[^\"]+\"}"));
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = arr.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }
}
