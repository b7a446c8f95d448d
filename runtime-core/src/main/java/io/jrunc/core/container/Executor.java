package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.plan.ExecContext;
import io.jrunc.core.plan.ExecPlanner;
import io.jrunc.core.plan.Plan;
import io.jrunc.core.plan.PlanCodec;
import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code exec}: a new process in a running (or created) container. jrunc-init joins the
 * init's cgroups, namespaces and root, and starts the process with its credentials. In
 * the foreground we are its subreaper: we wait, forward signals and return its exit code.
 * With {@code -d} we are not, so once jrunc-init's first process exits the new process
 * belongs to our caller's subreaper (containerd's shim), never to us.
 */
public final class Executor {
    private final RuntimeContext rt;

    public Executor(RuntimeContext rt) {
        this.rt = rt;
    }

    /** Returns the process's exit code (foreground) or 0 once it runs (detached). */
    public int exec(ExecRequest req) throws JruncException {
        ContainerDir dir = rt.store().load(req.id());
        ContainerRecord record = Containers.record(dir);
        Status status = Containers.status(dir, record);
        if (status == Status.STOPPED) {
            throw new JruncException("cannot exec in a stopped container");
        }
        if (status == Status.PAUSED && !req.ignorePaused()) {
            throw new JruncException("cannot exec in a paused container (use --ignore-paused to override)");
        }
        Spec spec = config(dir, record);
        Process process = ExecProcess.resolve(spec, req);
        HostResources.checkExec(process, req);
        Creator.checkTerminal(process.isTerminal(), req.detach(), req.consoleSocket());
        Kernel kernel = rt.kernel().get();
        ConsoleRelay relay = null;
        int console = -1;
        InitLaunch launch = null;
        SignalForwarder signals = null;
        try {
            if (!req.detach()) {
                kernel.setChildSubreaper(); // the process comes back to us when jrunc-init's S0 exits
                signals = SignalForwarder.install(kernel);
            }
            if (process.isTerminal()) {
                if (req.consoleSocket() != null) {
                    console = Creator.connectConsole(kernel, req.consoleSocket());
                } else {
                    relay = ConsoleRelay.open(kernel);
                    console = relay.remote();
                    process = ExecProcess.withConsoleSize(process, relay.ourSize());
                }
            }
            Plan plan = ExecPlanner.plan(new ExecContext(process, record.pid(),
                    ContainerJoin.namespaces(spec, record.pid()),
                    // a rootless container without a cgroup: the init's cgroups are not its own (runc joins none)
                    record.cgroupPaths().isEmpty() && req.cgroups().isEmpty() ? java.util.List.<String>of()
                            : ContainerJoin.cgroupProcs(record.pid(), req.cgroups()),
                    req.preserveFds(), console >= 0 ? InitLaunch.consoleFdFor(req.preserveFds()) : -1,
                    HostProbe.lastCap(), seccompFor(spec), spec.linux(),
                    "true".equals(record.extra().get(Creator.NO_NEW_KEYRING)) ? null : "_ses." + record.id()));
            launch = new InitLaunch(kernel, rt.initBinary(), req.preserveFds(), console);
            closeOurConsole(kernel, relay, console);
            console = -1;
            int pid = follow(launch, plan, spec, record, status);
            launch.finish();
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            if (req.detach()) {
                return 0;
            }
            signals.target(pid);
            return waitFor(kernel, pid, relay);
        } catch (JruncException e) {
            abort(launch, kernel, relay, console);
            throw e;
        } catch (IOException | RuntimeException e) {
            abort(launch, kernel, relay, console);
            throw new JruncException(e.getMessage(), e);
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    private Spec config(ContainerDir dir, ContainerRecord record) throws JruncException {
        Spec saved = Containers.savedConfig(dir, record);
        if (saved != null) {
            return saved;
        }
        try { // a container created before create saved its config
            return SpecIO.readConfig(Path.of(record.bundle(), "config.json"));
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /**
     * PID, READY, then EOF (the sync socket is close-on-exec: the execve happened) or ERROR;
     * SECCOMP_FD in between when the container's profile has a notify listener.
     */
    private int follow(InitLaunch launch, Plan plan, Spec spec, ContainerRecord record, Status status)
            throws JruncException, IOException, ErrnoException {
        InitChannel ch = launch.channel();
        ch.send(SyncMessage.PLAN, PlanCodec.encode(plan));
        boolean ready = false;
        while (true) {
            InitChannel.Frame f = ch.receive();
            if (f == null) {
                if (ready) {
                    return launch.childPid;
                }
                throw new JruncException("the exec process exited before it was ready (" + launch.parentStatus() + ")");
            }
            switch (f.type()) {
                case PID -> launch.childPid = Integer.parseInt(f.text().strip());
                case READY -> ready = true;
                case SECCOMP_FD -> {
                    handOverListener(launch, ch, spec, record, status);
                }
                case ERROR -> throw new JruncException(InitError.describe(f.payload(), plan, launch.kernel));
                default -> throw new JruncException("unexpected " + f.type() + " message from jrunc-init");
            }
        }
    }

    private static int waitFor(Kernel kernel, int pid, ConsoleRelay relay) throws JruncException, ErrnoException {
        if (relay != null) {
            relay.start();
        }
        int status;
        try {
            status = kernel.waitpid(pid, false);
        } catch (ErrnoException e) {
            throw new JruncException("waiting for the exec process: " + e.getMessage());
        }
        if (relay != null) {
            relay.finish();
        }
        return Kernel.exitCode(status);
    }

    private static void closeOurConsole(Kernel kernel, ConsoleRelay relay, int console) {
        if (relay != null) {
            relay.closeRemote();
        } else if (console >= 0) {
            kernel.close(console);
        }
    }

    private static void abort(InitLaunch launch, Kernel kernel, ConsoleRelay relay, int console) {
        if (launch != null) {
            launch.kill();
        }
        closeOurConsole(kernel, relay, console);
    }

    /**
     * The exec'd process gets a filter of its own, so its notify fd goes to the agent as runc's
     * setns process sends it: the container's state, with the new process's pid at the top level.
     */
    private static void handOverListener(InitLaunch launch, InitChannel ch, Spec spec, ContainerRecord record,
                                         Status status) throws JruncException, IOException, ErrnoException {
        int fd = ch.receiveFd();
        try {
            SeccompAgent.send(launch.kernel, spec.linux().seccomp(), fd, launch.childPid, new io.jrunc.spec.State(
                    io.jrunc.spec.State.SPEC_VERSION, record.id(), status.jsonName(), record.pid(), record.bundle(),
                    record.annotations()));
        } finally {
            launch.kernel.close(fd);
        }
        ch.send(SyncMessage.SECCOMP_DONE, new byte[0]);
    }

    /** The container's profile binds exec'd processes too, as in runc. */
    private static io.jrunc.spec.LinuxSeccomp seccompFor(Spec spec) {
        return spec.linux() == null ? null : spec.linux().seccomp();
    }
}
