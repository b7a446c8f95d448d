package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** hooks: the six kinds (prestart is deprecated but still run, as runc does). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"})
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                    List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {

    /** One hook: an absolute path, its argv (args[0] included), env and a timeout in seconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "args", "env", "timeout"})
    public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    }
}
