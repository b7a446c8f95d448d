package io.jrunc.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must give exactly databind's records, and decline whatever it does not read exactly. */
class FastSpecReaderTest {

    private static Spec databind(String json) throws Exception {
        return SpecIO.mapper().readValue(json, Spec.class);
    }

    private static Spec fast(String json) {
        return FastSpecReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "maximal.json"})
    void readsTheTestDocumentsExactlyAsDatabind(String name) throws Exception {
        String json = SpecIOTest.resource(name);
        Spec f = fast(json);
        assertThat(f).as("fast path taken").isNotNull();
        assertThat(f).isEqualTo(databind(json));
        // and what it read writes back to the same document
        assertThat(SpecIOTest.tree(SpecIO.write(f))).isEqualTo(SpecIOTest.tree(SpecIO.write(databind(json))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "maximal.json"})
    void skipsUnknownKeysAtEveryLevel(String name) throws Exception {
        JsonNode t = SpecIOTest.tree(SpecIOTest.resource(name));
        SpecIOTest.addUnknownFieldsForTests(t);
        String noisy = t.toString();
        assertThat(fast(noisy)).isNotNull().isEqualTo(databind(noisy));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // values of another type: databind coerces or fails, so the fast path declines
            "{\"ociVersion\": 1}",
            "{\"process\": {\"terminal\": \"true\"}}",
            "{\"process\": {\"user\": {\"uid\": \"0\", \"gid\": 0}}}",
            "{\"process\": {\"user\": {\"uid\": 1.0, \"gid\": 0}}}",
            "{\"process\": {\"args\": \"sh\"}}",
            "{\"process\": {\"args\": [\"sh\", null]}}",
            "{\"annotations\": {\"a\": 1}}",
            // required primitives absent or null
            "{\"process\": {\"user\": {\"gid\": 0}}}",
            "{\"process\": {\"user\": {\"uid\": null, \"gid\": 0}}}",
            "{\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000}]}}",
            "{\"linux\": {\"resources\": {\"devices\": [{\"access\": \"rwm\"}]}}}",
            "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1}]}}",
            // out of range
            "{\"process\": {\"oomScoreAdj\": 3000000000}}",
            "{\"process\": {\"rlimits\": [{\"type\": \"x\", \"hard\": 18446744073709551616, \"soft\": 1}]}}",
            "{\"process\": {\"user\": {\"uid\": 9223372036854775808, \"gid\": 0}}}",
            // duplicate keys, trailing content, not an object, malformed
            "{\"hostname\": \"a\", \"hostname\": \"b\"}",
            "{\"hostname\": \"a\"} {}",
            "[]",
            "",
            "{\"hostname\": ",
            // not plain JSON: jackson-core refuses these, so must the lexer
            "{\"hostname\": \"a\",}",
            "{\"hostname\" \"a\"}",
            "{\"hostname\": \"a\" \"domainname\": \"b\"}",
            "{\"process\": {\"args\": [\"a\",]}}",
            "{\"process\": {\"oomScoreAdj\": 01}}",
            "{\"process\": {\"oomScoreAdj\": -}}",
            "{\"process\": {\"terminal\": tru}}",
            "{\"process\": {\"terminal\": truex}}",
            "{\"hostname\": \"a\tb\"}",
            "{\"hostname\": \"\\x\"}",
            "{'hostname': 'a'}",
            "{\"hostname\": \"a\"} // comment",
    })
    void declinesWhatItDoesNotReadExactly(String json) {
        assertThat(fast(json)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"process\": null, \"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": \"p\"}]}}",
            "{\"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": null, \"minor\": 3}]}}",
            "{\"linux\": {\"timeOffsets\": {\"monotonic\": {\"secs\": 5}}}}",
            "{\"process\": {\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 18446744073709551615, \"soft\": -1}]}}",
            "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 1048576, \"swap\": 1048576, \"swappiness\": 18446744073709551615}}}}",
            "{\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}}}",
            "{\"hostname\": \"\\u00e9\\n\\\"q\\\" \\/\", \"annotations\": {\"k\": \"\\ud83d\\ude00\"}, \"x\": [1.5e3, -0, {\"y\": [true, false, null]}]}",
            "{\"linux\": {\"resources\": {\"cpu\": {\"shares\": 9223372036854775808, \"quota\": -9223372036854775808}}}}",
            "{\"process\": {\"ioPriority\": {\"class\": \"IOPRIO_CLASS_RT\", \"priority\": 1}, \"execCPUAffinity\": {\"final\": \"0-1\"}}}",
    })
    void edgeCasesMatchDatabind(String json) throws Exception {
        assertThat(fast(json)).isNotNull().isEqualTo(databind(json));
    }
}
