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
import io.jrunc.spec.Process;
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
    /** linux.netDevices moved into the container so far: moved back if create fails. */
    private List<io.jrunc.core.net.NetDevices.Move> netMoved = List.of();

    public Creator(RuntimeContext rt) {
        this.rt = rt;
    }

    /**
     * The result of a successful create: the container's init pid in the host pid namespace,
     * and for a foreground terminal the relay that waits for the pty master.
     */
    public record Created(int pid, ContainerDir dir, Spec spec, ConsoleRelay console) {
    }

    /**
     * A create request checked and read: everything the plan is computed from, known before
     * anything is made on the host.
     */
    public record Prepared(String id, Path bundle, Spec spec, Path rootfs, int extraFds, boolean noPivot,
                           boolean noNewKeyring) {
        public Prepared(String id, Path bundle, Spec spec, Path rootfs, int extraFds, boolean noPivot) {
            this(id, bundle, spec, rootfs, extraFds, noPivot, false);
        }

        /** runc's session keyring name, or null with {@code --no-new-keyring}. */
        public String sessionKeyring() {
            return noNewKeyring ? null : "_ses." + id;
        }
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
            List<CgroupPreview.Write> writes = cgroups.writes(p.spec(), p.id());
            boolean joins = plan.ops().stream().anyMatch(o -> o.code() == io.jrunc.core.plan.Opcode.WRITE_FILE
                    && o.arg(0).endsWith("/cgroup.procs"));
            if (!joins && writes != null && !io.jrunc.core.rootless.Identity.current().root()) {
                writes = List.of(); // rootless without a cgroup (docs/rootless.md): create writes none
            }
            return PlanExplainer.explain(new PlanReport.Container(p.id(), p.bundle().toString(), p.rootfs().toString(),
                    stateDir.toString(), execFifo.toString()), plan, p.spec(), writes);
        }
    }

    /**
     * Validates the id, reads and validates config.json, resolves the rootfs: reads only, makes nothing.
     *
     * @param detach whether the process runs detached (create, run -d), for runc's terminal
     *               rules; null skips them (a dry run shows the plan either way)
     */
    public static Prepared prepare(CreateRequest req, boolean systemdCgroup, Boolean detach) throws JruncException {
        StateStore.validateId(req.id());
        Path bundle = (req.bundle() == null ? Path.of("") : req.bundle()).toAbsolutePath().normalize();
        Spec spec = loadSpec(bundle, systemdCgroup);
        io.jrunc.core.rootless.Rootless.check(spec); // not root: runc's rootless validation
        if (detach != null) {
            checkTerminal(spec.process().isTerminal(), detach, req.consoleSocket());
        }
        Path rootfs;
        try {
            rootfs = bundle.resolve(spec.root().path()).toRealPath();
        } catch (IOException e) {
            throw new JruncException("invalid rootfs: " + e.getMessage());
        }
        int listenFds = ProcessEnv.listenFds(System.getenv("LISTEN_FDS"), System.getenv("LISTEN_PID"),
                ProcessHandle.current().pid());
        spec = ProcessEnv.withRuncDefaults(spec, rootfs, listenFds);
        HostResources.check(spec); // labels and RDT this host cannot apply: refused before anything exists
        Timing.mark("rootfs");
        return new Prepared(req.id(), bundle, spec, rootfs, listenFds + req.preserveFds(), req.noPivot(),
                req.noNewKeyring());
    }

    /** The one place a create's plan is computed: the real create and the dry run both call it. */
    public static Plan plan(Prepared p, Path execFifo, HostFacts host, List<String> cgroupJoin,
                            Process.Box consoleSize) throws JruncException {
        int consoleFd = p.spec().process().isTerminal() ? InitLaunch.consoleFdFor(p.extraFds()) : -1;
        try {
            return ContainerPlanner.plan(new CreateContext(p.spec(), p.bundle(), p.rootfs(), execFifo, p.noPivot(),
                    p.extraFds(), host, cgroupJoin, consoleFd, consoleSize, p.sessionKeyring(),
                    io.jrunc.core.rootless.Rootless.setup(p.spec())));
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
        Prepared p = prepare(req, systemdCgroup, null);
        Path stateDir = stateRoot.toAbsolutePath().normalize().resolve(p.id());
        if (Files.exists(stateDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new JruncException("container with given ID already exists");
        }
        Path fifo = stateDir.resolve(ContainerDir.EXEC_FIFO);
        List<String> join = ContainerCgroup.joinFiles(cgroups, p.id(), p.spec(), systemdCgroup);
        return new DryRun(p, stateDir, fifo, plan(p, fifo, HostProbe.probe(), join, null));
    }

    public Created create(CreateRequest req) throws JruncException {
        return create(req, false);
    }

    /** @param foreground {@code run} without -d: a terminal is relayed by us, not sent to a socket */
    public Created create(CreateRequest req, boolean foreground) throws JruncException {
        Prepared p = prepare(req, rt.systemdCgroup(), !foreground);
        warnIgnoredPersonalityFlags(p.spec());
        boolean terminal = p.spec().process().isTerminal();
        ContainerDir dir = rt.store().create(req.id());
        InitLaunch launch = null;
        ContainerCgroup cgroup = null;
        ConsoleRelay relay = null;
        int console = -1;
        Kernel kernel = null;
        try (ContainerDir.Lock lock = dir.lock()) {
            Timing.mark("statedir");
            kernel = rt.kernel().get();
            Timing.mark("jni");
            kernel.mkfifo(dir.execFifo().toString(), 0622);
            ownFifoByContainerRoot(dir.execFifo(), p.spec());
            // before anything exists outside the directory, so a create killed from here on
            // leaves delete --force what it needs to find it (the record comes only at the end)
            dir.writeCreating(new ContainerDir.Creating(Map.of(), 0, 0));
            if (terminal) {
                if (req.consoleSocket() != null) {
                    console = connectConsole(kernel, req.consoleSocket());
                } else {
                    relay = ConsoleRelay.open(kernel);
                    console = relay.remote();
                }
            }
            // S0 is spawned before the cgroup is made: it only waits for its PLAN until then.
            // The systemd driver needs a live pid to create a scope (systemd has no empty
            // scopes), and S0 is the one: the unit starts with S0 inside, so the container's
            // init, cloned by S0 after the plan's cgroup.procs writes, starts inside it too.
            kernel.setChildSubreaper(); // S1 outlives S0: it must come back to us, not to pid 1
            launch = new InitLaunch(kernel, rt.initBinary(), p.extraFds(), console);
            Timing.mark("spawn");
            if (relay != null) {
                relay.closeRemote();
            } else if (console >= 0) {
                kernel.close(console);
            }
            console = -1;
            cgroup = ContainerCgroup.create(rt, req.id(), p.spec(), kernel, launch.parentPid());
            Map<String, String> cgroupPaths = cgroup.paths();
            dir.writeCreating(new ContainerDir.Creating(cgroupPaths, 0, 0));
            Timing.mark("cgroup");
            Plan plan = plan(p, dir.execFifo(), HostProbe.probe(), cgroup.joinFiles(),
                    relay == null ? null : relay.ourSize());
            Timing.mark("plan");
            // a create killed from now on leaves its init's pid for delete --force to find
            int pid = follow(launch, plan, p.spec(), req.id(), p.bundle(), childPid -> {
                dir.writeCreating(new ContainerDir.Creating(cgroupPaths, childPid,
                        new StatusProbe().startTimeOf(childPid).orElse(0L)));
                HostResources.joinRdt(p.spec(), req.id(), childPid, dir.path());
            });
            Timing.mark("setup");
            ContainerRecord record = record(req.id(), pid, p.bundle(), p.rootfs(), p.spec(), dir)
                    .withCgroupPaths(cgroup.paths())
                    .withExtra(NO_NEW_KEYRING, req.noNewKeyring() ? "true" : null); // exec joins the same keyring
            dir.write(record);
            dir.removeCreating();
            if (req.pidFile() != null) {
                PidFile.write(req.pidFile(), pid);
            }
            launch.finish();
            Timing.mark("record");
            return new Created(pid, dir, p.spec(), relay);
        } catch (JruncException e) {
            releaseHostResources(launch, kernel, dir);
            abort(launch, cgroup, dir, kernel, relay, console);
            throw e;
        } catch (Exception e) {
            releaseHostResources(launch, kernel, dir);
            abort(launch, cgroup, dir, kernel, relay, console);
            throw new JruncException("create failed: " + e.getMessage(), e);
        }
    }

    /** state.json extra key: the container was created with --no-new-keyring (exec keeps the caller's keyring too). */
    public static final String NO_NEW_KEYRING = "noNewKeyring";

    /** runc: "personality flags are not supported yet" — the domain is set, the flags ignored with a warning. */
    private static void warnIgnoredPersonalityFlags(Spec spec) {
        if (spec.linux() != null && spec.linux().personality() != null
                && spec.linux().personality().flags() != null && !spec.linux().personality().flags().isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(Creator.class).warn(
                    "linux.personality.flags: personality flags are not supported, ignoring {}",
                    spec.linux().personality().flags());
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

    /**
     * In a new user namespace the container's root is another host uid: exec.fifo (0622)
     * must be its own, as runc makes it, or init cannot open it for reading.
     */
    private static void ownFifoByContainerRoot(Path fifo, Spec spec) throws IOException {
        if (spec.linux() == null || !io.jrunc.core.rootless.Identity.current().root()) {
            // not root: no chown to another uid; S0 opens the fifo as the caller anyway
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
    interface PidListener {
        void onPid(int pid) throws JruncException;
    }

    private int follow(InitLaunch launch, Plan plan, Spec spec, String id, Path bundle, PidListener onPid)
            throws Exception {
        InitChannel ch = launch.channel();
        ch.send(SyncMessage.PLAN, PlanCodec.encode(plan));
        while (true) {
            InitChannel.Frame f = ch.receive();
            if (f == null) {
                throw new JruncException("container init exited before it was ready ("
                        + launch.parentStatus() + ")");
            }
            switch (f.type()) {
                case PID -> {
                    launch.childPid = Integer.parseInt(f.text().strip());
                    onPid.onPid(launch.childPid);
                }
                case SYNC -> {
                    if ("startContainer".equals(f.text().strip())) {
                        // startContainer hooks run after start: they see the container as created
                        ch.send(SyncMessage.CONTINUE, OciState.json(id, "created", launch.childPid, bundle,
                                spec.annotations()).getBytes(StandardCharsets.UTF_8));
                        continue;
                    }
                    if (netMoved.isEmpty()) { // the namespace exists, the hooks have not run yet
                        netMoved = HostResources.attachNetDevices(launch.kernel, spec, launch.childPid);
                    }
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

    /** Before the init dies with its network namespace: devices go back to the host, the RDT group goes. */
    private void releaseHostResources(InitLaunch launch, Kernel kernel, ContainerDir dir) {
        if (!netMoved.isEmpty() && launch != null && launch.childPid > 0) {
            HostResources.detachNetDevices(kernel, netMoved, launch.childPid);
        }
        netMoved = List.of();
        HostResources.removeRdt(dir.path());
    }

    private static void abort(InitLaunch launch, ContainerCgroup cgroup, ContainerDir dir, Kernel kernel,
                              ConsoleRelay relay, int console) {
        if (launch != null) {
            launch.kill();
        }
        if (relay != null) {
            relay.close();
        } else if (console >= 0) {
            kernel.close(console);
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
}
