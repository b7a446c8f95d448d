package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.plan.ContainerPlanner;
import io.jrunc.core.plan.CreateContext;
import io.jrunc.core.plan.Plan;
import io.jrunc.core.plan.PlanCodec;
import io.jrunc.core.plan.SyncMessage;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.StateStore;
import io.jrunc.core.state.StatusProbe;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code create}: validate, plan, start jrunc-init with the plan and follow it until the
 * container's init reports ready (or fails), then record the state. A failure at any
 * point removes everything this create made: the init processes and the state directory
 * (mounts live only in the container's mount namespace and die with it).
 */
public final class Creator {
    private final RuntimeContext rt;

    public Creator(RuntimeContext rt) {
        this.rt = rt;
    }

    /**
     * The result of a successful create: the container's init pid in the host pid namespace,
     * and for a foreground terminal the relay that waits for the pty master.
     */
    public record Created(int pid, ContainerDir dir, Spec spec, ConsoleRelay console) {
    }

    public Created create(CreateRequest req) throws JruncException {
        return create(req, false);
    }

    /** @param foreground {@code run} without -d: a terminal is relayed by us, not sent to a socket */
    public Created create(CreateRequest req, boolean foreground) throws JruncException {
        StateStore.validateId(req.id());
        Path bundle = (req.bundle() == null ? Path.of("") : req.bundle()).toAbsolutePath().normalize();
        Spec spec = loadSpec(bundle);
        boolean terminal = spec.process().isTerminal();
        checkTerminal(terminal, !foreground, req.consoleSocket());
        Path rootfs;
        try {
            rootfs = bundle.resolve(spec.root().path()).toRealPath();
        } catch (IOException e) {
            throw new JruncException("invalid rootfs: " + e.getMessage());
        }
        int extraFds = listenFds() + req.preserveFds();
        ContainerDir dir = rt.store().create(req.id());
        InitLaunch launch = null;
        ConsoleRelay relay = null;
        int console = -1;
        Kernel kernel = null;
        try (ContainerDir.Lock lock = dir.lock()) {
            kernel = rt.kernel().get();
            kernel.mkfifo(dir.execFifo().toString(), 0622);
            if (terminal) {
                if (req.consoleSocket() != null) {
                    console = connectConsole(kernel, req.consoleSocket());
                } else {
                    relay = ConsoleRelay.open(kernel);
                    console = relay.remote();
                }
            }
            Plan plan = ContainerPlanner.plan(new CreateContext(spec, bundle, rootfs, dir.execFifo(), req.noPivot(),
                    extraFds, HostProbe.probe(), terminal ? InitLaunch.consoleFdFor(extraFds) : -1,
                    relay == null ? null : relay.ourSize()));
            kernel.setChildSubreaper(); // S1 outlives S0: it must come back to us, not to pid 1
            launch = new InitLaunch(kernel, rt.initBinary(), extraFds, console);
            if (relay != null) {
                relay.closeRemote();
            } else if (console >= 0) {
                kernel.close(console);
            }
            console = -1;
            int pid = follow(launch, plan, spec, req.id(), bundle);
            ContainerRecord record = record(req.id(), pid, bundle, rootfs, spec, dir);
            dir.write(record);
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            launch.finish();
            return new Created(pid, dir, spec, relay);
        } catch (JruncException e) {
            abort(launch, dir, kernel, relay, console);
            throw e;
        } catch (ConfigException e) {
            abort(launch, dir, kernel, relay, console);
            throw new JruncException(e.getMessage());
        } catch (Exception e) {
            abort(launch, dir, kernel, relay, console);
            throw new JruncException("create failed: " + e.getMessage(), e);
        }
    }

    /** Connects to a --console-socket: a unix stream socket path, as runc dials it. */
    static int connectConsole(Kernel kernel, Path socket) throws JruncException {
        try {
            return kernel.connectUnix(socket.toString());
        } catch (ErrnoException e) {
            throw new JruncException("failed to connect to console socket: " + e.getMessage());
        }
    }

    private Spec loadSpec(Path bundle) throws JruncException {
        try {
            Spec spec = SpecIO.readConfig(bundle.resolve("config.json"));
            Validator.validate(spec, bundle, rt.systemdCgroup());
            return spec;
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /** runc's checkTerminal: a console socket exactly when we detach and there is a terminal. */
    static void checkTerminal(boolean terminal, boolean detach, Path consoleSocket) throws JruncException {
        if (detach && terminal && consoleSocket == null) {
            throw new JruncException("cannot allocate tty if jrunc will detach without setting console socket");
        }
        if ((!detach || !terminal) && consoleSocket != null) {
            throw new JruncException("cannot use console socket if jrunc will not detach or allocate tty");
        }
    }

    /** Drives the sync protocol; returns the container init's pid once it is ready. */
    private int follow(InitLaunch launch, Plan plan, Spec spec, String id, Path bundle) throws Exception {
        InitChannel ch = launch.channel();
        ch.send(SyncMessage.PLAN, PlanCodec.encode(plan));
        while (true) {
            InitChannel.Frame f = ch.receive();
            if (f == null) {
                throw new JruncException("container init exited before it was ready ("
                        + launch.parentStatus() + ")");
            }
            switch (f.type()) {
                case PID -> launch.childPid = Integer.parseInt(f.text().strip());
                case SYNC -> {
                    String state = OciState.json(id, "creating", launch.childPid, bundle, spec.annotations());
                    if (spec.hooks() != null) {
                        HookRunner.run("prestart", spec.hooks().prestart(), state);
                        HookRunner.run("createRuntime", spec.hooks().createRuntime(), state);
                    }
                    ch.send(SyncMessage.CONTINUE, state.getBytes(StandardCharsets.UTF_8));
                }
                case READY -> {
                    return launch.childPid;
                }
                case ERROR -> throw new JruncException(InitError.describe(f.payload(), plan, launch.kernel, rt.debug()));
                default -> throw new JruncException("unexpected " + f.type() + " message from container init");
            }
        }
    }

    private static ContainerRecord record(String id, int pid, Path bundle, Path rootfs, Spec spec, ContainerDir dir)
            throws IOException {
        Map<String, String> ns = new LinkedHashMap<>();
        if (spec.linux() != null && spec.linux().namespaces() != null) {
            for (var n : spec.linux().namespaces()) {
                ns.put(n.type(), n.path() == null || n.path().isEmpty()
                        ? "/proc/" + pid + "/ns/" + io.jrunc.spec.linux.Namespaces.procName(n.type()) : n.path());
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        // start and delete need the poststart/poststop hooks, exec the process defaults:
        // keep the config as it was at create, whatever happens to the bundle later.
        Files.copy(bundle.resolve("config.json"), dir.path().resolve("config.json"),
                StandardCopyOption.REPLACE_EXISTING);
        extra.put("config", "config.json");
        long start = new StatusProbe().startTimeOf(pid).orElseThrow(
                () -> new IOException("container init " + pid + " exited during create"));
        return new ContainerRecord(id, pid, start, bundle.toString(), rootfs.toString(),
                Instant.now(), spec.annotations() == null ? Map.of() : spec.annotations(), "", ns, Map.of(), extra);
    }

    private static void abort(InitLaunch launch, ContainerDir dir, Kernel kernel, ConsoleRelay relay, int console) {
        if (launch != null) {
            launch.kill();
        }
        if (relay != null) {
            relay.close();
        } else if (console >= 0) {
            kernel.close(console);
        }
        try {
            dir.destroy();
        } catch (JruncException ignored) {
            // best effort: the next delete --force clears what is left
        }
    }

    private static int listenFds() {
        String v = System.getenv("LISTEN_FDS");
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
