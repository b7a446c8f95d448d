package io.jrunc.core.cgroup;

import io.jrunc.core.container.RuntimeContext;
import java.nio.file.Path;

/** Cgroup managers on a fake v1 cgroupfs, for lifecycle tests outside this package. */
public final class FakeCgroups {
    private FakeCgroups() {
    }

    /** An opener whose managers live under {@code root} (memory, pids, freezer hierarchies). */
    public static RuntimeContext.CgroupOpener v1(Path root) {
        FakeCgroupFs fs = FakeCgroupFs.v1(root, "memory", "pids", "freezer");
        return cfg -> CgroupManagers.open(fs.hostV1(null), cfg, fs, root.resolve("no-systemd"));
    }

    /** An opener on a fake unified (v2) host rooted at {@code root}. */
    public static RuntimeContext.CgroupOpener v2(Path root) {
        FakeCgroupFs fs = FakeCgroupFs.v2(root, "cpu", "memory", "pids");
        return cfg -> CgroupManagers.open(fs.hostV2(), cfg, fs, root.resolve("no-systemd"));
    }
}
