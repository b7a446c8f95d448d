package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.cgroup.CgroupConfig;
import io.jrunc.core.cgroup.CgroupManager;
import io.jrunc.core.cgroup.CgroupManagers;
import io.jrunc.core.state.StateStore;
import io.jrunc.core.sys.Kernel;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What every lifecycle command works with: the state store of {@code --root}, the kernel
 * binding (loaded only when a command needs it, so light commands stay light), the
 * jrunc-init binary, and the global flags that change behaviour.
 */
public record RuntimeContext(StateStore store, Supplier<Kernel> kernel, Path initBinary, boolean debug,
                             boolean systemdCgroup, CgroupOpener cgroups) {

    /** How a create gets its cgroup manager: the host's in production, a fake cgroupfs in tests. */
    @FunctionalInterface
    public interface CgroupOpener {
        CgroupManager open(CgroupConfig config) throws JruncException;
    }

    public RuntimeContext(StateStore store, Supplier<Kernel> kernel, Path initBinary, boolean debug,
                          boolean systemdCgroup) {
        this(store, kernel, initBinary, debug, systemdCgroup, CgroupManagers::open);
    }
}
