package io.jrunc.core.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects ops in order; each planner part appends what its config section needs. */
final class PlanBuilder {
    private final List<Op> ops = new ArrayList<>();

    PlanBuilder add(Opcode code, String description, String source, Object... args) {
        ops.add(Op.of(code, description, source, args));
        return this;
    }

    Plan build() {
        return new Plan(ops);
    }
}
