package io.jrunc.core.cgroup.systemd;

import io.jrunc.core.cgroup.CgroupException;
import io.jrunc.core.cgroup.CgroupManager;
import io.jrunc.core.cgroup.CgroupStats;
import io.jrunc.core.cgroup.DeviceRule;
import io.jrunc.core.cgroup.SystemdPath;
import io.jrunc.core.cgroup.systemd.DBusConnection.DBusException;
import io.jrunc.core.cgroup.systemd.SystemdClient.Property;
import io.jrunc.spec.LinuxResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --systemd-cgroup}: the container's cgroup is a transient systemd unit (runc's
 * systemd driver). {@link #start} asks systemd over D-Bus for the scope
 * {@code prefix-name.scope} in its slice with the init process in it (StartTransientUnit,
 * Delegate=yes, the resources as unit properties), waits for the job, and then — exactly as
 * runc — writes every resource to the cgroup files with the cgroupfs manager on the unit's
 * directory ({@code fs}). {@link #update} sets the properties (SetUnitProperties, runtime)
 * and writes the files; {@link #destroy} stops the unit (StopUnit, ResetFailedUnit) and removes
 * what is left. Everything else (freezer, pids, stats, kill) is the cgroupfs manager's.
 *
 * <p>The unit name is kept in state.json's cgroup_paths under {@link #UNIT_KEY}, so later
 * commands find the unit without the global flag.
 */
public final class SystemdManager implements CgroupManager {
    /** The key in {@link #paths()} (state.json cgroup_paths) that names the unit: not a controller. */
    public static final String UNIT_KEY = "@systemd-unit";
    /** How long systemd may take to run a start or stop job (runc: 30 s). */
    static final long JOB_TIMEOUT_MS = 30_000;
    /**
     * How long one D-Bus method call may take. 30 s: a 10 s limit was once exceeded by a
     * StopUnit in the emulated VM lane while systemd was busy with the emptied scope.
     */
    static final long CALL_TIMEOUT_MS = 30_000;

    /** Opens a connection to systemd (tests: a fake peer). */
    @FunctionalInterface
    public interface Connector {
        SystemdClient connect() throws IOException;
    }

    /** Makes the cgroupfs manager for a cgroup directory (relative to the hierarchy roots, e.g. "/system.slice/x.scope"). */
    @FunctionalInterface
    public interface FsFactory {
        CgroupManager open(String cgroupPath) throws CgroupException;
    }

    private final SystemdPath path; // null when reopened from state.json
    private final String unit;
    private final boolean v2;
    private final Connector connector;
    private final FsFactory fsFactory;
    private final Path systemdMarker;
    private CgroupManager fs;
    /**
     * Whether the unit is this container's: reopened from its state, or started by
     * {@link #start}. A create that failed before (say, the unit exists) must not stop or clean
     * another container's unit in its clean-up.
     */
    private boolean owned;

    private SystemdManager(SystemdPath path, String unit, boolean v2, Connector connector, FsFactory fsFactory,
                           CgroupManager fs, Path systemdMarker) {
        this.path = path;
        this.unit = unit;
        this.v2 = v2;
        this.connector = connector;
        this.fsFactory = fsFactory;
        this.fs = fs;
        this.systemdMarker = systemdMarker;
    }

    /** A new container's unit; {@code fsFactory} builds the cgroupfs manager on the unit's directory. */
    public static SystemdManager create(SystemdPath path, boolean v2, Connector connector, FsFactory fsFactory,
                                        Path systemdMarker) throws CgroupException {
        return new SystemdManager(path, path.unitName(), v2, connector, fsFactory,
                fsFactory.open(path.cgroupPath()), systemdMarker);
    }

    /** An existing container's unit, from state.json (its cgroup_paths without {@link #UNIT_KEY}). */
    public static SystemdManager reopen(String unit, CgroupManager fs, Connector connector, Path systemdMarker) {
        SystemdManager m = new SystemdManager(null, unit, fs.isV2(), connector, null, fs, systemdMarker);
        m.owned = true;
        return m;
    }

    /** The real connection: root → /run/systemd/private, else the system bus. */
    public static SystemdClient connectReal() throws IOException {
        return SystemdClient.connect(CALL_TIMEOUT_MS);
    }

    public String unitName() {
        return unit;
    }

    /** The cgroupfs manager on the unit's directory. */
    public CgroupManager fs() {
        return fs;
    }

    private SystemdClient connect() throws CgroupException {
        try {
            return connector.connect();
        } catch (IOException e) {
            throw new CgroupException("systemd cgroup driver: " + e.getMessage(), e);
        }
    }

    private CgroupException failure(String what, IOException e) {
        return new CgroupException("systemd cgroup driver: " + what + " " + unit + ": " + e.getMessage(), e);
    }

    private CgroupException exists(String state) {
        return new CgroupException("systemd cgroup driver: unit " + unit + " already exists"
                + (state == null ? "" : " (" + state + ")") + "; another container may use this cgroupsPath");
    }

    @Override
    public boolean isV2() {
        return fs.isV2();
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> p = new LinkedHashMap<>(fs.paths());
        p.put(UNIT_KEY, unit);
        return p;
    }

    /** A live unit of that name is refused before anything is made; then the cgroupfs checks. */
    @Override
    public void checkUsable() throws CgroupException {
        try (SystemdClient c = connect()) {
            String state = activeState(c);
            if (state != null && !state.equals("inactive") && !state.equals("failed")) {
                throw exists("ActiveState=" + state);
            }
        } catch (IOException e) {
            throw failure("looking up unit", e);
        }
        fs.checkUsable();
    }

    /** The unit's ActiveState, or null when systemd has no such unit loaded. */
    private String activeState(SystemdClient c) throws IOException {
        String p = c.unitPath(unit);
        return p == null ? null : (String) c.property(p, "org.freedesktop.systemd1.Unit", "ActiveState");
    }

    /** Dry run only: the cgroupfs manager's directories (a real create uses {@link #start}). */
    @Override
    public void create() throws CgroupException {
        fs.create();
    }

    /** Dry run only: the cgroupfs manager's writes (a real create uses {@link #start}). */
    @Override
    public void apply(LinuxResources resources) throws CgroupException {
        fs.apply(resources);
    }

    /**
     * Creates the unit with {@code pid} in it (a scope; a slice unit gets no pid, the process
     * joins it through cgroup.procs), waits for systemd's job, then makes and limits the
     * cgroup with the cgroupfs manager on the unit's directory, as runc's Apply + Set do.
     */
    public void start(int pid, LinuxResources resources) throws CgroupException {
        boolean slice = unit.endsWith(".slice");
        try (SystemdClient c = connect()) {
            List<Property> props = new ArrayList<>(SystemdProperties.unitProperties(path, slice ? 0 : pid, v2));
            props.addAll(SystemdProperties.resources(resources, v2, c.version()));
            String job;
            try {
                job = c.startTransientUnit(unit, "replace", props);
            } catch (DBusException e) {
                if (!e.name().equals(SystemdClient.UNIT_EXISTS)) {
                    throw e;
                }
                // maybe a failed leftover: let systemd forget it, and try once more (runc does)
                try {
                    c.resetFailedUnit(unit);
                    job = c.startTransientUnit(unit, "replace", props);
                } catch (DBusException again) {
                    if (again.name().equals(SystemdClient.UNIT_EXISTS) || again.name().equals(SystemdClient.NO_SUCH_UNIT)) {
                        throw exists(null);
                    }
                    throw again;
                }
            }
            owned = true; // from here on the unit is ours to stop
            String result;
            try {
                result = c.awaitJob(job, JOB_TIMEOUT_MS);
            } catch (DBusConnection.DBusTimeoutException e) {
                resetQuietly(c);
                throw new CgroupException("systemd cgroup driver: timed out after " + JOB_TIMEOUT_MS / 1000
                        + " s waiting for systemd to start " + unit);
            }
            if (!result.equals("done")) {
                resetQuietly(c);
                throw new CgroupException("systemd cgroup driver: starting unit " + unit + ": job " + result);
            }
        } catch (IOException e) {
            throw failure("starting unit", e);
        }
        if (v2 && !slice && pid > 0 && path != null) {
            String actual = ownCgroup(pid);
            if (actual != null && !actual.equals(path.cgroupPath())) {
                // systemd placed the unit elsewhere (its root cgroup is not the hierarchy's): follow the pid
                fs = fsFactory.open(actual);
            }
        }
        fs.create();
        fs.apply(resources);
    }

    /** The v2 cgroup of a process ("0::/system.slice/x.scope" in /proc/PID/cgroup), or null. */
    static String ownCgroup(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                if (line.startsWith("0::/")) {
                    return line.substring(3);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private void resetQuietly(SystemdClient c) {
        try {
            c.resetFailedUnit(unit);
        } catch (IOException ignored) {
            // best effort, as runc
        }
    }

    /** runc's Set: the properties at runtime (SetUnitProperties), then the files. */
    @Override
    public void update(LinuxResources resources) throws CgroupException {
        try (SystemdClient c = connect()) {
            List<Property> props = SystemdProperties.resources(resources, v2, c.version());
            if (!props.isEmpty()) {
                c.setUnitProperties(unit, true, props);
            }
        } catch (IOException e) {
            throw failure("setting properties of unit", e);
        }
        fs.update(resources);
    }

    @Override
    public List<Path> joinFiles() {
        return fs.joinFiles();
    }

    @Override
    public List<DeviceRule> deviceRules(LinuxResources resources) throws CgroupException {
        return fs.deviceRules(resources);
    }

    @Override
    public void freeze() throws CgroupException {
        fs.freeze();
    }

    @Override
    public void thaw() throws CgroupException {
        fs.thaw();
    }

    @Override
    public FreezerState freezerState() throws CgroupException {
        return fs.freezerState();
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        return fs.pids();
    }

    @Override
    public void killAll(Signaller signaller) throws CgroupException {
        fs.killAll(signaller);
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return fs.stats();
    }

    @Override
    public long oomKillCount() throws CgroupException {
        return fs.oomKillCount();
    }

    @Override
    public boolean underOom() throws CgroupException {
        return fs.underOom();
    }

    /**
     * Kills what is left (SIGKILL through the cgroup: a stop would send SIGTERM and wait
     * TimeoutStopSec for a pid 1 that ignores it), stops the unit and waits for the job,
     * resets it if failed, then removes leftover directories (systemd 239 leaves sub-cgroups).
     * Without systemd running any more there is no unit to stop. A unit this manager did not
     * start (a create that failed before StartTransientUnit succeeded) is left alone.
     */
    @Override
    public void destroy(Signaller signaller) throws CgroupException {
        if (!owned) {
            return; // never started by us: whatever has this name belongs to someone else
        }
        if (signaller != null && !fs.pids().isEmpty()) {
            fs.killAll(signaller);
            for (int i = 0; i < 100 && !fs.pids().isEmpty(); i++) {
                sleep(10);
            }
        }
        CgroupException stopErr = null;
        if (systemdMarker == null || Files.isDirectory(systemdMarker)) {
            try {
                stopUnit();
            } catch (DBusConnection.DBusTimeoutException e) {
                // systemd did not answer (seen once in the emulated lane while it was collecting the
                // emptied scope): look again on a new connection; gone or inactive is what we want
                try (SystemdClient c = connect()) {
                    String state = activeState(c);
                    if (state != null && !state.equals("inactive")) {
                        stopErr = failure("stopping unit", e);
                    }
                } catch (IOException again) {
                    stopErr = failure("stopping unit", e);
                }
            } catch (IOException e) {
                stopErr = failure("stopping unit", e);
            } catch (CgroupException e) {
                stopErr = e;
            }
        }
        fs.destroy(signaller);
        if (stopErr != null) {
            throw stopErr;
        }
    }

    /**
     * StopUnit and wait for its job, unless systemd has already let the unit go (a scope whose
     * processes all exited is stopped and collected by systemd itself): no unit → nothing; an
     * inactive unit → no job; a failed one is only reset.
     */
    private void stopUnit() throws IOException, CgroupException {
        try (SystemdClient c = connect()) {
            String state = activeState(c);
            if (state == null) {
                return;
            }
            if (!state.equals("inactive") && !state.equals("failed")) {
                String job = null;
                try {
                    job = c.stopUnit(unit, "replace");
                } catch (DBusException e) {
                    if (!e.name().equals(SystemdClient.NO_SUCH_UNIT)) {
                        throw e;
                    }
                }
                if (job != null) {
                    try {
                        c.awaitJob(job, JOB_TIMEOUT_MS);
                    } catch (DBusConnection.DBusTimeoutException e) {
                        throw new CgroupException("systemd cgroup driver: timed out after " + JOB_TIMEOUT_MS / 1000
                                + " s waiting for systemd to stop " + unit);
                    }
                }
            }
            resetQuietly(c); // a failed unit stays listed until reset
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
