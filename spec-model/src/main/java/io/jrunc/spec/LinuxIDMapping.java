package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** linux.uidMappings[] / gidMappings[] and the mounts' idmaps: uint32 fields. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"containerID", "hostID", "size"})
public record LinuxIDMapping(long containerID, long hostID, long size) {
}
