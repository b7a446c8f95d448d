package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.Timing;
import io.jrunc.core.explain.CgroupPreview;
import io.jrunc.core.explain.PlanExplainer;
import io.jrunc.core.explain.PlanReport;
import io.jrunc.core.plan.ContainerPlanner;
import io.jrunc.core.plan.CreateContext;
import io.jrunc.core.plan.HostFacts;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * A create request checked and read: everything the plan is computed from, known before
     * anything is made on the host.
     */
    public record Prepared(String id, Path bundle, Spec spec, Path rootfs, int extraFds, boolean noPivot) {
    }

    /**
     * What a dry run shows: the plan a real create would send, for the state directory it would make.
     *
     * @param stateDir {@code <root>/<id>}: not created
     */
    public record DryRun(Prepared prepared, Path stateDir, Path execFifo, Plan plan) {
        /** The plan decoded for printing; {@code cgroups} previews the cgroup writes. */
        public PlanReport report(CgroupPreview cgroups) {
            Prepared p = prepared;
            return PlanExplainer.explain(new PlanReport.Container(p.id(), p.bundle().toString(), p.rootfs().toString(),
                    stateDir.toString(), execFifo.toString()), plan, p.spec(), cgroups.writes(p.spec(), p.id()));
        }
    }

    /** Validates the id, reads and validates config.json, resolves the rootfs: reads only, makes nothing. */
    public static Prepared prepare(CreateRequest req, boolean systemdCgroup) throws JruncException {
        StateStore.validateId(req.id());
        Path bundle = (req.bundle() == null ? Path.of("") : req.bundle()).toAbsolutePath().normalize();
        Spec spec = loadSpec(bundle, systemdCgroup);
        checkTerminal(spec, req);
        Path rootfs;
        try {
            rootfs = bundle.resolve(spec.root().path()).toRealPath();
        } catch (IOException e) {
            throw new JruncException("invalid rootfs: " + e.getMessage());
        }
        int listenFds = ProcessEnv.listenFds(System.getenv("LISTEN_FDS"), System.getenv("LISTEN_PID"),
                ProcessHandle.current().pid());
        spec = ProcessEnv.withRuncDefaults(spec, rootfs, listenFds);
        Timing.mark("rootfs");
        return new Prepared(req.id(), bundle, spec, rootfs, listenFds + req.preserveFds(), req.noPivot());
    }

    /** The one place a create's plan is computed: the real create and the dry run both call it. */
    public static Plan plan(Prepared p, Path execFifo, HostFacts host, List<String> cgroupJoin)
            throws JruncException {
        try {
            return ContainerPlanner.plan(new CreateContext(p.spec(), p.bundle(), p.rootfs(), execFifo, p.noPivot(),
                    p.extraFds(), host, cgroupJoin));
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /**
     * {@code create --dry-run}: everything create decides, nothing it does. The state root is
     * only looked at (not created), so a dry run leaves no trace even of {@code --root}.
     */
    public static DryRun dryRun(CreateRequest req, Path stateRoot, boolean systemdCgroup,
                                RuntimeContext.CgroupOpener cgroups) throws JruncException {
        Prepared p = prepare(req, systemdCgroup);
        Path stateDir = stateRoot.toAbsolutePath().normalize().resolve(p.id());
        if (Files.exists(stateDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new JruncException("container with given ID already exists");
        }
        Path fifo = stateDir.resolve(ContainerDir.EXEC_FIFO);
        List<String> join = ContainerCgroup.joinFiles(cgroups, p.id(), p.spec(), systemdCgroup);
        return new DryRun(p, stateDir, fifo, plan(p, fifo, HostProbe.probe(), join));
    }

    public Created create(CreateRequest req) throws JruncException {
        Prepared p = prepare(req, rt.systemdCgroup());
        ContainerDir dir = rt.store().create(req.id());
        Launch launch = null;
        ContainerCgroup cgroup = null;
        try (ContainerDir.Lock lock = dir.lock()) {
            Timing.mark("statedir");
            Kernel kernel = rt.kernel().get();
            Timing.mark("jni");
            kernel.mkfifo(dir.execFifo().toString(), 0622);
            ownFifoByContainerRoot(dir.execFifo(), p.spec());
            cgroup = ContainerCgroup.create(rt, req.id(), p.spec(), kernel);
            Timing.mark("cgroup");
            Plan plan = plan(p, dir.execFifo(), HostProbe.probe(), cgroup.joinFiles());
            Timing.mark("plan");
            launch = new Launch(kernel, rt.initBinary(), p.extraFds());
            Timing.mark("spawn");
            int pid = follow(launch, plan, p.spec(), req.id(), p.bundle());
            Timing.mark("setup");
            ContainerRecord record = record(req.id(), pid, p.bundle(), p.rootfs(), p.spec(), dir)
                    .withCgroupPaths(cgroup.paths());
            dir.write(record);
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            launch.finish();
            Timing.mark("record");
            return new Created(pid, dir, p.spec());
        } catch (JruncException e) {
            abort(launch, cgroup, dir);
            throw e;
        } catch (Exception e) {
            abort(launch, cgroup, dir);
            throw new JruncException("create failed: " + e.getMessage(), e);
        }
    }

    /**
     * In a new user namespace the container's root is another host uid: exec.fifo (0622)
     * must be its own, as runc makes it, or init cannot open it for reading.
     */
    private static void ownFifoByContainerRoot(Path fifo, Spec spec) throws IOException {
        if (spec.linux() == null) {
            return;
        }
        Long uid = hostIdOfRoot(spec.linux().uidMappings());
        Long gid = hostIdOfRoot(spec.linux().gidMappings());
        if (uid != null && uid != 0) {
            Files.setAttribute(fifo, "unix:uid", uid.intValue());
        }
        if (gid != null && gid != 0) {
            Files.setAttribute(fifo, "unix:gid", gid.intValue());
        }
    }

    private static Long hostIdOfRoot(java.util.List<io.jrunc.spec.LinuxIDMapping> maps) {
        if (maps != null) {
            for (var m : maps) {
                if (m.containerID() == 0 && m.size() > 0) {
                    return m.hostID();
                }
            }
        }
        return null;
    }

    private static Spec loadSpec(Path bundle, boolean systemdCgroup) throws JruncException {
        try {
            Spec spec = SpecIO.readConfig(bundle.resolve("config.json"));
            Timing.mark("read");
            Validator.validate(spec, bundle, systemdCgroup);
            Timing.mark("validate");
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
                case SECCOMP_FD -> {
                    int fd = ch.receiveFd();
                    try {
                        SeccompAgent.send(launch.kernel, spec.linux().seccomp(), fd, new io.jrunc.spec.State(
                                io.jrunc.spec.State.SPEC_VERSION, id, "creating", launch.childPid, bundle.toString(),
                                spec.annotations()));
                    } finally {
                        launch.kernel.close(fd);
                    }
                    ch.send(SyncMessage.SECCOMP_DONE, new byte[0]);
                }
                case READY -> {
                    return launch.childPid;
                }
                case ERROR -> throw new JruncException(InitError.describe(f.payload(), plan, launch.kernel));
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

    private static void abort(Launch launch, ContainerCgroup cgroup, ContainerDir dir) {
        if (launch != null) {
            launch.kill();
        }
        if (cgroup != null) {
            cgroup.destroyQuietly();
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
