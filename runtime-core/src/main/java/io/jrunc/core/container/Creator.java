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

    /** The result of a successful create: the container's init pid in the host pid namespace. */
    public record Created(int pid, ContainerDir dir, Spec spec) {
    }

    public Created create(CreateRequest req) throws JruncException {
        StateStore.validateId(req.id());
        Path bundle = (req.bundle() == null ? Path.of("") : req.bundle()).toAbsolutePath().normalize();
        Spec spec = loadSpec(bundle);
        checkTerminal(spec, req);
        Path rootfs;
        try {
            rootfs = bundle.resolve(spec.root().path()).toRealPath();
        } catch (IOException e) {
            throw new JruncException("invalid rootfs: " + e.getMessage());
        }
        int listenFds = ProcessEnv.listenFds(System.getenv("LISTEN_FDS"), System.getenv("LISTEN_PID"),
                ProcessHandle.current().pid());
        int extraFds = listenFds + req.preserveFds();
        spec = ProcessEnv.withRuncDefaults(spec, rootfs, listenFds);
        ContainerDir dir = rt.store().create(req.id());
        Launch launch = null;
        try (ContainerDir.Lock lock = dir.lock()) {
            Kernel kernel = rt.kernel().get();
            kernel.mkfifo(dir.execFifo().toString(), 0622);
            Plan plan = ContainerPlanner.plan(new CreateContext(spec, bundle, rootfs, dir.execFifo(), req.noPivot(),
                    extraFds, HostProbe.probe()));
            launch = new Launch(kernel, rt.initBinary(), extraFds);
            int pid = follow(launch, plan, spec, req.id(), bundle);
            ContainerRecord record = record(req.id(), pid, bundle, rootfs, spec, dir);
            dir.write(record);
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            launch.finish();
            return new Created(pid, dir, spec);
        } catch (JruncException e) {
            abort(launch, dir);
            throw e;
        } catch (ConfigException e) {
            abort(launch, dir);
            throw new JruncException(e.getMessage());
        } catch (Exception e) {
            abort(launch, dir);
            throw new JruncException("create failed: " + e.getMessage(), e);
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

    private static void checkTerminal(Spec spec, CreateRequest req) throws JruncException {
        if (spec.process().isTerminal()) {
            throw new JruncException("config.json: process.terminal: terminals are not supported by jrunc yet");
        }
        if (req.consoleSocket() != null) {
            throw new JruncException("cannot use console socket if jrunc will not detach or allocate tty");
        }
    }

    /** Drives the sync protocol; returns the container init's pid once it is ready. */
    private int follow(Launch launch, Plan plan, Spec spec, String id, Path bundle) throws Exception {
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
        if (spec.hooks() != null) {
            // start and delete need the poststart/poststop hooks: keep the config they come from.
            Files.copy(bundle.resolve("config.json"), dir.path().resolve("config.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            extra.put("config", "config.json");
        }
        long start = new StatusProbe().startTimeOf(pid).orElseThrow(
                () -> new IOException("container init " + pid + " exited during create"));
        return new ContainerRecord(id, pid, start, bundle.toString(), rootfs.toString(),
                Instant.now(), spec.annotations() == null ? Map.of() : spec.annotations(), "", ns, Map.of(), extra);
    }

    private static void abort(Launch launch, ContainerDir dir) {
        if (launch != null) {
            launch.kill();
        }
        try {
            dir.destroy();
        } catch (JruncException ignored) {
            // best effort: the next delete --force clears what is left
        }
    }

    /** The jrunc-init processes of one create: S0 (spawned) and S1 (the container init, once known). */
    static final class Launch {
        private final Kernel kernel;
        private final int parentPid;
        private final InitChannel channel;
        int childPid;

        Launch(Kernel kernel, Path init, int extraFds) throws ErrnoException {
            this.kernel = kernel;
            kernel.setChildSubreaper(); // S1 outlives S0: it must come back to us, not to pid 1
            int[] sp = kernel.socketpair();
            int syncFd = 3 + extraFds;
            int[] fds = new int[syncFd + 1];
            for (int i = 0; i < syncFd; i++) {
                fds[i] = i < 3 ? -1 : i;
            }
            fds[syncFd] = sp[1];
            try {
                parentPid = kernel.spawn(init.toString(), new String[] {"jrunc-init"},
                        new String[] {"_JRUNC_SYNC_FD=" + syncFd}, fds);
            } finally {
                kernel.close(sp[1]);
            }
            channel = new InitChannel(kernel, sp[0]);
        }

        InitChannel channel() {
            return channel;
        }

        String parentStatus() {
            try {
                int st = kernel.waitpid(parentPid, false);
                return "jrunc-init exit status " + Kernel.exitCode(st);
            } catch (ErrnoException e) {
                return e.getMessage();
            }
        }

        /** Success: reap S0 and let go of the socket; S1 waits on the exec fifo. */
        void finish() {
            channel.close();
            try {
                kernel.waitpid(parentPid, false);
            } catch (ErrnoException ignored) {
                // already reaped
            }
        }

        void kill() {
            channel.close();
            if (childPid > 0) {
                kernel.kill(childPid, 9);
            }
            kernel.kill(parentPid, 9);
            try {
                kernel.waitpid(parentPid, false);
            } catch (ErrnoException ignored) {
                // already reaped
            }
            if (childPid > 0) {
                try {
                    kernel.waitpid(childPid, false);
                } catch (ErrnoException ignored) {
                    // not ours to reap (a subreaper above us will)
                }
            }
        }
    }
}
