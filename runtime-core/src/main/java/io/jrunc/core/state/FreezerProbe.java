package io.jrunc.core.state;

/**
 * Whether a container's cgroup is frozen (v1 {@code freezer.state} = FROZEN, v2
 * {@code cgroup.freeze} = 1). The cgroups work plugs a real one into {@link StatusProbe};
 * until then {@link #NEVER} reports "not paused".
 */
@FunctionalInterface
public interface FreezerProbe {
    FreezerProbe NEVER = record -> false;

    /** @param record the container's record, whose {@code cgroupPaths} locate its cgroup */
    boolean isFrozen(ContainerRecord record);
}
