package io.jrunc.core.container;

import io.jrunc.spec.SpecIO;
import io.jrunc.spec.State;
import java.nio.file.Path;
import java.util.Map;

/** The OCI state JSON that hooks read on stdin. */
final class OciState {
    private OciState() {
    }

    static String json(String id, String status, int pid, Path bundle, Map<String, String> annotations) {
        try {
            return SpecIO.mapper().writeValueAsString(new State(State.SPEC_VERSION, id, status, pid,
                    bundle.toString(), annotations));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
