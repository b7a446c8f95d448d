package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime-spec 1.3 config.json (Linux). Absent fields are null, as Go's
 * omitempty pointers are: "absent" and "empty" mean different things in places
 * (e.g. capabilities). Unknown fields are ignored, as runc ignores them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks", "annotations", "linux"})
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {
}
