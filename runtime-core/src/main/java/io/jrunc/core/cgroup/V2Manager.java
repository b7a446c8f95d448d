package io.jrunc.core.cgroup;

import static io.jrunc.core.cgroup.Convert.nz;

import io.jrunc.spec.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cgroup v2 manager (unified hosts), following runc's fs2 driver. Device rules are not
 * files on v2: {@link #deviceRules} gives the list the eBPF program must implement.
 */
public final class V2Manager extends AbstractManager {
    /** waitFrozen: poll cgroup.events every 10 ms, at most 1000 times (runc's numbers). */
    static final int FREEZE_POLLS = 1000;

    private final Path root;
    private final Path dir;

    /**
     * @param root the cgroup2 mount point (controllers are enabled from here down)
     * @param dir  the container's cgroup, below root
     */
    public V2Manager(CgroupIO io, CgroupConfig cfg, Path root, Path dir) {
        super(io, cfg);
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("cgroup " + dir + " is not below " + root);
        }
        this.root = root;
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public boolean isV2() {
        return true;
    }

    @Override
    public Map<String, String> paths() {
        return Map.of("", dir.toString());
    }

    @Override
    public void checkUsable() throws CgroupException {
        if (io.exists(dir)) {
            List<Integer> pids = pidsRecursive(dir);
            if (!pids.isEmpty()) {
                throw notEmpty(pids.size());
            }
        }
        if (freezerState() == FreezerState.FROZEN) {
            throw unexpectedlyFrozen();
        }
    }

    /**
     * mkdir -p from the root; every level above the leaf gets the controllers it offers
     * enabled in cgroup.subtree_control (only those not enabled yet are written).
     */
    @Override
    public void create() throws CgroupException {
        List<Path> levels = new ArrayList<>();
        for (Path p = dir; !p.equals(root); p = p.getParent()) {
            levels.addFirst(p);
        }
        Path parent = root;
        for (Path level : levels) {
            enableControllers(parent);
            io.mkdir(level);
            checkType(level);
            parent = level;
        }
    }

    private void enableControllers(Path p) throws CgroupException {
        String avail = readIfExists(p, "cgroup.controllers");
        String enabled = readIfExists(p, "cgroup.subtree_control");
        if (avail == null || enabled == null) {
            return;
        }
        Set<String> on = new LinkedHashSet<>(Arrays.asList(enabled.strip().split("\\s+")));
        List<String> missing = new ArrayList<>();
        for (String c : avail.strip().split("\\s+")) {
            if (!c.isEmpty() && !on.contains(c)) {
                missing.add("+" + c);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            write(p, "cgroup.subtree_control", String.join(" ", missing));
        } catch (CgroupIOException e) {
            // one by one; what cannot be enabled fails later, when its limit is written
            for (String c : missing) {
                try {
                    write(p, "cgroup.subtree_control", c);
                } catch (CgroupIOException ignored) {
                    // see above
                }
            }
        }
    }

    /** runc refuses domain controllers in a threaded or invalid subtree. */
    private void checkType(Path level) throws CgroupException {
        String type = readIfExists(level, "cgroup.type");
        if (type == null) {
            return;
        }
        switch (type.strip()) {
            case "domain invalid" -> throw new CgroupException("cgroup: cannot enter cgroupv2 \"" + level
                    + "\" with domain controllers -- it is in an invalid state");
            case "domain threaded", "threaded" -> throw new CgroupException("cgroup: cannot enter cgroupv2 \""
                    + level + "\" with domain controllers -- it is in " + type.strip() + " mode");
            default -> {
                // "domain": fine
            }
        }
    }

    @Override
    public void apply(LinuxResources r) throws CgroupException {
        set(r);
    }

    @Override
    public void update(LinuxResources r) throws CgroupException {
        set(r);
    }

    private void set(LinuxResources r) throws CgroupException {
        if (r == null) {
            return;
        }
        LinuxResources.Cpu cpu = r.cpu();
        if (cpu != null && (nz(cpu.realtimePeriod()) != 0 || nz(cpu.realtimeRuntime()) != 0)) {
            throw new CgroupException("cgroup: linux.resources.cpu.realtimePeriod/realtimeRuntime: "
                    + "realtime scheduling limits are not supported on cgroup v2");
        }
        // runc's fs2 order: pids, memory, io, cpu, (devices: eBPF), cpuset, hugetlb, rdma, unified
        if (r.pids() != null && r.pids().limit() != null) {
            long limit = r.pids().limit();
            write(dir, "pids.max", limit > 0 ? Long.toString(limit) : limit == 0 ? "1" : "max");
        }
        if (r.memory() != null) {
            setMemory(r.memory());
        }
        if (r.blockIO() != null) {
            setIo(r.blockIO());
        }
        if (cpu != null) {
            setCpu(cpu);
            if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
                write(dir, "cpuset.cpus", cpu.cpus());
            }
            if (cpu.mems() != null && !cpu.mems().isEmpty()) {
                write(dir, "cpuset.mems", cpu.mems());
            }
        }
        if (r.hugepageLimits() != null) {
            boolean skipRsvd = false;
            for (LinuxResources.HugepageLimit l : r.hugepageLimits()) {
                String v = Long.toUnsignedString(l.limit());
                write(dir, "hugetlb." + l.pageSize() + ".max", v);
                if (skipRsvd) {
                    continue;
                }
                try {
                    write(dir, "hugetlb." + l.pageSize() + ".rsvd.max", v);
                } catch (CgroupIOException e) {
                    if (!e.is(CgroupIOException.Errno.ENOENT)) {
                        throw e;
                    }
                    skipRsvd = true;
                }
            }
        }
        if (r.rdma() != null) {
            for (Map.Entry<String, LinuxResources.Rdma> e : r.rdma().entrySet()) {
                try {
                    write(dir, "rdma.max", V1Manager.rdmaLine(e.getKey(), e.getValue()));
                } catch (CgroupIOException x) {
                    if (x.is(CgroupIOException.Errno.ENOENT)) {
                        throw new CgroupException("cgroup: cannot set rdma limit (linux.resources.rdma): the rdma "
                                + "controller is not available in " + dir + " (cgroup v2)");
                    }
                    throw x;
                }
            }
        }
        if (r.unified() != null) {
            setUnified(r.unified());
        }
    }

    private void setMemory(LinuxResources.Memory m) throws CgroupException {
        long memory = nz(m.limit());
        long swapOci = nz(m.swap());
        long reservation = nz(m.reservation());
        if (memory == 0 && swapOci == 0 && reservation == 0) {
            return;
        }
        if (Boolean.TRUE.equals(m.checkBeforeUpdate()) && (memory > 0 || swapOci > 0)) {
            checkMemoryUsage(memory, swapOci);
        }
        long swap = Convert.memorySwapToV2(swapOci, memory);
        String swapStr = Convert.numToStr(swap);
        if (swapStr.isEmpty() && swap == 0 && swapOci > 0) {
            swapStr = "0"; // memory == memory+swap: no swap at all
        }
        if (!swapStr.isEmpty()) {
            write(dir, "memory.swap.max", swapStr);
        }
        String mem = Convert.numToStr(memory);
        if (!mem.isEmpty()) {
            write(dir, "memory.max", mem);
        }
        String low = Convert.numToStr(reservation);
        if (!low.isEmpty()) {
            write(dir, "memory.low", low);
        }
    }

    /** checkBeforeUpdate: refuse a limit at or below the current usage (best effort, as runc). */
    private void checkMemoryUsage(long memory, long swapOci) throws CgroupException {
        long usage;
        try {
            usage = readUint(dir, "memory.current");
        } catch (CgroupException e) {
            return;
        }
        if (swapOci > 0 && Long.compareUnsigned(swapOci, usage) <= 0) {
            throw new CgroupException("cgroup: rejecting memory+swap limit " + swapOci + " <= usage "
                    + Long.toUnsignedString(usage));
        }
        if (memory > 0 && Long.compareUnsigned(memory, usage) <= 0) {
            throw new CgroupException("cgroup: rejecting memory limit " + memory + " <= usage "
                    + Long.toUnsignedString(usage));
        }
    }

    private void setIo(LinuxResources.BlockIO b) throws CgroupException {
        int weight = nz(b.weight());
        boolean wantBfq = weight != 0 || (b.weightDevice() != null && !b.weightDevice().isEmpty());
        String bfq = wantBfq ? readIfExists(dir, "io.bfq.weight") : null;
        if (weight != 0) {
            if (bfq != null) {
                write(dir, "io.bfq.weight", Integer.toString(weight));
            } else {
                write(dir, "io.weight", Long.toUnsignedString(Convert.blkioWeightToIoWeight(weight)));
            }
        }
        // per-device BFQ weights need a kernel whose io.bfq.weight reads "default N"
        if (bfq != null && bfq.startsWith("default") && b.weightDevice() != null) {
            for (LinuxResources.WeightDevice wd : b.weightDevice()) {
                if (nz(wd.weight()) != 0) {
                    write(dir, "io.bfq.weight", wd.major() + ":" + wd.minor() + " " + wd.weight());
                }
            }
        }
        ioMax(b.throttleReadBpsDevice(), "rbps");
        ioMax(b.throttleWriteBpsDevice(), "wbps");
        ioMax(b.throttleReadIOPSDevice(), "riops");
        ioMax(b.throttleWriteIOPSDevice(), "wiops");
    }

    /** One io.max write per device and key: "8:0 rbps=1048576" (runc writes them separately). */
    private void ioMax(List<LinuxResources.ThrottleDevice> devs, String key) throws CgroupException {
        if (devs == null) {
            return;
        }
        for (LinuxResources.ThrottleDevice td : devs) {
            write(dir, "io.max", td.major() + ":" + td.minor() + " " + key + "=" + Long.toUnsignedString(td.rate()));
        }
    }

    private void setCpu(LinuxResources.Cpu c) throws CgroupException {
        long weight = Convert.cpuSharesToWeight(nz(c.shares()));
        long quota = nz(c.quota());
        long period = nz(c.period());
        if (weight != 0) {
            write(dir, "cpu.weight", Long.toUnsignedString(weight));
        }
        if (c.idle() != null) {
            write(dir, "cpu.idle", Long.toString(c.idle()));
        }
        String pendingBurst = null;
        if (c.burst() != null) {
            String b = Long.toUnsignedString(c.burst());
            try {
                write(dir, "cpu.max.burst", b);
            } catch (CgroupIOException e) {
                // a larger burst may need the new quota first (EINVAL): retry after cpu.max
                if (!e.is(CgroupIOException.Errno.EINVAL) || quota == 0) {
                    throw e;
                }
                pendingBurst = b;
            }
        }
        if (quota != 0 || period != 0) {
            String v = (quota > 0 ? Long.toString(quota) : "max") + " "
                    + Long.toUnsignedString(period == 0 ? 100000 : period);
            write(dir, "cpu.max", v);
            if (pendingBurst != null) {
                write(dir, "cpu.max.burst", pendingBurst);
            }
        }
    }

    private void setUnified(Map<String, String> unified) throws CgroupException {
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String k = e.getKey();
            if (k.contains("/")) {
                throw new CgroupException("cgroup: unified resource \"" + k + "\" must be a file name (no slashes)");
            }
            for (String line : e.getValue().split("\n")) {
                try {
                    write(dir, k, line);
                } catch (CgroupIOException ex) {
                    if (ex.is(CgroupIOException.Errno.ENOENT) || ex.is(CgroupIOException.Errno.EPERM)
                            || ex.is(CgroupIOException.Errno.EACCES)) {
                        int dot = k.indexOf('.');
                        if (dot <= 0) {
                            throw new CgroupException("cgroup: unified resource \"" + k
                                    + "\" must be in the form CONTROLLER.PARAMETER", ex);
                        }
                        String c = k.substring(0, dot);
                        String avail = readIfExists(dir, "cgroup.controllers");
                        boolean have = avail != null && Arrays.asList(avail.strip().split("\\s+")).contains(c);
                        if (!have && !c.equals("cgroup")) {
                            throw new CgroupException("cgroup: unified resource \"" + k + "\" can't be set: controller \""
                                    + c + "\" not available", ex);
                        }
                    }
                    throw ex;
                }
            }
        }
    }

    @Override
    public List<Path> joinFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    // ---- freezer ----

    @Override
    public void freeze() throws CgroupException {
        if (readIfExists(dir, "cgroup.freeze") == null) {
            throw new CgroupException("cgroup: freezer not supported: no " + dir.resolve("cgroup.freeze"));
        }
        try {
            write(dir, "cgroup.freeze", "1");
            if (!waitFrozen()) {
                throw new CgroupException("cgroup: timeout of " + (FREEZE_POLLS * 10 / 1000)
                        + "s reached waiting for " + dir + " to freeze");
            }
        } catch (CgroupException e) {
            try {
                write(dir, "cgroup.freeze", "0");
            } catch (CgroupException ignored) {
                // report the first error
            }
            throw e;
        }
    }

    /** Polls cgroup.events until "frozen 1". */
    private boolean waitFrozen() throws CgroupException {
        for (int i = 0; i < FREEZE_POLLS; i++) {
            String ev = readIfExists(dir, "cgroup.events");
            if (ev == null) {
                return false;
            }
            for (String line : ev.split("\n")) {
                if (line.startsWith("frozen ") && line.substring(7).strip().equals("1")) {
                    return true;
                }
            }
            io.sleepMillis(10);
        }
        return false;
    }

    @Override
    public void thaw() throws CgroupException {
        if (readIfExists(dir, "cgroup.freeze") == null) {
            return; // nothing can be frozen without the freezer
        }
        write(dir, "cgroup.freeze", "0");
        String s = read(dir, "cgroup.freeze").strip();
        if (!s.equals("0")) {
            throw new CgroupException("cgroup: expected \"cgroup.freeze\" to be in state THAWED but was \"" + s + "\"");
        }
    }

    @Override
    public FreezerState freezerState() throws CgroupException {
        String s = readIfExists(dir, "cgroup.freeze");
        if (s == null) {
            return FreezerState.UNDEFINED;
        }
        return switch (s.strip()) {
            case "0" -> FreezerState.THAWED;
            case "1" -> waitFrozen() ? FreezerState.FROZEN : FreezerState.UNDEFINED;
            default -> throw new CgroupException("cgroup: unknown \"cgroup.freeze\" state: \"" + s.strip() + "\"");
        };
    }

    // ---- processes ----

    @Override
    public List<Integer> pids() throws CgroupException {
        return pidsRecursive(dir);
    }

    @Override
    public void killAll(Signaller signaller) throws CgroupException {
        if (io.exists(dir.resolve("cgroup.kill"))) {
            write(dir, "cgroup.kill", "1");
            return;
        }
        boolean frozen = false;
        try {
            freeze();
            frozen = true;
        } catch (CgroupException e) {
            // kill anyway
        }
        try {
            signalAll(pids(), signaller);
        } finally {
            if (frozen) {
                thaw();
            }
        }
    }

    @Override
    public void destroy(Signaller signaller) throws CgroupException {
        if (signaller != null && !pids().isEmpty()) {
            killAll(signaller);
            waitEmpty(dir);
        }
        removePath(dir);
    }

    @Override
    public long oomKillCount() throws CgroupException {
        if (readIfExists(dir, "memory.events") == null) {
            return 0;
        }
        return keyValues(dir, "memory.events").getOrDefault("oom_kill", 0L);
    }

    @Override
    public boolean underOom() {
        return false;
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V2Stats.read(this, dir);
    }
}
