package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** process: what runs in the container (also the process.json of {@code exec --process}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd", "capabilities",
        "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "scheduler", "selinuxLabel",
        "ioPriority", "execCPUAffinity"})
public record Process(
        @JsonProperty("terminal") Boolean terminal,
        Box consoleSize,
        User user,
        List<String> args,
        String commandLine,
        List<String> env,
        String cwd,
        LinuxCapabilities capabilities,
        List<POSIXRlimit> rlimits,
        @JsonProperty("noNewPrivileges") Boolean noNewPrivileges,
        String apparmorProfile,
        Integer oomScoreAdj,
        Scheduler scheduler,
        String selinuxLabel,
        IOPriority ioPriority,
        CPUAffinity execCPUAffinity) {

    // The is-helpers must not become JSON getters: they would write an absent field as false.
    @JsonIgnore
    public boolean isTerminal() {
        return Boolean.TRUE.equals(terminal);
    }

    @JsonIgnore
    public boolean isNoNewPrivileges() {
        return Boolean.TRUE.equals(noNewPrivileges);
    }

    /** process.consoleSize */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Box(long height, long width) {
    }

    /** process.user: numeric ids as the kernel sees them (uint32). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"uid", "gid", "umask", "additionalGids", "username"})
    public record User(long uid, long gid, Long umask, List<Long> additionalGids, String username) {
    }

    /** process.capabilities: the five sets, by name (CAP_…). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"bounding", "effective", "inheritable", "permitted", "ambient"})
    public record LinuxCapabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                                    List<String> permitted, List<String> ambient) {
    }

    /** process.rlimits[]: soft and hard are uint64 (RLIM_INFINITY = 2^64-1), kept as unsigned longs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"type", "hard", "soft"})
    public record POSIXRlimit(
            String type,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = U64.Primitive.class)
            @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = U64.Serializer.class)
            long hard,
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = U64.Primitive.class)
            @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = U64.Serializer.class)
            long soft) {
    }

    /** process.scheduler (sched_setattr). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scheduler(String policy, Integer nice, Integer priority, List<String> flags,
                            Long runtime, Long deadline, Long period) {
    }

    /** process.ioPriority (ioprio_set). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IOPriority(@com.fasterxml.jackson.annotation.JsonProperty("class") String ioClass, Integer priority) {
    }

    /** process.execCPUAffinity: cpu lists for the exec'ing process and the final process. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CPUAffinity(String initial, @com.fasterxml.jackson.annotation.JsonProperty("final") String finalCpus) {
    }
}
