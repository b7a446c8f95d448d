package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.SpecIO;
import io.jrunc.spec.State;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written hook state is byte for byte what databind writes for {@link State}. */
class OciStateTest {

    private static void same(String id, String status, int pid, String bundle, Map<String, String> ann)
            throws Exception {
        String databind = SpecIO.mapper().writeValueAsString(new State(State.SPEC_VERSION, id, status, pid, bundle, ann));
        assertThat(OciState.json(id, status, pid, Path.of(bundle), ann)).isEqualTo(databind);
    }

    @Test
    void matchesDatabind() throws Exception {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("b", "x\"y\\z\n\u0001é");
        ann.put("a", "");
        same("c1", "creating", 4242, "/b", ann);
        same("c1", "stopped", 0, "/b", Map.of());
        same("c1", "running", 7, "/bundle dir", null);
        same("", "stopped", 0, "/b", Map.of("k", "v"));
    }
}
