package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** mounts[]: in order; options are mount(8)-style strings (ro, nosuid, rbind, rro, rprivate, …). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"destination", "type", "source", "options", "uidMappings", "gidMappings"})
public record Mount(String destination, String type, String source, List<String> options,
                    List<LinuxIDMapping> uidMappings, List<LinuxIDMapping> gidMappings) {
}
