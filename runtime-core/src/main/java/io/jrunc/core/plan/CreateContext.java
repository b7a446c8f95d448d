package io.jrunc.core.plan;

import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a container plan is computed from.
 *
 * @param spec        the validated config
 * @param bundle      the bundle directory (absolute)
 * @param rootfs      root.path resolved against the bundle (absolute, symlinks resolved)
 * @param execFifo    the state directory's exec.fifo
 * @param noPivot     {@code --no-pivot}: MS_MOVE + chroot instead of pivot_root
 * @param extraFds    fds passed beyond stdio (LISTEN_FDS + {@code --preserve-fds})
 * @param host        facts about the host
 * @param cgroupJoin  the cgroup.procs files S0 writes "0" to before anything else (joining the
 *                    container's cgroups before the clone, so the JVM never does)
 * @param consoleFd   the fd (as jrunc-init sees it) of the console socket the pty master goes to,
 *                    or -1: no terminal
 * @param consoleSize the pty's initial size instead of process.consoleSize (a foreground
 *                    terminal starts at the size of ours), or null
 * @param sessionKeyring the session keyring the init joins ({@code _ses.<id>}), or null: keep the
 *                    caller's ({@code --no-new-keyring})
 * @param userns      how an unprivileged caller's user namespace is set up (docs/rootless.md);
 *                    {@link UsernsSetup#PRIVILEGED} as root
 */
public record CreateContext(Spec spec, Path bundle, Path rootfs, Path execFifo, boolean noPivot, int extraFds,
                            HostFacts host, List<String> cgroupJoin, int consoleFd, Process.Box consoleSize,
                            String sessionKeyring, UsernsSetup userns) {
    /** As the host's root. */
    public CreateContext(Spec spec, Path bundle, Path rootfs, Path execFifo, boolean noPivot, int extraFds,
                         HostFacts host, List<String> cgroupJoin, int consoleFd, Process.Box consoleSize,
                         String sessionKeyring) {
        this(spec, bundle, rootfs, execFifo, noPivot, extraFds, host, cgroupJoin, consoleFd, consoleSize,
                sessionKeyring, UsernsSetup.PRIVILEGED);
    }

    /** Without a new session keyring, as the host's root. */
    public CreateContext(Spec spec, Path bundle, Path rootfs, Path execFifo, boolean noPivot, int extraFds,
                         HostFacts host, List<String> cgroupJoin, int consoleFd, Process.Box consoleSize) {
        this(spec, bundle, rootfs, execFifo, noPivot, extraFds, host, cgroupJoin, consoleFd, consoleSize, null);
    }

    /** Without a terminal. */
    public CreateContext(Spec spec, Path bundle, Path rootfs, Path execFifo, boolean noPivot, int extraFds,
                         HostFacts host, List<String> cgroupJoin) {
        this(spec, bundle, rootfs, execFifo, noPivot, extraFds, host, cgroupJoin, -1, null);
    }

    public CreateContext {
        cgroupJoin = List.copyOf(cgroupJoin);
        userns = userns == null ? UsernsSetup.PRIVILEGED : userns;
    }
}
