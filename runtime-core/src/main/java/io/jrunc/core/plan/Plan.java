package io.jrunc.core.plan;

import java.util.List;

/** The complete, ordered list of what jrunc-init does for one container (or exec). */
public record Plan(List<Op> ops) {
    public Plan {
        ops = List.copyOf(ops);
    }

    public Op op(int index) {
        return ops.get(index);
    }

    public int size() {
        return ops.size();
    }

    /** The ops of one kind, in plan order: handy for tests and for dry-run summaries. */
    public List<Op> ops(Opcode code) {
        return ops.stream().filter(o -> o.code() == code).toList();
    }
}
