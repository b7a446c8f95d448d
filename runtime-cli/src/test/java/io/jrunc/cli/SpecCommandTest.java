package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrunc spec} against runc's own output (test resources, see runc-1.1/README.md). */
class SpecCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** runc 1.1's output, moved to runc 1.3's example.go (the three documented differences). */
    private static String expected(String resource, boolean cgroupNs, long uid, long gid) throws Exception {
        ObjectNode spec;
        try (InputStream in = SpecCommandTest.class.getResourceAsStream("/runc-1.1/" + resource)) {
            spec = (ObjectNode) JSON.readTree(in);
        }
        spec.put("ociVersion", "1.3.0");
        ((ObjectNode) spec.get("process").get("capabilities")).remove("ambient");
        ((ArrayNode) spec.get("linux").get("maskedPaths")).add("/sys/devices/virtual/tpm");
        if (cgroupNs) {
            ((ArrayNode) spec.get("linux").get("namespaces")).addObject().put("type", "cgroup");
        }
        for (String m : List.of("uidMappings", "gidMappings")) {
            if (spec.get("linux").has(m)) {
                ((ObjectNode) spec.get("linux").get(m).get(0)).put("hostID", m.startsWith("u") ? uid : gid);
            }
        }
        return GoJson.indent(plain(spec), "\t");
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                l.add(plain(it.next()));
            }
            return l;
        }
        if (n instanceof TextNode) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asLong();
    }

    @Test
    void specIsRuncsExampleByteForByte() throws Exception {
        CliRun r = CliRun.run("spec", "-b", tmp.toString());
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        String written = Files.readString(tmp.resolve("config.json"), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(expected("spec.json", DefaultSpec.cgroup2Unified(), 0, 0));
        assertThat(written).doesNotEndWith("\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("config.json"))))
                .isEqualTo("rw-r--r--"); // 0666 & ~022
        // and it reads back through the spec model
        assertThat(io.jrunc.spec.SpecIO.readConfig(tmp.resolve("config.json")).hostname()).isEqualTo("runc");
    }

    @Test
    void rootlessIsRuncsToRootless() throws Exception {
        CliRun r = CliRun.run("spec", "--rootless", "--bundle=" + tmp);
        assertThat(r.rc()).isZero();
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
        assertThat(Files.readString(tmp.resolve("config.json")))
                .isEqualTo(expected("spec-rootless.json", DefaultSpec.cgroup2Unified(), uid, gid));
    }

    @Test
    void cgroupNamespaceOnUnifiedHosts() {
        var ns = DefaultSpec.example(true).linux().namespaces();
        assertThat(ns.getLast().type()).isEqualTo("cgroup");
        var rootless = DefaultSpec.rootless(DefaultSpec.example(true), 1000, 1000).linux().namespaces();
        assertThat(rootless.stream().map(n -> n.type()).toList())
                .containsExactly("pid", "ipc", "uts", "mount", "cgroup", "user");
    }

    @Test
    void refusesToOverwriteAndReportsAMissingBundle() throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{}");
        CliRun r = CliRun.run("spec", "-b", tmp.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.errorMsg()).isEqualTo("File config.json exists. Remove it first");
        assertThat(Files.readString(tmp.resolve("config.json"))).isEqualTo("{}");
        assertThat(CliRun.run("spec", "-b", tmp.resolve("nope").toString()).errorMsg())
                .isEqualTo("chdir " + tmp.resolve("nope") + ": no such file or directory");
    }
}
