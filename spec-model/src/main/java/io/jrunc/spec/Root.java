package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** root: the rootfs path (relative to the bundle, or absolute) and whether it is read-only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Root(String path, @JsonProperty("readonly") Boolean readonly) {
    /** Not a JSON getter: it would write an absent readonly as false. */
    @JsonIgnore
    public boolean isReadonly() {
        return Boolean.TRUE.equals(readonly);
    }
}
