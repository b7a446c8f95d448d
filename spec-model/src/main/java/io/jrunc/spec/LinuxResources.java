package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * linux.resources (also what {@code update -r} reads). uint64 fields that may carry
 * values above 2^63 are unsigned longs; signed int64 fields use -1 for "unlimited".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"devices", "memory", "cpu", "pids", "blockIO", "hugepageLimits", "network", "rdma", "unified"})
public record LinuxResources(
        List<DeviceCgroup> devices,
        Memory memory,
        Cpu cpu,
        Pids pids,
        BlockIO blockIO,
        List<HugepageLimit> hugepageLimits,
        Network network,
        Map<String, Rdma> rdma,
        Map<String, String> unified) {

    /** devices[]: an allow/deny rule for the device cgroup. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"allow", "type", "major", "minor", "access"})
    public record DeviceCgroup(boolean allow, String type, Long major, Long minor, String access) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness", "disableOOMKiller",
            "useHierarchy", "checkBeforeUpdate"})
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         @JsonDeserialize(using = U64.Deserializer.class) @JsonSerialize(using = U64.Serializer.class)
                         Long swappiness,
                         Boolean disableOOMKiller, Boolean useHierarchy, Boolean checkBeforeUpdate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"shares", "quota", "burst", "period", "realtimeRuntime", "realtimePeriod", "cpus", "mems", "idle"})
    public record Cpu(
            @JsonDeserialize(using = U64.Deserializer.class) @JsonSerialize(using = U64.Serializer.class) Long shares,
            Long quota,
            @JsonDeserialize(using = U64.Deserializer.class) @JsonSerialize(using = U64.Serializer.class) Long burst,
            @JsonDeserialize(using = U64.Deserializer.class) @JsonSerialize(using = U64.Serializer.class) Long period,
            Long realtimeRuntime,
            @JsonDeserialize(using = U64.Deserializer.class) @JsonSerialize(using = U64.Serializer.class)
            Long realtimePeriod,
            String cpus, String mems, Long idle) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pids(Long limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"weight", "leafWeight", "weightDevice", "throttleReadBpsDevice", "throttleWriteBpsDevice",
            "throttleReadIOPSDevice", "throttleWriteIOPSDevice"})
    public record BlockIO(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice,
                          List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
                          @com.fasterxml.jackson.annotation.JsonProperty("throttleReadIOPSDevice")
                          List<ThrottleDevice> throttleReadIOPSDevice,
                          @com.fasterxml.jackson.annotation.JsonProperty("throttleWriteIOPSDevice")
                          List<ThrottleDevice> throttleWriteIOPSDevice) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(long major, long minor,
                                 @JsonDeserialize(using = U64.Primitive.class)
                                 @JsonSerialize(using = U64.Serializer.class) long rate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HugepageLimit(String pageSize,
                                @JsonDeserialize(using = U64.Primitive.class)
                                @JsonSerialize(using = U64.Serializer.class) long limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(Long classID, List<InterfacePriority> priorities) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InterfacePriority(String name, long priority) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rdma(Long hcaHandles, Long hcaObjects) {
    }
}
