package io.jrunc.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * One step of a plan: what jrunc-init does, plus what a human (or an error line) calls it
 * and the config.json field it came from.
 *
 * @param code        the operation
 * @param args        its arguments, all strings on the wire (integers in decimal)
 * @param description a short lowercase phrase, e.g. {@code mount proc to /proc}
 * @param source      JSON path of the config field behind it (e.g. {@code mounts[0]}), or null
 */
public record Op(Opcode code, List<String> args, String description, String source) {
    public Op {
        Objects.requireNonNull(code, "code");
        args = List.copyOf(args);
        Objects.requireNonNull(description, "description");
    }

    public static Op of(Opcode code, String description, String source, Object... args) {
        String[] s = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            s[i] = String.valueOf(Objects.requireNonNull(args[i], "argument " + i + " of " + code));
        }
        return new Op(code, List.of(s), description, source);
    }

    public String arg(int i) {
        return args.get(i);
    }
}
