package io.jrunc.core.cgroup;

import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.FreezerProbe;

/** "paused" for {@code state}/{@code list}: the container's recorded cgroup is frozen. */
public final class CgroupFreezerProbe implements FreezerProbe {
    public static final CgroupFreezerProbe INSTANCE = new CgroupFreezerProbe();

    private CgroupFreezerProbe() {
    }

    @Override
    public boolean isFrozen(ContainerRecord record) {
        if (record.cgroupPaths().isEmpty()) {
            return false;
        }
        try {
            return CgroupManagers.fromPaths(record.id(), record.cgroupPaths(), CgroupIO.REAL).isFrozen();
        } catch (CgroupException e) {
            return false; // a cgroup that is gone or unreadable is not paused
        }
    }
}
