package io.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/** linux.seccomp */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath",
        "listenerMetadata", "syscalls"})
public record LinuxSeccomp(String defaultAction, Long defaultErrnoRet, List<String> architectures,
                           List<String> flags, String listenerPath, String listenerMetadata,
                           List<Syscall> syscalls) {

    /** syscalls[]: names sharing one action (and argument conditions). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"names", "action", "errnoRet", "args"})
    public record Syscall(List<String> names, String action, Long errnoRet, List<Arg> args) {
    }

    /** syscalls[].args[]: value and valueTwo are uint64; valueTwo is optional (0, omitted when 0 as Go does). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"index", "value", "valueTwo", "op"})
    public record Arg(long index,
                      @JsonDeserialize(using = U64.Primitive.class) @JsonSerialize(using = U64.Serializer.class)
                      long value,
                      @JsonDeserialize(using = U64.Primitive.class) @JsonSerialize(using = U64.Serializer.class)
                      @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT)
                      long valueTwo,
                      String op) {
    }
}
