package io.jrunc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpecIOTest {

    static String resource(String name) {
        try (InputStream in = SpecIOTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Spec parse(String json) throws ConfigException {
        return SpecIO.parse("config.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Spec.class);
    }

    static JsonNode tree(String json) {
        try {
            return SpecIO.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object in {@code a} has exactly the keys of the matching object in {@code b}; arrays match in length. */
    static void assertSameKeys(String at, JsonNode a, JsonNode b) {
        assertThat(b.getNodeType()).as("type at %s", at.isEmpty() ? "$" : at).isEqualTo(a.getNodeType());
        if (a.isObject()) {
            Set<String> ka = new TreeSet<>();
            a.fieldNames().forEachRemaining(ka::add);
            Set<String> kb = new TreeSet<>();
            b.fieldNames().forEachRemaining(kb::add);
            assertThat(kb).as("keys at %s", at.isEmpty() ? "$" : at).isEqualTo(ka);
            for (String k : ka) {
                assertSameKeys(at.isEmpty() ? k : at + "." + k, a.get(k), b.get(k));
            }
        } else if (a.isArray()) {
            assertThat(b.size()).as("length at %s", at).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertSameKeys(at + "[" + i + "]", a.get(i), b.get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "maximal.json"})
    void roundTripsParseWriteParse(String name) throws Exception {
        String original = resource(name);
        Spec first = parse(original);
        String written = SpecIO.write(first);
        Spec second = parse(written);

        assertThat(second).isEqualTo(first);
        assertSameKeys("", tree(original), tree(written));
        assertThat(tree(written)).as("values survive too").isEqualTo(tree(original));
    }

    @Test
    void runcSpecParsesToTheExpectedModel() throws Exception {
        Spec s = parse(resource("runc-spec.json"));
        assertThat(s.ociVersion()).isEqualTo("1.0.2-dev");
        assertThat(s.process().isTerminal()).isTrue();
        assertThat(s.process().args()).containsExactly("sh");
        assertThat(s.process().capabilities().inheritable()).as("absent stays null").isNull();
        assertThat(s.process().capabilities().bounding()).contains("CAP_KILL");
        assertThat(s.process().rlimits()).containsExactly(new Process.POSIXRlimit("RLIMIT_NOFILE", 1024, 1024));
        assertThat(s.root()).isEqualTo(new Root("rootfs", true));
        assertThat(s.mounts()).hasSize(7);
        assertThat(s.mounts().get(0)).isEqualTo(new Mount("/proc", "proc", "proc", null, null, null));
        assertThat(s.linux().namespaces()).extracting(Linux.Namespace::type)
                .containsExactly("pid", "network", "ipc", "uts", "mount");
        assertThat(s.linux().resources().devices())
                .containsExactly(new LinuxResources.DeviceCgroup(false, null, null, null, "rwm"));
        assertThat(s.hooks()).isNull();
        assertThat(s.linux().seccomp()).isNull();
    }

    /** The maximal resource sets every component of every record reachable from Spec at least once. */
    @Test
    void maximalConfigUsesEveryFieldOfTheModel() throws Exception {
        Spec s = parse(resource("maximal.json"));
        Set<String> all = new TreeSet<>();
        collectComponents(Spec.class, all, new java.util.HashSet<>());
        Set<String> used = new TreeSet<>();
        collectUsed(s, used);
        assertThat(all).hasSizeGreaterThan(100);
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(used);
        assertThat(missing).as("model fields maximal.json leaves unset").isEmpty();
    }

    private static void collectComponents(Class<?> type, Set<String> out, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            out.add(type.getSimpleName() + "." + rc.getName());
            for (Class<?> c : classesIn(rc.getGenericType())) {
                collectComponents(c, out, seen);
            }
        }
    }

    private static List<Class<?>> classesIn(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c);
        } else if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(classesIn(a));
            }
        }
        return out;
    }

    private static void collectUsed(Object o, Set<String> out) throws Exception {
        if (o == null) {
            return;
        }
        if (o instanceof List<?> l) {
            for (Object e : l) {
                collectUsed(e, out);
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Object e : m.values()) {
                collectUsed(e, out);
            }
        } else if (o.getClass().isRecord()) {
            for (RecordComponent rc : o.getClass().getRecordComponents()) {
                Object v = rc.getAccessor().invoke(o);
                if (v != null) {
                    out.add(o.getClass().getSimpleName() + "." + rc.getName());
                    collectUsed(v, out);
                }
            }
        }
    }

    /** Map-valued fields: their keys are data, not field names. */
    private static final Set<String> MAP_FIELDS = Set.of("annotations", "sysctl", "unified", "rdma", "netDevices",
            "timeOffsets");

    /** Adds unknown keys at every level of a config tree (FastSpecReaderTest too). */
    static void addUnknownFieldsForTests(JsonNode n) {
        addUnknownFields(n, false);
    }

    private static void addUnknownFields(JsonNode n, boolean isMap) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode child = o.get(k);
                if (isMap) {
                    addUnknownFields(child, false);
                } else {
                    addUnknownFields(child, MAP_FIELDS.contains(k));
                }
            }
            if (!isMap) {
                ObjectNode junk = o.putObject("x-jrunc-unknown");
                junk.put("n", 1).putArray("list").add("a").addObject().put("deep", true);
                o.put("zzUnknownScalar", "ignored");
            }
        } else if (n instanceof ArrayNode a) {
            for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
                addUnknownFields(it.next(), false);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "maximal.json"})
    void unknownFieldsAnywhereAreIgnored(String name) throws Exception {
        String original = resource(name);
        JsonNode t = tree(original);
        addUnknownFields(t, false);
        String noisy = t.toString();
        assertThat(noisy).contains("x-jrunc-unknown");
        // Unknown keys went into nested records too (e.g. process.user, a rlimit, a mount).
        assertThat(t.at("/process/user/x-jrunc-unknown").isObject()).isTrue();
        assertThat(t.at("/process/rlimits/0/zzUnknownScalar").asText()).isEqualTo("ignored");
        assertThat(t.at("/mounts/1/x-jrunc-unknown").isObject()).isTrue();

        assertThat(parse(noisy)).isEqualTo(parse(original));
        assertThat(SpecIO.write(parse(noisy))).doesNotContain("x-jrunc-unknown").doesNotContain("zzUnknownScalar");
    }

    @Test
    void absentFieldsStayAbsentWhenWritten() throws Exception {
        String json = """
                {"ociVersion": "1.0.0", "process": {"cwd": "/", "args": ["sh"]}, "root": {"path": "rootfs"}}
                """;
        Spec s = parse(json);
        assertThat(s.process().terminal()).isNull();
        assertThat(s.process().isTerminal()).isFalse();
        assertThat(s.root().isReadonly()).isFalse();
        assertThat(tree(SpecIO.write(s))).isEqualTo(tree(json));
    }

    @Test
    void presentFalseBooleansStayPresent() throws Exception {
        String json = """
                {"ociVersion": "1.0.0", "process": {"terminal": false, "cwd": "/", "args": ["sh"],
                 "noNewPrivileges": false}, "root": {"path": "rootfs", "readonly": false}}
                """;
        assertThat(tree(SpecIO.write(parse(json)))).isEqualTo(tree(json));
    }

    @Test
    void optionalNumbersMayBeAbsentAndAreOmittedWhenZeroAsGoDoes() throws Exception {
        String json = """
                {"ociVersion": "1.0.0",
                 "linux": {
                   "devices": [{"path": "/dev/fifo", "type": "p"}],
                   "timeOffsets": {"monotonic": {"secs": 5}, "boottime": {"nanosecs": 7}},
                   "seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
                     "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                                   "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}}}
                """;
        Spec s = parse(json);
        assertThat(s.linux().devices().get(0).major()).isZero();
        assertThat(s.linux().timeOffsets().get("monotonic")).isEqualTo(new Linux.TimeOffset(5, 0));
        assertThat(s.linux().seccomp().syscalls().get(0).args().get(0).valueTwo()).isZero();
        JsonNode written = tree(SpecIO.write(s));
        assertThat(written.at("/linux/timeOffsets")).isEqualTo(tree(json).at("/linux/timeOffsets"));
        assertThat(written.at("/linux/seccomp")).isEqualTo(tree(json).at("/linux/seccomp"));
        // Go writes a device's major and minor even when 0 (no omitempty).
        assertThat(written.at("/linux/devices/0")).isEqualTo(tree("""
                {"path": "/dev/fifo", "type": "p", "major": 0, "minor": 0}"""));
    }

    @Test
    void explicitNullForAnOptionalNumberIsZeroAsInGo() throws Exception {
        Spec s = parse("""
                {"ociVersion": "1.0.0", "linux": {"devices": [{"path": "/dev/fifo", "type": "p", "major": null}]}}
                """);
        assertThat(s.linux().devices().get(0).major()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "process.rlimits[0].soft|{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"hard\": 1}]}}",
            "process.rlimits[0].hard|{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"hard\": null, \"soft\": 1}]}}",
            "process.user.uid|{\"process\": {\"user\": {\"gid\": 0}}}",
            "linux.uidMappings[0].size|{\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 0}]}}",
            "linux.seccomp.syscalls[0].args[0].value|{\"linux\": {\"seccomp\": {\"syscalls\": [{\"args\": [{\"index\": 0}]}]}}}",
            "linux.resources.hugepageLimits[0].limit|{\"linux\": {\"resources\": {\"hugepageLimits\": [{\"pageSize\": \"2MB\"}]}}}",
            "linux.resources.devices[0].allow|{\"linux\": {\"resources\": {\"devices\": [{\"access\": \"rwm\"}]}}}"})
    void requiredNumbersThatAreAbsentAreReportedByPath(String pathAndJson) {
        String path = pathAndJson.substring(0, pathAndJson.indexOf('|'));
        String json = pathAndJson.substring(pathAndJson.indexOf('|') + 1);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isEqualTo(path);
        assertThat(e).hasMessage("config.json: " + path + ": must be set");
    }

    @Test
    void uint64MaxRlimitsSurvive() throws Exception {
        String json = """
                {"ociVersion": "1.0.0", "process": {"cwd": "/", "args": ["sh"],
                  "rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 18446744073709551614}]}}
                """;
        Spec s = parse(json);
        Process.POSIXRlimit r = s.process().rlimits().get(0);
        assertThat(r.hard()).isEqualTo(-1L);
        assertThat(r.soft()).isEqualTo(-2L);
        assertThat(Long.toUnsignedString(r.soft())).isEqualTo("18446744073709551614");
        String written = SpecIO.write(s);
        assertThat(written).contains("\"hard\" : 18446744073709551615").contains("\"soft\" : 18446744073709551614");
        assertThat(parse(written)).isEqualTo(s);
    }

    @Test
    void uint64AboveMaxIsRejectedWithItsPath() {
        String json = """
                {"ociVersion": "1.0.0", "process": {"cwd": "/", "args": ["sh"],
                  "rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551616, "soft": 0}]}}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isEqualTo("process.rlimits[0].hard");
        assertThat(e).hasMessageStartingWith("config.json: process.rlimits[0].hard: ");
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        String json = "{\n  \"ociVersion\": \"1.0.0\",\n  \"process\": {,\n}\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isNull();
        assertThat(e).hasMessageStartingWith("config.json: invalid JSON: line 3, column 15: ");
    }

    @Test
    void truncatedJsonReportsWhereItEnded() {
        String json = "{\n  \"ociVersion\": \"1.0.0\",\n  \"process\": {\n";
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.json: invalid JSON: line 4, column ");
    }

    @Test
    void wrongTypeReportsTheJsonPath() {
        String json = """
                {"ociVersion": "1.0.0", "process": {"cwd": "/", "args": ["sh"], "user": {"uid": "root", "gid": 0}}}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isEqualTo("process.user.uid");
        assertThat(e).hasMessageStartingWith("config.json: process.user.uid: ");
    }

    @Test
    void wrongTypeInsideAListReportsTheIndex() {
        String json = """
                {"ociVersion": "1.0.0", "linux": {"namespaces": [{"type": "pid"}, {"type": ["uts"]}]}}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isEqualTo("linux.namespaces[1].type");
        assertThat(e).hasMessageStartingWith("config.json: linux.namespaces[1].type: ");
    }

    @Test
    void objectWhereAListBelongsReportsThePath() {
        String json = """
                {"ociVersion": "1.0.0", "mounts": {"destination": "/proc"}}
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
        assertThat(e.jsonPath()).isEqualTo("mounts");
    }

    @Test
    void emptyDocumentIsAnError() {
        assertThatThrownBy(() -> parse("null")).isInstanceOf(ConfigException.class)
                .hasMessage("config.json: empty document");
    }

    @Test
    void missingConfigFileSaysSoAsRuncDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> SpecIO.readConfig(dir.resolve("config.json"))).isInstanceOf(ConfigException.class)
                .hasMessage("JSON specification file config.json not found");
    }
}
