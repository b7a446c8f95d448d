package io.jrunc.core.container;

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
                             boolean systemdCgroup) {
}
