package io.jrunc.core.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a dry run: a plan step decoded into names, or something the runtime does
 * outside the plan (prestart hooks, cgroup writes) with {@code step} null.
 *
 * @param step        the op's index in the plan, or null when it is not a plan step
 * @param op          the opcode name (e.g. MOUNT), or a lowercase kind for non-plan lines
 * @param action      a short verb: mount, bind, join, mknod, …
 * @param target      what it acts on: a path, a namespace, a capability set
 * @param fields      decoded details, in print order (values: String, Number, Boolean or List of String)
 * @param description the op's own description, as errors name it
 * @param source      the config.json field it came from, or null
 * @param args        the raw wire arguments (empty for non-plan lines)
 */
public record Entry(Integer step, String op, String action, String target, Map<String, Object> fields,
                    String description, String source, List<String> args) {
    public Entry {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        args = List.copyOf(args);
    }
}
