package io.jrunc.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per rule, each asserting the exact message. Every case starts from the config
 * {@code runc spec} writes (valid), applies edits to its JSON, and validates against a
 * bundle whose rootfs exists.
 */
class ValidatorTest {
    @TempDir
    Path bundle;

    @BeforeEach
    void makeRootfs() throws IOException {
        Files.createDirectory(bundle.resolve("rootfs"));
    }

    // ---- harness ----

    static String resource(String name) {
        try (InputStream in = ValidatorTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(String resource) {
        try {
            return (ObjectNode) SpecIO.mapper().readTree(resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return SpecIO.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the value at a path like {@code linux.namespaces[3].type} (creating objects, appending at [size]). */
    @SafeVarargs
    static Consumer<ObjectNode> set(String path, String jsonValue, Consumer<ObjectNode>... more) {
        Consumer<ObjectNode> edit = root -> {
            String[] parts = path.split("\\.");
            JsonNode cur = root;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                String part = parts[i];
                String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
                Integer index = part.contains("[") ? Integer.valueOf(part.substring(part.indexOf('[') + 1, part.length() - 1)) : null;
                ObjectNode obj = (ObjectNode) cur;
                if (index == null) {
                    if (last) {
                        obj.set(name, json(jsonValue));
                        return;
                    }
                    cur = obj.has(name) ? obj.get(name) : obj.putObject(name);
                } else {
                    ArrayNode arr = obj.has(name) ? (ArrayNode) obj.get(name) : obj.putArray(name);
                    if (last) {
                        if (index == arr.size()) {
                            arr.add(json(jsonValue));
                        } else {
                            arr.set(index, json(jsonValue));
                        }
                        return;
                    }
                    if (index == arr.size()) {
                        arr.addObject();
                    }
                    cur = arr.get(index);
                }
            }
        };
        for (Consumer<ObjectNode> m : more) {
            edit = edit.andThen(m);
        }
        return edit;
    }

    /** Removes the field at a dotted path (no indices in the last part). */
    static Consumer<ObjectNode> remove(String path) {
        return root -> {
            int dot = path.lastIndexOf('.');
            JsonNode parent = dot < 0 ? root : root.at("/" + path.substring(0, dot).replace('.', '/')
                    .replaceAll("\\[(\\d+)]", "/$1"));
            ((ObjectNode) parent).remove(path.substring(dot + 1));
        };
    }

    /** Removes the namespace of the given type from linux.namespaces. */
    static Consumer<ObjectNode> withoutNamespace(String type) {
        return root -> {
            ArrayNode ns = (ArrayNode) root.at("/linux/namespaces");
            for (int i = ns.size() - 1; i >= 0; i--) {
                if (ns.get(i).get("type").asText().equals(type)) {
                    ns.remove(i);
                }
            }
        };
    }

    static Spec spec(ObjectNode tree) throws ConfigException {
        return SpecIO.parse("config.json", new ByteArrayInputStream(tree.toString().getBytes(StandardCharsets.UTF_8)),
                Spec.class);
    }

    Spec edited(String base, Consumer<ObjectNode> edit) throws ConfigException {
        ObjectNode t = tree(base);
        edit.accept(t);
        return spec(t);
    }

    void assertError(String expected, Consumer<ObjectNode> edit) throws ConfigException {
        assertError("runc-spec.json", false, expected, edit);
    }

    void assertError(String base, boolean systemd, String expected, Consumer<ObjectNode> edit) throws ConfigException {
        Spec s = edited(base, edit);
        assertThatThrownBy(() -> Validator.validate(s, bundle, systemd))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    void assertValid(Consumer<ObjectNode> edit) throws ConfigException {
        assertValid("runc-spec.json", false, edit);
    }

    void assertValid(String base, boolean systemd, Consumer<ObjectNode> edit) throws ConfigException {
        Spec s = edited(base, edit);
        assertThatCode(() -> Validator.validate(s, bundle, systemd)).doesNotThrowAnyException();
    }

    static final Consumer<ObjectNode> NOTHING = t -> { };

    // ---- valid configs ----

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "maximal.json"})
    void referenceConfigsAreValid(String name) throws Exception {
        assertValid(name, false, NOTHING);
    }

    @Test
    void minimalConfigIsValid() throws Exception {
        ObjectNode t = (ObjectNode) json("""
                {"ociVersion": "1.3.0", "root": {"path": "rootfs"}, "process": {"args": ["/bin/true"], "cwd": "/"}}
                """);
        assertThatCode(() -> Validator.validate(spec(t), bundle)).doesNotThrowAnyException();
    }

    @Test
    void aConfigWithErrorsReportsOnlyTheFirst() throws Exception {
        assertError("config.json: ociVersion: \"2.0.0\" is not a supported version (want 1.x)",
                set("ociVersion", "\"2.0.0\"", set("process.cwd", "\"relative\"")));
    }

    @Test
    void nullSpecIsAnEmptyDocument() {
        assertThatThrownBy(() -> Validator.validate(null, bundle)).hasMessage("config.json: empty document");
    }

    // ---- ociVersion and root ----

    @Nested
    class VersionAndRoot {
        @ParameterizedTest
        @ValueSource(strings = {"2.0.0", "0.5.0", "1.0", "1", "1.x.0", "1.0.0-", "01.0.0", "1.01.0", "v1.0.0", ""})
        void unsupportedVersions(String v) throws Exception {
            assertError("config.json: ociVersion: \"" + v + "\" is not a supported version (want 1.x)",
                    set("ociVersion", "\"" + v + "\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.0.0", "1.0.2-dev", "1.2.1", "1.3.0", "1.10.0+dev", "1.0.0-rc5+build.1"})
        void supportedVersions(String v) throws Exception {
            assertValid(set("ociVersion", "\"" + v + "\""));
        }

        @Test
        void missingVersion() throws Exception {
            assertError("config.json: ociVersion: must be set", remove("ociVersion"));
        }

        @Test
        void missingRoot() throws Exception {
            assertError("config.json: root: must be set", remove("root"));
        }

        @Test
        void missingRootPath() throws Exception {
            assertError("config.json: root.path: must be set", remove("root.path"));
        }

        @Test
        void rootPathMustExist() throws Exception {
            assertError("config.json: root.path: \"/x/rootfs\" does not exist", set("root.path", "\"/x/rootfs\""));
        }

        @Test
        void relativeRootPathIsResolvedAgainstTheBundle() throws Exception {
            assertError("config.json: root.path: \"other\" does not exist", set("root.path", "\"other\""));
            Files.createDirectory(bundle.resolve("other"));
            assertValid(set("root.path", "\"other\""));
        }

        @Test
        void absoluteRootPathIsUsedAsIs() throws Exception {
            assertValid(set("root.path", "\"" + bundle.resolve("rootfs") + "\""));
        }

        @Test
        void rootPathMustBeADirectory() throws Exception {
            Files.writeString(bundle.resolve("file"), "x");
            assertError("config.json: root.path: \"file\" is not a directory", set("root.path", "\"file\""));
        }
    }

    // ---- process ----

    @Nested
    class ProcessRules {
        @Test
        void processIsRequiredForCreate() throws Exception {
            assertError("config.json: process: must be set", remove("process"));
        }

        @Test
        void argsMustNotBeEmpty() throws Exception {
            assertError("config.json: process.args: args must not be empty", set("process.args", "[]"));
            assertError("config.json: process.args: args must not be empty", remove("process.args"));
        }

        @Test
        void firstArgMustNotBeEmpty() throws Exception {
            assertError("config.json: process.args[0]: \"\" is not an executable", set("process.args", "[\"\"]"));
        }

        @Test
        void argsMustNotContainNul() throws Exception {
            assertError("config.json: process.args[1]: \"a\\x00b\" contains a NUL byte",
                    set("process.args", "[\"sh\", \"a\\u0000b\"]"));
        }

        @Test
        void cwdMustBeAbsolute() throws Exception {
            assertError("config.json: process.cwd: \"relative/dir\" must be an absolute path",
                    set("process.cwd", "\"relative/dir\""));
        }

        @Test
        void cwdMustBeSet() throws Exception {
            assertError("config.json: process.cwd: must be set", remove("process.cwd"));
        }

        @Test
        void envEntriesNeedAnEqualsSign() throws Exception {
            assertError("config.json: process.env[1]: \"TERM\" must be of the form KEY=value",
                    set("process.env[1]", "\"TERM\""));
            assertError("config.json: process.env[0]: \"=value\" must be of the form KEY=value",
                    set("process.env[0]", "\"=value\""));
            assertValid(set("process.env[1]", "\"EMPTY=\""));
        }

        @Test
        void userIdsAreUint32() throws Exception {
            assertError("config.json: process.user.uid: 4294967296 is out of range (0..4294967295)",
                    set("process.user.uid", "4294967296"));
            assertError("config.json: process.user.gid: -1 is out of range (0..4294967295)",
                    set("process.user.gid", "-1"));
            assertError("config.json: process.user.additionalGids[1]: 4294967296 is out of range (0..4294967295)",
                    set("process.user.additionalGids", "[5, 4294967296]"));
            assertError("config.json: process.user.umask: -2 is out of range (0..4294967295)",
                    set("process.user.umask", "-2"));
            assertValid(set("process.user.uid", "4294967295"));
        }

        @Test
        void consoleSizeWithoutTerminalIsIgnoredAsTheSpecSays() throws Exception {
            assertValid(set("process.terminal", "false", set("process.consoleSize", "{\"height\": 24, \"width\": 80}")));
        }

        @Test
        void consoleSizeIsUnsigned() throws Exception {
            assertError("config.json: process.consoleSize.width: -80 is out of range (0..4294967295)",
                    set("process.consoleSize", "{\"height\": 24, \"width\": -80}"));
        }

        @Test
        void rlimitTypesMustBeKnown() throws Exception {
            assertError("config.json: process.rlimits[0].type: \"RLIMIT_FOO\" is not a known rlimit",
                    set("process.rlimits[0].type", "\"RLIMIT_FOO\""));
            assertError("config.json: process.rlimits[0].type: \"nofile\" is not a known rlimit",
                    set("process.rlimits[0].type", "\"nofile\""));
        }

        @Test
        void rlimitTypeMustBeSet() throws Exception {
            assertError("config.json: process.rlimits[0].type: must be set", remove("process.rlimits[0].type"));
        }

        @Test
        void rlimitsMustNotRepeat() throws Exception {
            assertError("config.json: process.rlimits[2]: duplicate rlimit \"RLIMIT_NOFILE\"",
                    set("process.rlimits[1]", "{\"type\": \"RLIMIT_CORE\", \"hard\": 0, \"soft\": 0}",
                            set("process.rlimits[2]", "{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1, \"soft\": 1}")));
        }

        @Test
        void softMustNotExceedHard() throws Exception {
            assertError("config.json: process.rlimits[0]: soft limit 2048 exceeds hard limit 1024",
                    set("process.rlimits[0].soft", "2048"));
        }

        @Test
        void softAndHardCompareAsUnsigned() throws Exception {
            assertValid(set("process.rlimits[0].hard", "18446744073709551615"));
            assertError("config.json: process.rlimits[0]: soft limit 18446744073709551615 exceeds hard limit 1024",
                    set("process.rlimits[0].soft", "18446744073709551615"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"bounding", "effective", "inheritable", "permitted", "ambient"})
        void capabilityNamesMustBeKnownInEverySet(String set) throws Exception {
            assertError("config.json: process.capabilities." + set + "[1]: \"CAP_FOO\" is not a known capability",
                    set("process.capabilities." + set, "[\"CAP_KILL\", \"CAP_FOO\"]"));
        }

        @Test
        void capabilityNamesAreCaseSensitiveAndPrefixed() throws Exception {
            assertError("config.json: process.capabilities.bounding[0]: \"kill\" is not a known capability",
                    set("process.capabilities.bounding[0]", "\"kill\""));
        }

        @Test
        void allKnownCapabilitiesAreAccepted() throws Exception {
            StringBuilder all = new StringBuilder("[");
            for (String c : Validator.knownCapabilities()) {
                all.append(all.length() > 1 ? "," : "").append('"').append(c).append('"');
            }
            assertValid(set("process.capabilities.bounding", all.append(']').toString()));
        }

        @Test
        void oomScoreAdjRange() throws Exception {
            assertError("config.json: process.oomScoreAdj: 1001 is out of range (-1000..1000)",
                    set("process.oomScoreAdj", "1001"));
            assertError("config.json: process.oomScoreAdj: -1001 is out of range (-1000..1000)",
                    set("process.oomScoreAdj", "-1001"));
            assertValid(set("process.oomScoreAdj", "-1000"));
            assertValid(set("process.oomScoreAdj", "1000"));
        }

        @Test
        void apparmorAndSelinuxAreFreeStrings() throws Exception {
            assertValid(set("process.apparmorProfile", "\"any thing/at all\"",
                    set("process.selinuxLabel", "\"whatever:you:like\"")));
        }

        @Test
        void schedulerPolicyMustBeKnown() throws Exception {
            assertError("config.json: process.scheduler.policy: \"SCHED_FOO\" is not a known scheduler policy",
                    set("process.scheduler", "{\"policy\": \"SCHED_FOO\"}"));
            assertError("config.json: process.scheduler.policy: must be set",
                    set("process.scheduler", "{\"nice\": 1}"));
        }

        @Test
        void schedulerNiceRange() throws Exception {
            assertError("config.json: process.scheduler.nice: 20 is out of range (-20..19)",
                    set("process.scheduler", "{\"policy\": \"SCHED_OTHER\", \"nice\": 20}"));
        }

        @Test
        void schedulerPriorityOnlyForRealtimePolicies() throws Exception {
            assertError("config.json: process.scheduler.priority: only valid with SCHED_FIFO or SCHED_RR, not \"SCHED_OTHER\"",
                    set("process.scheduler", "{\"policy\": \"SCHED_OTHER\", \"priority\": 5}"));
            assertValid(set("process.scheduler", "{\"policy\": \"SCHED_RR\", \"priority\": 5}"));
        }

        @Test
        void schedulerDeadlineFieldsOnlyForDeadline() throws Exception {
            assertError("config.json: process.scheduler.runtime: only valid with SCHED_DEADLINE, not \"SCHED_FIFO\"",
                    set("process.scheduler", "{\"policy\": \"SCHED_FIFO\", \"runtime\": 100}"));
            assertError("config.json: process.scheduler.period: only valid with SCHED_DEADLINE, not \"SCHED_BATCH\"",
                    set("process.scheduler", "{\"policy\": \"SCHED_BATCH\", \"period\": 100}"));
        }

        @Test
        void schedulerFlagsMustBeKnown() throws Exception {
            assertError("config.json: process.scheduler.flags[0]: \"SCHED_FLAG_FOO\" is not a known scheduler flag",
                    set("process.scheduler", "{\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_FOO\"]}"));
        }

        @Test
        void ioPriorityClassMustBeKnown() throws Exception {
            assertError("config.json: process.ioPriority.class: \"IOPRIO_CLASS_FOO\" is not a known I/O priority class",
                    set("process.ioPriority", "{\"class\": \"IOPRIO_CLASS_FOO\", \"priority\": 0}"));
            assertError("config.json: process.ioPriority.class: must be set",
                    set("process.ioPriority", "{\"priority\": 0}"));
        }

        @Test
        void ioPriorityLevelRange() throws Exception {
            assertError("config.json: process.ioPriority.priority: 8 is out of range (0..7)",
                    set("process.ioPriority", "{\"class\": \"IOPRIO_CLASS_BE\", \"priority\": 8}"));
        }

        @Test
        void execCpuAffinityMustBeCpuLists() throws Exception {
            assertError("config.json: process.execCPUAffinity.final: \"0-\" is not a CPU list like 0-3,7",
                    set("process.execCPUAffinity", "{\"initial\": \"0,2-3\", \"final\": \"0-\"}"));
            assertError("config.json: process.execCPUAffinity.initial: \"3-1\" is not a CPU list like 0-3,7",
                    set("process.execCPUAffinity", "{\"initial\": \"3-1\"}"));
        }

        @Test
        void processJsonForExecUsesDocumentRelativePaths() throws Exception {
            Process p = SpecIO.parse("process.json", new ByteArrayInputStream(
                    "{\"args\": [\"sh\"], \"cwd\": \"tmp\"}".getBytes(StandardCharsets.UTF_8)), Process.class);
            assertThatThrownBy(() -> Validator.validateProcess(p, "process.json"))
                    .hasMessage("process.json: cwd: \"tmp\" must be an absolute path");
        }
    }

    // ---- hostname, namespaces, mappings ----

    @Nested
    class NamespaceRules {
        @Test
        void hostnameRequiresUtsNamespace() throws Exception {
            assertError("config.json: hostname: \"runc\" requires a new uts namespace", withoutNamespace("uts"));
        }

        @Test
        void domainnameRequiresUtsNamespace() throws Exception {
            assertError("config.json: domainname: \"example.org\" requires a new uts namespace",
                    remove("hostname").andThen(withoutNamespace("uts")).andThen(set("domainname", "\"example.org\"")));
        }

        @Test
        void namespaceTypesMustBeKnown() throws Exception {
            assertError("config.json: linux.namespaces[3].type: \"foo\" is not a namespace type",
                    set("linux.namespaces[3].type", "\"foo\""));
            assertError("config.json: linux.namespaces[0].type: \"net\" is not a namespace type",
                    set("linux.namespaces[0].type", "\"net\""));
        }

        @Test
        void namespaceTypeMustBeSet() throws Exception {
            assertError("config.json: linux.namespaces[5].type: must be set", set("linux.namespaces[5]", "{}"));
        }

        @Test
        void namespacesMustNotRepeat() throws Exception {
            assertError("config.json: linux.namespaces[2]: duplicate namespace \"pid\"",
                    set("linux.namespaces[2].type", "\"pid\""));
        }

        @Test
        void namespacePathMustBeAbsolute() throws Exception {
            assertError("config.json: linux.namespaces[1].path: \"run/netns/x\" must be an absolute path",
                    set("linux.namespaces[1].path", "\"run/netns/x\""));
            assertValid(set("linux.namespaces[1].path", "\"/run/netns/x\""));
        }

        @Test
        void timeOffsetsNeedANewTimeNamespace() throws Exception {
            String offsets = "{\"monotonic\": {\"secs\": 10, \"nanosecs\": 0}}";
            assertError("config.json: linux.timeOffsets: requires a new time namespace",
                    set("linux.timeOffsets", offsets));
            assertError("config.json: linux.timeOffsets: requires a new time namespace",
                    set("linux.timeOffsets", offsets, set("linux.namespaces[5]", "{\"type\": \"time\", \"path\": \"/proc/1/ns/time\"}")));
            assertValid(set("linux.timeOffsets", offsets, set("linux.namespaces[5]", "{\"type\": \"time\"}")));
        }

        @Test
        void timeOffsetClocks() throws Exception {
            assertError("config.json: linux.timeOffsets: \"realtime\" is not a clock with an offset (want monotonic or boottime)",
                    set("linux.timeOffsets", "{\"realtime\": {\"secs\": 10, \"nanosecs\": 0}}",
                            set("linux.namespaces[5]", "{\"type\": \"time\"}")));
            assertError("config.json: linux.timeOffsets.boottime.nanosecs: 1000000000 is out of range (0..999999999)",
                    set("linux.timeOffsets", "{\"boottime\": {\"secs\": 10, \"nanosecs\": 1000000000}}",
                            set("linux.namespaces[5]", "{\"type\": \"time\"}")));
        }

        @Test
        void mappingsNeedAUserNamespace() throws Exception {
            assertError("config.json: linux.uidMappings: requires a user namespace",
                    set("linux.uidMappings", "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]"));
            assertError("config.json: linux.gidMappings: requires a user namespace",
                    set("linux.gidMappings", "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]"));
        }

        @Test
        void aNewUserNamespaceNeedsMappings() throws Exception {
            assertError("runc-spec-rootless.json", false, "config.json: linux.uidMappings: a new user namespace needs uid mappings",
                    remove("linux.uidMappings"));
            assertError("runc-spec-rootless.json", false, "config.json: linux.gidMappings: a new user namespace needs gid mappings",
                    set("linux.gidMappings", "[]"));
        }

        @Test
        void aJoinedUserNamespaceNeedsNoMappings() throws Exception {
            assertValid("runc-spec-rootless.json", false, remove("linux.uidMappings")
                    .andThen(remove("linux.gidMappings")).andThen(set("linux.namespaces[4].path", "\"/proc/1/ns/user\"")));
        }

        @Test
        void mappingSizeMustBePositive() throws Exception {
            assertError("runc-spec-rootless.json", false, "config.json: linux.uidMappings[0].size: 0 must be greater than 0",
                    set("linux.uidMappings[0].size", "0"));
        }

        @Test
        void mappingFieldsAreUint32() throws Exception {
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.gidMappings[0].hostID: 4294967296 is out of range (0..4294967295)",
                    set("linux.gidMappings[0].hostID", "4294967296"));
        }

        @Test
        void mappingsMustNotOverflowTheIdSpace() throws Exception {
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.uidMappings[0]: containerID 4294967295 + size 2 overflows the 32-bit id range",
                    set("linux.uidMappings[0]", "{\"containerID\": 4294967295, \"hostID\": 0, \"size\": 2}"));
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.uidMappings[0]: hostID 4294967000 + size 1000 overflows the 32-bit id range",
                    set("linux.uidMappings[0]", "{\"containerID\": 0, \"hostID\": 4294967000, \"size\": 1000}"));
            assertValid("runc-spec-rootless.json", false,
                    set("linux.uidMappings[0]", "{\"containerID\": 0, \"hostID\": 0, \"size\": 4294967295}"));
        }

        @Test
        void containerRangesMustNotOverlap() throws Exception {
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.uidMappings[1]: container ids 0-9 overlap those of linux.uidMappings[0]",
                    set("linux.uidMappings[1]", "{\"containerID\": 0, \"hostID\": 100000, \"size\": 10}"));
        }

        @Test
        void hostRangesMustNotOverlap() throws Exception {
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.gidMappings[1]: host ids 0-9 overlap those of linux.gidMappings[0]",
                    set("linux.gidMappings[1]", "{\"containerID\": 1, \"hostID\": 0, \"size\": 10}"));
            assertValid("runc-spec-rootless.json", false,
                    set("linux.gidMappings[1]", "{\"containerID\": 1, \"hostID\": 100000, \"size\": 65536}"));
        }

        @Test
        void atMost340Mappings() throws Exception {
            StringBuilder many = new StringBuilder("[");
            for (int i = 0; i < 341; i++) {
                many.append(i == 0 ? "" : ",").append("{\"containerID\": ").append(i).append(", \"hostID\": ")
                        .append(1000 + i).append(", \"size\": 1}");
            }
            many.append(']');
            assertError("runc-spec-rootless.json", false,
                    "config.json: linux.uidMappings: 341 entries exceed the kernel limit of 340",
                    set("linux.uidMappings", many.toString()));
            String ok = many.substring(0, many.lastIndexOf(",{")) + "]";
            assertValid("runc-spec-rootless.json", false, set("linux.uidMappings", ok));
        }
    }

    // ---- mounts and hooks ----

    @Nested
    class MountAndHookRules {
        @Test
        void mountDestinationMustBeAbsolute() throws Exception {
            assertError("config.json: mounts[4].destination: \"tmp\" must be an absolute path",
                    set("mounts[4].destination", "\"tmp\""));
        }

        @Test
        void mountDestinationMustBeSet() throws Exception {
            assertError("config.json: mounts[0].destination: must be set", remove("mounts[0].destination"));
        }

        @Test
        void unknownMountOptionsArePassedOnNotRejected() throws Exception {
            assertValid(set("mounts[1].options[4]", "\"x-made-up=42\"", set("mounts[7]",
                    "{\"destination\": \"/data\", \"source\": \"/srv\", \"options\": [\"rbind\", \"frobnicate\"]}")));
        }

        @Test
        void idmapOptionNeedsMappings() throws Exception {
            assertError("config.json: mounts[7].options: \"idmap\" needs uidMappings and gidMappings on the mount or for the user namespace",
                    set("mounts[7]", "{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/srv\", \"options\": [\"rbind\", \"idmap\"]}"));
        }

        @Test
        void idmapOptionCanUseTheUserNamespaceMappings() throws Exception {
            assertValid("runc-spec-rootless.json", false, set("mounts[7]",
                    "{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/srv\", \"options\": [\"ridmap\"]}"));
        }

        @Test
        void mountMappingsComeInPairs() throws Exception {
            assertError("config.json: mounts[7]: uidMappings and gidMappings must be given together",
                    set("mounts[7]", "{\"destination\": \"/data\", \"source\": \"/srv\", \"options\": [\"bind\"],"
                            + " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}"));
        }

        @Test
        void idMappedMountsAreBindMounts() throws Exception {
            assertError("config.json: mounts[7]: an id-mapped mount must be a bind mount",
                    set("mounts[7]", "{\"destination\": \"/data\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"idmap\"],"
                            + " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],"
                            + " \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}"));
        }

        @Test
        void mountMappingsAreCheckedLikeNamespaceMappings() throws Exception {
            assertError("config.json: mounts[7].gidMappings[0].size: 0 must be greater than 0",
                    set("mounts[7]", "{\"destination\": \"/data\", \"source\": \"/srv\", \"options\": [\"rbind\"],"
                            + " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],"
                            + " \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 0}]}"));
        }

        @Test
        void nullListElementsAreReported() throws Exception {
            assertError("config.json: mounts[2]: must not be null", set("mounts[2]", "null"));
            assertError("config.json: mounts[1].options[0]: must not be null", set("mounts[1].options[0]", "null"));
        }

        @Test
        void hookPathMustBeAbsolute() throws Exception {
            assertError("config.json: hooks.prestart[0].path: \"x\" must be an absolute path",
                    set("hooks.prestart[0]", "{\"path\": \"x\"}"));
            assertError("config.json: hooks.poststop[1].path: \"bin/cleanup\" must be an absolute path",
                    set("hooks.poststop", "[{\"path\": \"/bin/true\"}, {\"path\": \"bin/cleanup\"}]"));
            assertError("config.json: hooks.createRuntime[0].path: must be set",
                    set("hooks.createRuntime[0]", "{\"args\": [\"x\"]}"));
        }

        @Test
        void hookTimeoutMustBePositive() throws Exception {
            assertError("config.json: hooks.startContainer[0].timeout: 0 must be greater than 0",
                    set("hooks.startContainer[0]", "{\"path\": \"/bin/true\", \"timeout\": 0}"));
            assertError("config.json: hooks.poststart[0].timeout: -5 must be greater than 0",
                    set("hooks.poststart[0]", "{\"path\": \"/bin/true\", \"timeout\": -5}"));
        }

        @Test
        void hookEnvNeedsEqualsSigns() throws Exception {
            assertError("config.json: hooks.createContainer[0].env[0]: \"NOPE\" must be of the form KEY=value",
                    set("hooks.createContainer[0]", "{\"path\": \"/bin/true\", \"env\": [\"NOPE\"]}"));
        }
    }

    // ---- linux ----

    @Nested
    class LinuxRules {
        @Test
        void deviceTypes() throws Exception {
            assertError("config.json: linux.devices[0].type: \"x\" is not a device type (want c, b, u or p)",
                    set("linux.devices[0]", "{\"path\": \"/dev/x\", \"type\": \"x\", \"major\": 1, \"minor\": 3}"));
            assertError("config.json: linux.devices[0].type: must be set",
                    set("linux.devices[0]", "{\"path\": \"/dev/x\", \"major\": 1, \"minor\": 3}"));
        }

        @Test
        void devicePathsAreAbsoluteUnderDev() throws Exception {
            assertError("config.json: linux.devices[0].path: \"dev/null\" must be an absolute path",
                    set("linux.devices[0]", "{\"path\": \"dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}"));
            assertError("config.json: linux.devices[0].path: \"/tmp/null\" must be under /dev",
                    set("linux.devices[0]", "{\"path\": \"/tmp/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}"));
            assertError("config.json: linux.devices[0].path: \"/dev/../etc/shadow\" must be under /dev",
                    set("linux.devices[0]", "{\"path\": \"/dev/../etc/shadow\", \"type\": \"c\", \"major\": 1, \"minor\": 3}"));
            assertError("config.json: linux.devices[0].path: \"/devices/x\" must be under /dev",
                    set("linux.devices[0]", "{\"path\": \"/devices/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3}"));
            assertValid(set("linux.devices[0]", "{\"path\": \"/dev/net/tun\", \"type\": \"c\", \"major\": 10, \"minor\": 200}"));
        }

        @Test
        void fifosHaveNoDeviceNumbers() throws Exception {
            assertError("config.json: linux.devices[0]: a fifo (type p) must have major and minor 0, not 1:3",
                    set("linux.devices[0]", "{\"path\": \"/dev/fifo\", \"type\": \"p\", \"major\": 1, \"minor\": 3}"));
            assertValid(set("linux.devices[0]", "{\"path\": \"/dev/fifo\", \"type\": \"p\"}"));
        }

        @Test
        void deviceOwnersAndModes() throws Exception {
            assertError("config.json: linux.devices[0].uid: 4294967296 is out of range (0..4294967295)",
                    set("linux.devices[0]", "{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"uid\": 4294967296}"));
            assertError("config.json: linux.devices[0].fileMode: 4096 is out of range (0..4095)",
                    set("linux.devices[0]", "{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"fileMode\": 4096}"));
        }

        @Test
        void netSysctlsNeedANetworkNamespace() throws Exception {
            assertError("config.json: linux.sysctl: \"net.ipv4.ip_forward\" requires a new network namespace",
                    set("linux.sysctl", "{\"net.ipv4.ip_forward\": \"1\"}", withoutNamespace("network")));
            assertError("config.json: linux.sysctl: \"net/ipv4/ip_forward\" requires a new network namespace",
                    set("linux.sysctl", "{\"net/ipv4/ip_forward\": \"1\"}", withoutNamespace("network")));
            assertValid(set("linux.sysctl", "{\"net.ipv4.ip_forward\": \"1\", \"net/ipv4/conf/eno2.100/rp_filter\": \"1\"}"));
        }

        @Test
        void netSysctlsAreRefusedWhenJoiningTheHostNetworkNamespace() throws Exception {
            assertError("config.json: linux.sysctl: \"net.core.somaxconn\" is not allowed in the host's network namespace",
                    set("linux.sysctl", "{\"net.core.somaxconn\": \"256\"}",
                            set("linux.namespaces[1].path", "\"/proc/self/ns/net\"")));
        }

        @Test
        void ipcSysctlsNeedAnIpcNamespace() throws Exception {
            assertError("config.json: linux.sysctl: \"kernel.shmmax\" requires a new ipc namespace",
                    set("linux.sysctl", "{\"kernel.shmmax\": \"1\"}", withoutNamespace("ipc")));
            assertError("config.json: linux.sysctl: \"fs.mqueue.msg_max\" requires a new ipc namespace",
                    set("linux.sysctl", "{\"fs.mqueue.msg_max\": \"1\"}", withoutNamespace("ipc")));
            assertValid(set("linux.sysctl", "{\"kernel.msgmax\": \"1\", \"kernel.sem\": \"1 2 3 4\", \"fs.mqueue.queues_max\": \"1\"}"));
        }

        @Test
        void utsSysctls() throws Exception {
            assertValid(set("linux.sysctl", "{\"kernel.domainname\": \"example.org\"}"));
            assertError("config.json: linux.sysctl: \"kernel.domainname\" requires a new uts namespace",
                    set("linux.sysctl", "{\"kernel.domainname\": \"x\"}", remove("hostname")).andThen(withoutNamespace("uts")));
            assertError("config.json: linux.sysctl: \"kernel.hostname\" is not allowed: it conflicts with the \"hostname\" field",
                    set("linux.sysctl", "{\"kernel.hostname\": \"x\"}"));
        }

        @Test
        void otherSysctlsAreNotNamespaced() throws Exception {
            assertError("config.json: linux.sysctl: \"vm.swappiness\" is not in a separate kernel namespace",
                    set("linux.sysctl", "{\"vm.swappiness\": \"10\"}"));
            assertError("config.json: linux.sysctl: \"kernel.msgfoo\" is not in a separate kernel namespace",
                    set("linux.sysctl", "{\"kernel.msgfoo\": \"10\"}"));
        }

        @Test
        void maskedAndReadonlyPathsAreAbsolute() throws Exception {
            assertError("config.json: linux.maskedPaths[2]: \"proc/kcore\" must be an absolute path",
                    set("linux.maskedPaths[2]", "\"proc/kcore\""));
            assertError("config.json: linux.readonlyPaths[0]: \"\" must be an absolute path",
                    set("linux.readonlyPaths[0]", "\"\""));
        }

        @Test
        void maskedPathsNeedAMountNamespace() throws Exception {
            assertError("config.json: linux.maskedPaths: requires a new mount namespace", withoutNamespace("mount"));
        }

        @Test
        void rootfsPropagation() throws Exception {
            assertError("config.json: linux.rootfsPropagation: \"rshare\" is not a propagation mode (want shared, slave,"
                            + " private, unbindable, rshared, rslave, rprivate or runbindable)",
                    set("linux.rootfsPropagation", "\"rshare\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"})
        void rootfsPropagationModes(String mode) throws Exception {
            assertValid(set("linux.rootfsPropagation", "\"" + mode + "\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/jrunc/abc", "jrunc/abc", "abc", "/machine.slice/x:y"})
        void cgroupfsPaths(String path) throws Exception {
            assertValid(set("linux.cgroupsPath", "\"" + path + "\""));
        }

        @Test
        void cgroupfsPathsStayInsideTheHierarchy() throws Exception {
            assertError("config.json: linux.cgroupsPath: \"/jrunc/../../etc\" must not contain \"..\"",
                    set("linux.cgroupsPath", "\"/jrunc/../../etc\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"system.slice:jrunc:abc", ":jrunc:abc", "user-1000.slice:podman:abc", "machine.slice::x.slice"})
        void systemdPaths(String path) throws Exception {
            assertValid("runc-spec.json", true, set("linux.cgroupsPath", "\"" + path + "\""));
        }

        @Test
        void systemdPathsNeedThreeParts() throws Exception {
            assertError("runc-spec.json", true,
                    "config.json: linux.cgroupsPath: \"/jrunc/abc\" is not of the form slice:prefix:name (systemd cgroup driver)",
                    set("linux.cgroupsPath", "\"/jrunc/abc\""));
            assertError("runc-spec.json", true,
                    "config.json: linux.cgroupsPath: \"a.slice:b:c:d\" is not of the form slice:prefix:name (systemd cgroup driver)",
                    set("linux.cgroupsPath", "\"a.slice:b:c:d\""));
        }

        @Test
        void systemdSliceAndName() throws Exception {
            assertError("runc-spec.json", true,
                    "config.json: linux.cgroupsPath: \"system:jrunc:abc\": \"system\" is not a systemd slice name",
                    set("linux.cgroupsPath", "\"system:jrunc:abc\""));
            assertError("runc-spec.json", true,
                    "config.json: linux.cgroupsPath: \"system.slice:jrunc:\": \"\" is not a unit name",
                    set("linux.cgroupsPath", "\"system.slice:jrunc:\""));
        }

        @Test
        void netDevicesNeedANetworkNamespace() throws Exception {
            assertError("config.json: linux.netDevices: requires a network namespace",
                    set("linux.netDevices", "{\"eth1\": {}}", withoutNamespace("network")));
        }

        @Test
        void netDeviceNames() throws Exception {
            assertError("config.json: linux.netDevices: \"a/b\" is not a valid interface name",
                    set("linux.netDevices", "{\"a/b\": {}}"));
            assertError("config.json: linux.netDevices.eth1.name: \"averyveryverylongname\" is not a valid interface name",
                    set("linux.netDevices", "{\"eth1\": {\"name\": \"averyveryverylongname\"}}"));
        }

        @Test
        void netDeviceNamesMustNotCollideInTheContainer() throws Exception {
            assertError("config.json: linux.netDevices.eth1: both \"eth0\" and \"eth1\" would be named \"eth0\" in the"
                    + " container", set("linux.netDevices", "{\"eth1\": {\"name\": \"eth0\"}, \"eth0\": {}}"));
            assertError("config.json: linux.netDevices.b0: both \"a0\" and \"b0\" would be named \"x\" in the container",
                    set("linux.netDevices", "{\"a0\": {\"name\": \"x\"}, \"b0\": {\"name\": \"x\"}}"));
        }

        @Test
        void intelRdtClosId() throws Exception {
            assertError("config.json: linux.intelRdt.closID: \"../x\" is not a valid CLOS name",
                    set("linux.intelRdt", "{\"closID\": \"../x\"}"));
        }

        @Test
        void personalityDomain() throws Exception {
            assertError("config.json: linux.personality.domain: \"LINUX64\" is not a personality domain (want LINUX or LINUX32)",
                    set("linux.personality", "{\"domain\": \"LINUX64\"}"));
        }

        @Test
        void memoryPolicy() throws Exception {
            assertError("config.json: linux.memoryPolicy.mode: \"MPOL_FOO\" is not a known memory policy mode",
                    set("linux.memoryPolicy", "{\"mode\": \"MPOL_FOO\"}"));
            assertError("config.json: linux.memoryPolicy.flags[0]: \"MPOL_F_FOO\" is not a known memory policy flag",
                    set("linux.memoryPolicy", "{\"mode\": \"MPOL_BIND\", \"nodes\": \"0\", \"flags\": [\"MPOL_F_FOO\"]}"));
        }
    }

    // ---- seccomp ----

    @Nested
    class SeccompRules {
        static final String BASE = "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";

        Consumer<ObjectNode> seccomp(String path, String value) {
            return set("linux.seccomp", BASE, set("linux.seccomp." + path, value));
        }

        @Test
        void baseIsValid() throws Exception {
            assertValid(set("linux.seccomp", BASE));
        }

        @Test
        void defaultAction() throws Exception {
            assertError("config.json: linux.seccomp.defaultAction: \"SCMP_ACT_FOO\" is not a seccomp action",
                    seccomp("defaultAction", "\"SCMP_ACT_FOO\""));
            assertError("config.json: linux.seccomp.defaultAction: must be set",
                    set("linux.seccomp", "{\"syscalls\": []}"));
            assertError("config.json: linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
                    seccomp("defaultAction", "\"SCMP_ACT_NOTIFY\"").andThen(set("linux.seccomp.listenerPath", "\"/run/a.sock\"")));
        }

        @Test
        void syscallAction() throws Exception {
            assertError("config.json: linux.seccomp.syscalls[1].action: \"SCMP_ACT_DENY\" is not a seccomp action",
                    seccomp("syscalls[1]", "{\"names\": [\"write\"], \"action\": \"SCMP_ACT_DENY\"}"));
        }

        @Test
        void syscallNames() throws Exception {
            assertError("config.json: linux.seccomp.syscalls[1].names: must not be empty",
                    seccomp("syscalls[1]", "{\"names\": [], \"action\": \"SCMP_ACT_ALLOW\"}"));
        }

        @Test
        void argumentOperators() throws Exception {
            assertError("config.json: linux.seccomp.syscalls[0].args[0].op: \"SCMP_CMP_FOO\" is not a seccomp operator",
                    seccomp("syscalls[0].args", "[{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_FOO\"}]"));
            assertError("config.json: linux.seccomp.syscalls[0].args[0].index: 6 is out of range (0..5)",
                    seccomp("syscalls[0].args", "[{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]"));
        }

        @Test
        void architectures() throws Exception {
            assertError("config.json: linux.seccomp.architectures[1]: \"SCMP_ARCH_Z80\" is not a seccomp architecture",
                    seccomp("architectures", "[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_Z80\"]"));
        }

        @Test
        void flags() throws Exception {
            assertError("config.json: linux.seccomp.flags[0]: \"SECCOMP_FILTER_FLAG_FOO\" is not a seccomp filter flag",
                    seccomp("flags", "[\"SECCOMP_FILTER_FLAG_FOO\"]"));
            assertValid(seccomp("flags", "[\"SECCOMP_FILTER_FLAG_TSYNC\", \"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]"));
        }

        @Test
        void listenerPathNeedsANotifyAction() throws Exception {
            assertError("config.json: linux.seccomp.listenerPath: \"/run/agent.sock\" is given but no syscall uses SCMP_ACT_NOTIFY",
                    seccomp("listenerPath", "\"/run/agent.sock\""));
        }

        @Test
        void notifyActionNeedsAListenerPath() throws Exception {
            assertError("config.json: linux.seccomp.syscalls[1].action: SCMP_ACT_NOTIFY requires linux.seccomp.listenerPath",
                    seccomp("syscalls[1]", "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_NOTIFY\"}"));
            assertValid(seccomp("syscalls[1]", "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_NOTIFY\"}")
                    .andThen(set("linux.seccomp.listenerPath", "\"/run/agent.sock\"")));
        }

        @Test
        void errnoRetOnlyWithErrnoOrTrace() throws Exception {
            assertError("config.json: linux.seccomp.syscalls[0].errnoRet: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not \"SCMP_ACT_ALLOW\"",
                    seccomp("syscalls[0].errnoRet", "1"));
            assertError("config.json: linux.seccomp.defaultErrnoRet: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not \"SCMP_ACT_KILL\"",
                    seccomp("defaultErrnoRet", "1").andThen(set("linux.seccomp.defaultAction", "\"SCMP_ACT_KILL\"")));
            assertValid(seccomp("defaultErrnoRet", "38"));
            assertError("config.json: linux.seccomp.defaultErrnoRet: 65536 is out of range (0..65535: seccomp's return data is 16 bits)",
                    seccomp("defaultErrnoRet", "65536"));
        }
    }

    // ---- resources ----

    @Nested
    class ResourceRules {
        @Test
        void swapMustNotBeBelowTheLimit() throws Exception {
            assertError("config.json: linux.resources.memory.swap: 100 is less than memory.limit 200 (swap is the memory+swap total)",
                    set("linux.resources.memory", "{\"limit\": 200, \"swap\": 100}"));
            assertValid(set("linux.resources.memory", "{\"limit\": 200, \"swap\": 200}"));
            assertValid(set("linux.resources.memory", "{\"limit\": 200, \"swap\": -1}"));
            assertValid(set("linux.resources.memory", "{\"limit\": -1, \"swap\": -1}"));
        }

        @Test
        void swapNeedsAMemoryLimit() throws Exception {
            assertError("config.json: linux.resources.memory.swap: 100 needs a memory limit (memory.limit)",
                    set("linux.resources.memory", "{\"swap\": 100}"));
            assertError("config.json: linux.resources.memory.swap: 100 needs a memory limit (memory.limit)",
                    set("linux.resources.memory", "{\"limit\": -1, \"swap\": 100}"));
        }

        @Test
        void memoryValuesBelowMinusOne() throws Exception {
            assertError("config.json: linux.resources.memory.limit: -2 is out of range (-1 means unlimited)",
                    set("linux.resources.memory", "{\"limit\": -2}"));
        }

        @Test
        void swappinessRange() throws Exception {
            assertError("config.json: linux.resources.memory.swappiness: 101 is out of range (0..100)",
                    set("linux.resources.memory", "{\"swappiness\": 101}"));
            assertValid(set("linux.resources.memory", "{\"swappiness\": 18446744073709551615}"));
        }

        @Test
        void zeroSharesPeriodAndWeightMeanNotSetAsInRunc() throws Exception {
            // containerd's CRI sends a full LinuxResources on update, zeros included
            assertValid(set("linux.resources.cpu", "{\"shares\": 0, \"period\": 0, \"quota\": 0}"));
            assertValid(set("linux.resources.blockIO", "{\"weight\": 0}"));
            assertValid(set("linux.resources.cpu", "{\"shares\": 2, \"period\": 100000, \"quota\": -1}"));
        }

        @Test
        void cpusetLists() throws Exception {
            assertError("config.json: linux.resources.cpu.cpus: \"0-3,a\" is not a CPU list like 0-3,7",
                    set("linux.resources.cpu", "{\"cpus\": \"0-3,a\"}"));
            assertError("config.json: linux.resources.cpu.mems: \"0,,1\" is not a CPU list like 0-3,7",
                    set("linux.resources.cpu", "{\"mems\": \"0,,1\"}"));
        }

        @Test
        void blkioWeightRange() throws Exception {
            assertError("config.json: linux.resources.blockIO.weight: 5 is out of range (10..1000)",
                    set("linux.resources.blockIO", "{\"weight\": 5}"));
            assertError("config.json: linux.resources.blockIO.leafWeight: 1001 is out of range (10..1000)",
                    set("linux.resources.blockIO", "{\"leafWeight\": 1001}"));
            assertError("config.json: linux.resources.blockIO.weightDevice[0].weight: 9 is out of range (10..1000)",
                    set("linux.resources.blockIO", "{\"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 9}]}"));
            assertValid(set("linux.resources.blockIO", "{\"weight\": 10, \"leafWeight\": 1000}"));
        }

        @Test
        void hugepageSizes() throws Exception {
            assertError("config.json: linux.resources.hugepageLimits[0].pageSize: \"2M\" is not a page size like 2MB or 1GB",
                    set("linux.resources.hugepageLimits", "[{\"pageSize\": \"2M\", \"limit\": 1}]"));
            assertError("config.json: linux.resources.hugepageLimits[1].pageSize: \"02MB\" is not a page size like 2MB or 1GB",
                    set("linux.resources.hugepageLimits", "[{\"pageSize\": \"64KB\", \"limit\": 1}, {\"pageSize\": \"02MB\", \"limit\": 1}]"));
            assertValid(set("linux.resources.hugepageLimits", "[{\"pageSize\": \"2MB\", \"limit\": 1}, {\"pageSize\": \"1GB\", \"limit\": 0}]"));
        }

        @Test
        void deviceRuleTypes() throws Exception {
            assertError("config.json: linux.resources.devices[1].type: \"x\" is not a device rule type (want a, c or b)",
                    set("linux.resources.devices[1]", "{\"allow\": true, \"type\": \"x\", \"access\": \"r\"}"));
            assertError("config.json: linux.resources.devices[1].type: \"p\" is not a device rule type (want a, c or b)",
                    set("linux.resources.devices[1]", "{\"allow\": true, \"type\": \"p\", \"access\": \"r\"}"));
        }

        @Test
        void deviceRuleAccess() throws Exception {
            assertError("config.json: linux.resources.devices[0].access: \"rwx\" is not a subset of rwm",
                    set("linux.resources.devices[0].access", "\"rwx\""));
            assertValid(set("linux.resources.devices[1]", "{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": -1, \"access\": \"m\"}"));
        }

        @Test
        void unifiedKeysAreFileNames() throws Exception {
            assertError("config.json: linux.resources.unified: \"../cgroup.procs\" is not a cgroup file name",
                    set("linux.resources.unified", "{\"../cgroup.procs\": \"1\"}"));
        }

        @Test
        void updateResourcesDocumentUsesRelativePaths() throws Exception {
            LinuxResources r = SpecIO.parse("resources.json", new ByteArrayInputStream(
                    "{\"cpu\": {\"idle\": 2}}".getBytes(StandardCharsets.UTF_8)), LinuxResources.class);
            assertThatThrownBy(() -> Validator.validateResources(r, "resources.json"))
                    .hasMessageStartingWith("resources.json: cpu.idle: 2 is out of range");
        }
    }

    // ---- helpers and tables ----

    @Test
    void quotingFollowsGo() {
        assertThat(Validator.q("a\"b\\c\n\t\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01\"");
        assertThat(Validator.q(null)).isEqualTo("null");
        assertThat(Validator.q("héllo")).isEqualTo("\"héllo\"");
    }

    @Test
    void exposedTables() {
        assertThat(Validator.knownCapabilities()).hasSize(41).contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE");
        assertThat(Validator.knownRlimits()).hasSize(16).contains("RLIMIT_NOFILE", "RLIMIT_RTTIME");
        assertThat(Validator.knownNamespaces()).containsExactly("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
        assertThat(Validator.knownSeccompActions()).contains("SCMP_ACT_NOTIFY", "SCMP_ACT_KILL_PROCESS").hasSize(9);
        assertThat(Validator.knownSeccompOperators()).hasSize(7);
        assertThat(Validator.knownSeccompArchitectures()).contains("SCMP_ARCH_X86_64", "SCMP_ARCH_RISCV64");
        assertThat(Validator.knownSeccompFlags()).hasSize(4);
        assertThat(Validator.knownRootfsPropagations()).hasSize(8);
    }

    @Test
    void validationIsCheap() throws Exception {
        Files.createDirectory(bundle.resolve("ignored")); // warm the file system
        Spec s = edited("maximal.json", NOTHING);
        for (int i = 0; i < 2_000; i++) {
            Validator.validate(s, bundle);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            Validator.validate(s, bundle);
        }
        long perCallMicros = (System.nanoTime() - start) / 10_000 / 1_000;
        assertThat(perCallMicros).as("µs per validation of the maximal config").isLessThan(1_000);
    }
}
