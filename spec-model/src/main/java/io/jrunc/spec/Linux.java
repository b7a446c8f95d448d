package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;

/** linux: everything Linux-specific of config.json. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces", "devices",
        "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel", "intelRdt",
        "personality", "timeOffsets", "memoryPolicy"})
public record Linux(
        List<LinuxIDMapping> uidMappings,
        List<LinuxIDMapping> gidMappings,
        Map<String, String> sysctl,
        LinuxResources resources,
        String cgroupsPath,
        List<Namespace> namespaces,
        List<Device> devices,
        Map<String, NetDevice> netDevices,
        LinuxSeccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        IntelRdt intelRdt,
        Personality personality,
        Map<String, TimeOffset> timeOffsets,
        MemoryPolicy memoryPolicy) {

    /** linux.namespaces[]: a type, and a path to join instead of creating one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {
    }

    /** linux.devices[]: a node to create in the container's /dev (major/minor may be absent for type p: 0). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "type", "major", "minor", "fileMode", "uid", "gid"})
    public record Device(String path, String type,
                         @JsonSetter(nulls = Nulls.AS_EMPTY) long major,
                         @JsonSetter(nulls = Nulls.AS_EMPTY) long minor,
                         Long fileMode, Long uid, Long gid) {
    }

    /** linux.netDevices: host interface name to move into the container's network namespace. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NetDevice(String name) {
    }

    /** linux.intelRdt */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntelRdt(String closID, String l3CacheSchema, String memBwSchema, List<String> schemata,
                           Boolean enableMonitoring) {
    }

    /** linux.personality */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Personality(String domain, List<String> flags) {
    }

    /** linux.timeOffsets.{monotonic,boottime}: both optional (0), omitted when 0 as Go does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimeOffset(
            @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) long secs,
            @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) long nanosecs) {
    }

    /** linux.memoryPolicy (set_mempolicy) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemoryPolicy(String mode, String nodes, List<String> flags) {
    }
}
