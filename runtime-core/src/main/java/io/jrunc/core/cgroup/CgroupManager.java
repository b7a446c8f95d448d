package io.jrunc.core.cgroup;

import io.jrunc.spec.LinuxResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container's cgroup on one host (v1/hybrid: {@link V1Manager}, unified: {@link V2Manager};
 * get one from {@link CgroupManagers}). The JVM never joins the cgroup: the create flow is
 * <ol>
 * <li>{@link #checkUsable()}: refuse a cgroup that already has processes or is frozen;</li>
 * <li>{@link #create()}: make the directories (v2: enable controllers in the parents'
 *     cgroup.subtree_control; v1: cpuset.cpus/mems copied down);</li>
 * <li>{@link #apply(LinuxResources)}: write the limits;</li>
 * <li>the planner puts, for S0 before CLONE, one {@code WRITE_FILE <file> "0"} op per path of
 *     {@link #joinFiles()}; writing 0 moves the writer, so S0 and everything it clones is
 *     inside;</li>
 * <li>{@link #paths()} goes into state.json (cgroup_paths) so later commands can reopen the
 *     cgroup with {@link CgroupManagers#fromPaths}.</li>
 * </ol>
 */
public interface CgroupManager {
    /** Which signal killAll sends when the kernel cannot kill the cgroup itself. */
    int SIGKILL = 9;

    /** Sends a signal to a pid; returns 0 or an errno (ESRCH when gone). {@code Kernel::kill} fits. */
    @FunctionalInterface
    interface Signaller {
        int kill(int pid, int signal);
    }

    enum FreezerState { UNDEFINED, THAWED, FROZEN }

    /** Unified (v2) or not. */
    boolean isV2();

    /** Controller → directory as state.json's cgroup_paths keeps them; "" is the v2 / unified one. */
    Map<String, String> paths();

    /** Fails with runc's messages if the cgroup exists and has processes, or is frozen. */
    void checkUsable() throws CgroupException;

    /** Creates the cgroup directories. Idempotent. */
    void create() throws CgroupException;

    /** Writes the resources (null = nothing but the v1 default device rules). */
    void apply(LinuxResources resources) throws CgroupException;

    /** {@code runc update}: the same conversions on a live cgroup; devices are not touched. */
    void update(LinuxResources resources) throws CgroupException;

    /** The cgroup.procs files S0 writes "0" into, one per distinct directory, in a fixed order. */
    List<Path> joinFiles();

    /**
     * The effective device rules for these resources (linux.resources.devices, then runc's
     * defaults). v1 writes them in {@link #apply}; on v2 they are what the eBPF program that
     * native-shim attaches to the cgroup must implement.
     */
    List<DeviceRule> deviceRules(LinuxResources resources) throws CgroupException;

    void freeze() throws CgroupException;

    void thaw() throws CgroupException;

    FreezerState freezerState() throws CgroupException;

    /** {@code state} says "paused" when this is true. */
    default boolean isFrozen() throws CgroupException {
        return freezerState() == FreezerState.FROZEN;
    }

    /** Every pid in the cgroup and its sub-cgroups (for {@code ps}, {@code kill --all}). */
    List<Integer> pids() throws CgroupException;

    /** SIGKILL everything: v2 cgroup.kill when present, else freeze, signal each pid, thaw. */
    void killAll(Signaller signaller) throws CgroupException;

    /** Data for {@code events --stats}. */
    CgroupStats stats() throws CgroupException;

    /** The OOM-kill counter (v1 memory.oom_control oom_kill, v2 memory.events oom_kill); 0 if unknown. */
    long oomKillCount() throws CgroupException;

    /** v1: memory.oom_control under_oom 1. v2 has no such state: false. */
    boolean underOom() throws CgroupException;

    /**
     * Removes the cgroup: kills leftovers (if a signaller is given), then rmdir leaf-first with
     * retries on EBUSY. Missing directories are fine.
     */
    void destroy(Signaller signaller) throws CgroupException;
}
