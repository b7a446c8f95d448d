package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.RuntimeContext;
import io.jrunc.core.state.StateStore;
import io.jrunc.core.sys.Kernel;
import io.jrunc.nativeshim.JniKernel;
import io.jrunc.nativeshim.NativeShim;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** What a command runs with: the global flags, the standard streams, the state store. */
public final class Context {
    private final Globals globals;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final String argv0;
    private StateStore store;
    private Kernel kernel;

    Context(Globals globals, PrintStream out, PrintStream err, InputStream in, String argv0) {
        this.globals = globals;
        this.out = out;
        this.err = err;
        this.in = in;
        this.argv0 = argv0;
    }

    public Globals globals() {
        return globals;
    }

    /** stdout: the command's output and nothing else. */
    public PrintStream out() {
        return out;
    }

    /** stderr: only through the log (Main reports errors); commands do not print here. */
    public PrintStream err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    /** How jrunc was invoked (argv[0]), as runc names itself in usage errors. */
    public String argv0() {
        return argv0;
    }

    /** The state store at --root, created (0700) on first use. */
    public StateStore store() throws JruncException {
        if (store == null) {
            store = new StateStore(Path.of(globals.root));
        }
        return store;
    }

    /** What the lifecycle commands run with; the native binding loads only when first used. */
    public RuntimeContext runtime() throws JruncException {
        io.jrunc.core.rootless.Rootless.configure(globals.rootless);
        io.jrunc.core.rootless.Rootless.parseBoolOrAuto(globals.rootless); // a bad --rootless fails here, as in runc
        return new RuntimeContext(store(), this::kernel, NativeShim.initPath(), globals.debug, globals.systemdCgroup);
    }

    private Kernel kernel() {
        if (kernel == null) {
            kernel = new JniKernel();
        }
        return kernel;
    }
}
