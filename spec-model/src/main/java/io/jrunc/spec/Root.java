package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** root: the rootfs path (relative to the bundle, or absolute) and whether it is read-only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Root(String path, Boolean readonly) {
    public boolean isReadonly() {
        return Boolean.TRUE.equals(readonly);
    }
}
