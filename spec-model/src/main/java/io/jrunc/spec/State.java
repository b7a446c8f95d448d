package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The OCI state (runtime-spec state.json schema) as given to hooks on stdin:
 * ociVersion, id, status (creating|created|running|stopped), pid, bundle, annotations.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"ociVersion", "id", "status", "pid", "bundle", "annotations"})
public record State(String ociVersion, String id, String status, int pid, String bundle,
                   Map<String, String> annotations) {
    public static final String SPEC_VERSION = "1.3.0";
}
