package io.jrunc.core.cgroup;

import static io.jrunc.core.cgroup.Convert.nz;

import io.jrunc.spec.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Cgroup v1 manager (legacy and hybrid hosts), following runc's fs driver: one directory per
 * mounted hierarchy (controllers mounted together share one); in hybrid mode also one in
 * the unified hierarchy (key ""), joined but given no limits, as runc does.
 */
public final class V1Manager extends AbstractManager {
    private static final String NOT_MOUNTED = "controller is not mounted (cgroup v1)";

    private final Map<String, Path> paths;

    /** @param paths subsystem → directory, e.g. from {@link CgroupPaths#v1Paths} */
    public V1Manager(CgroupIO io, CgroupConfig cfg, Map<String, Path> paths) {
        super(io, cfg);
        this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    @Override
    public boolean isV2() {
        return false;
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> out = new LinkedHashMap<>();
        paths.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    /** Each directory once, in subsystem order. */
    List<Path> dirs() {
        return new ArrayList<>(new LinkedHashSet<>(paths.values()));
    }

    /** runc reads pids from the devices hierarchy; without it, from the first one. */
    private Path pidsDir() {
        Path p = paths.get("devices");
        if (p != null) {
            return p;
        }
        List<Path> d = dirs();
        return d.isEmpty() ? null : d.getFirst();
    }

    @Override
    public void checkUsable() throws CgroupException {
        Path d = pidsDir();
        if (d != null && io.exists(d)) {
            List<Integer> pids = pidsRecursive(d);
            if (!pids.isEmpty()) {
                throw notEmpty(pids.size());
            }
        }
        if (freezerState() == FreezerState.FROZEN) {
            throw unexpectedlyFrozen();
        }
    }

    @Override
    public void create() throws CgroupException {
        for (Map.Entry<String, Path> e : paths.entrySet()) {
            List<Path> made = mkdirs(e.getValue());
            if (e.getKey().equals("cpuset")) {
                // A new cpuset cgroup starts with empty cpus/mems, and joining it fails
                // (ENOSPC) until they are set: copy them down from the parent, as runc does.
                List<Path> chain = new ArrayList<>(made);
                if (!chain.contains(e.getValue())) {
                    chain.add(e.getValue());
                }
                for (Path dir : chain) {
                    copyIfEmpty(dir, "cpuset.cpus");
                    copyIfEmpty(dir, "cpuset.mems");
                }
            }
        }
    }

    /** mkdir -p; returns the directories it created, top-down. */
    private List<Path> mkdirs(Path dir) throws CgroupException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !io.exists(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        List<Path> made = new ArrayList<>();
        for (Path p : missing) {
            if (io.mkdir(p)) {
                made.add(p);
            }
        }
        return made;
    }

    private void copyIfEmpty(Path dir, String file) throws CgroupException {
        Path parent = dir.getParent();
        if (parent == null || !read(dir, file).isBlank()) {
            return;
        }
        String v = read(parent, file).strip();
        if (!v.isEmpty()) {
            write(dir, file, v);
        }
    }

    @Override
    public void apply(LinuxResources r) throws CgroupException {
        set(r, true);
    }

    @Override
    public void update(LinuxResources r) throws CgroupException {
        set(r, false);
    }

    private void set(LinuxResources r, boolean withDevices) throws CgroupException {
        if (r != null && r.unified() != null && !r.unified().isEmpty()) {
            String key = r.unified().keySet().iterator().next();
            throw new CgroupException("cgroup: linux.resources.unified[\"" + key
                    + "\"]: invalid configuration: cannot use unified on cgroup v1");
        }
        LinuxResources.Cpu cpu = r == null ? null : r.cpu();
        // runc's subsystem order: cpuset, devices, memory, cpu, pids, blkio, hugetlb, net_cls, net_prio, rdma
        if (cpu != null) {
            setCpuset(cpu);
        }
        if (withDevices && paths.containsKey("devices")) {
            setDevices(deviceRules(r));
        }
        if (r == null) {
            return;
        }
        if (r.memory() != null) {
            setMemory(r.memory());
        }
        if (cpu != null) {
            setCpu(cpu);
        }
        if (r.pids() != null && r.pids().limit() != null) {
            long limit = r.pids().limit();
            // 0 is written as 1 (systemd cannot do 0; runc keeps both drivers alike), <0 is "max"
            String v = limit > 0 ? Long.toString(limit) : limit == 0 ? "1" : "max";
            write(need("pids"), "pids.max", v);
        }
        if (r.blockIO() != null) {
            setBlkio(r.blockIO());
        }
        if (r.hugepageLimits() != null && !r.hugepageLimits().isEmpty()) {
            setHugetlb(r.hugepageLimits());
        }
        if (r.network() != null) {
            if (nz(r.network().classID()) != 0) {
                write(need("net_cls"), "net_cls.classid", Long.toUnsignedString(r.network().classID()));
            }
            if (r.network().priorities() != null) {
                for (LinuxResources.InterfacePriority p : r.network().priorities()) {
                    write(need("net_prio"), "net_prio.ifpriomap", p.name() + " " + p.priority());
                }
            }
        }
        if (r.rdma() != null) {
            for (Map.Entry<String, LinuxResources.Rdma> e : r.rdma().entrySet()) {
                write(need("rdma"), "rdma.max", rdmaLine(e.getKey(), e.getValue()));
            }
        }
    }

    /** rdma.max line: "mlx4_0 hca_handle=2 hca_object=2000" (unset limits are left out). */
    static String rdmaLine(String device, LinuxResources.Rdma l) {
        StringBuilder b = new StringBuilder(device);
        if (l.hcaHandles() != null) {
            b.append(" hca_handle=").append(Long.toUnsignedString(l.hcaHandles()));
        }
        if (l.hcaObjects() != null) {
            b.append(" hca_object=").append(Long.toUnsignedString(l.hcaObjects()));
        }
        return b.toString();
    }

    private Path need(String subsystem) throws CgroupException {
        Path p = paths.get(subsystem);
        if (p == null) {
            throw new CgroupException("cgroup: cannot set " + subsystem + " limit: the " + subsystem + " "
                    + NOT_MOUNTED);
        }
        return p;
    }

    private void setCpuset(LinuxResources.Cpu cpu) throws CgroupException {
        if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
            write(need("cpuset"), "cpuset.cpus", cpu.cpus());
        }
        if (cpu.mems() != null && !cpu.mems().isEmpty()) {
            write(need("cpuset"), "cpuset.mems", cpu.mems());
        }
    }

    /** Default-deny, then every rule in order (allow → devices.allow, deny → devices.deny). */
    private void setDevices(List<DeviceRule> rules) throws CgroupException {
        Path d = paths.get("devices");
        write(d, "devices.deny", "a");
        for (DeviceRule rule : rules) {
            write(d, rule.allow() ? "devices.allow" : "devices.deny", rule.v1String());
        }
    }

    private void setMemory(LinuxResources.Memory m) throws CgroupException {
        long memory = nz(m.limit());
        long swap = nz(m.swap());
        boolean any = memory != 0 || swap != 0 || nz(m.reservation()) != 0 || Boolean.TRUE.equals(m.disableOOMKiller())
                || m.swappiness() != null;
        if (!any) {
            return;
        }
        Path d = need("memory");
        // memory = -1 with swap unset means both unlimited (if swap accounting exists)
        if (memory == -1 && swap == 0 && io.exists(d.resolve("memory.memsw.limit_in_bytes"))) {
            swap = -1;
        }
        boolean done = false;
        if (memory != 0 && swap != 0) {
            long cur = readUint(d, "memory.limit_in_bytes");
            // the kernel wants memsw >= limit at every step: raise swap first when growing
            if (swap == -1 || Long.compareUnsigned(cur, swap) < 0) {
                setSwapV1(d, swap);
                setLimitV1(d, memory);
                done = true;
            }
        }
        if (!done) {
            setLimitV1(d, memory);
            setSwapV1(d, swap);
        }
        if (nz(m.reservation()) != 0) {
            write(d, "memory.soft_limit_in_bytes", Long.toString(m.reservation()));
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            write(d, "memory.oom_control", "1");
        }
        if (m.swappiness() != null && m.swappiness() != -1L) {
            if (Long.compareUnsigned(m.swappiness(), 100) <= 0) {
                write(d, "memory.swappiness", Long.toString(m.swappiness()));
            } else {
                throw new CgroupException("cgroup: invalid value:" + Long.toUnsignedString(m.swappiness())
                        + ". valid memory swappiness range is 0-100");
            }
        }
    }

    private void setLimitV1(Path d, long memory) throws CgroupException {
        if (memory == 0) {
            return;
        }
        try {
            write(d, "memory.limit_in_bytes", Long.toString(memory));
        } catch (CgroupIOException e) {
            if (!e.is(CgroupIOException.Errno.EBUSY)) {
                throw e;
            }
            long usage = readUint(d, "memory.usage_in_bytes");
            long max = readUint(d, "memory.max_usage_in_bytes");
            throw new CgroupException("cgroup: unable to set memory limit to " + memory + " (current usage: "
                    + Long.toUnsignedString(usage) + ", peak usage: " + Long.toUnsignedString(max) + ")", e);
        }
    }

    private void setSwapV1(Path d, long swap) throws CgroupException {
        if (swap != 0) {
            write(d, "memory.memsw.limit_in_bytes", Long.toString(swap));
        }
    }

    private void setCpu(LinuxResources.Cpu c) throws CgroupException {
        long shares = nz(c.shares());
        long period = nz(c.period());
        long quota = nz(c.quota());
        boolean any = shares != 0 || period != 0 || quota != 0 || c.burst() != null || nz(c.realtimePeriod()) != 0
                || nz(c.realtimeRuntime()) != 0 || c.idle() != null;
        if (!any) {
            return;
        }
        Path d = need("cpu");
        if (shares != 0) {
            write(d, "cpu.shares", Long.toUnsignedString(shares));
            long got = readUint(d, "cpu.shares");
            if (Long.compareUnsigned(shares, got) > 0) {
                throw new CgroupException("cgroup: the maximum allowed cpu-shares is " + Long.toUnsignedString(got));
            } else if (Long.compareUnsigned(shares, got) < 0) {
                throw new CgroupException("cgroup: the minimum allowed cpu-shares is " + Long.toUnsignedString(got));
            }
        }
        String pendingPeriod = null;
        if (period != 0) {
            String p = Long.toUnsignedString(period);
            try {
                write(d, "cpu.cfs_period_us", p);
            } catch (CgroupIOException e) {
                // a smaller period can be refused (EINVAL) until the quota fits: retry after the quota
                if (!e.is(CgroupIOException.Errno.EINVAL) || quota == 0) {
                    throw e;
                }
                pendingPeriod = p;
            }
        }
        String pendingBurst = null;
        if (c.burst() != null) {
            String b = Long.toUnsignedString(c.burst());
            try {
                write(d, "cpu.cfs_burst_us", b);
            } catch (CgroupIOException e) {
                if (e.is(CgroupIOException.Errno.ENOENT)) {
                    pendingBurst = null; // no burst knob in this kernel: ignored, as runc does
                } else if (!e.is(CgroupIOException.Errno.EINVAL) || quota == 0) {
                    throw e;
                } else {
                    pendingBurst = b;
                }
            }
        }
        if (quota != 0) {
            write(d, "cpu.cfs_quota_us", Long.toString(quota));
            if (pendingPeriod != null) {
                write(d, "cpu.cfs_period_us", pendingPeriod);
            }
            if (pendingBurst != null) {
                write(d, "cpu.cfs_burst_us", pendingBurst);
            }
        }
        if (nz(c.realtimePeriod()) != 0) {
            write(d, "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod()));
        }
        if (nz(c.realtimeRuntime()) != 0) {
            write(d, "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()));
        }
        if (c.idle() != null) {
            write(d, "cpu.idle", Long.toString(c.idle()));
        }
    }

    private void setBlkio(LinuxResources.BlockIO b) throws CgroupException {
        boolean any = nz(b.weight()) != 0 || nz(b.leafWeight()) != 0 || nonEmpty(b.weightDevice())
                || nonEmpty(b.throttleReadBpsDevice()) || nonEmpty(b.throttleWriteBpsDevice())
                || nonEmpty(b.throttleReadIOPSDevice()) || nonEmpty(b.throttleWriteIOPSDevice());
        if (!any) {
            return;
        }
        Path d = need("blkio");
        // with the BFQ scheduler the weight knobs are blkio.bfq.*
        boolean bfq = io.exists(d.resolve("blkio.bfq.weight"));
        String weightFile = bfq ? "blkio.bfq.weight" : "blkio.weight";
        String weightDeviceFile = bfq ? "blkio.bfq.weight_device" : "blkio.weight_device";
        if (nz(b.weight()) != 0) {
            write(d, weightFile, Integer.toString(b.weight()));
        }
        if (nz(b.leafWeight()) != 0) {
            write(d, "blkio.leaf_weight", Integer.toString(b.leafWeight()));
        }
        if (b.weightDevice() != null) {
            for (LinuxResources.WeightDevice wd : b.weightDevice()) {
                if (nz(wd.weight()) != 0) {
                    write(d, weightDeviceFile, wd.major() + ":" + wd.minor() + " " + wd.weight());
                }
                if (nz(wd.leafWeight()) != 0) {
                    write(d, "blkio.leaf_weight_device", wd.major() + ":" + wd.minor() + " " + wd.leafWeight());
                }
            }
        }
        throttle(d, "blkio.throttle.read_bps_device", b.throttleReadBpsDevice());
        throttle(d, "blkio.throttle.write_bps_device", b.throttleWriteBpsDevice());
        throttle(d, "blkio.throttle.read_iops_device", b.throttleReadIOPSDevice());
        throttle(d, "blkio.throttle.write_iops_device", b.throttleWriteIOPSDevice());
    }

    private void throttle(Path d, String file, List<LinuxResources.ThrottleDevice> devs) throws CgroupException {
        if (devs == null) {
            return;
        }
        for (LinuxResources.ThrottleDevice td : devs) {
            write(d, file, td.major() + ":" + td.minor() + " " + Long.toUnsignedString(td.rate()));
        }
    }

    private void setHugetlb(List<LinuxResources.HugepageLimit> limits) throws CgroupException {
        Path d = need("hugetlb");
        boolean skipRsvd = false;
        for (LinuxResources.HugepageLimit l : limits) {
            String prefix = "hugetlb." + l.pageSize();
            String v = Long.toUnsignedString(l.limit());
            write(d, prefix + ".limit_in_bytes", v);
            if (skipRsvd) {
                continue;
            }
            try {
                write(d, prefix + ".rsvd.limit_in_bytes", v);
            } catch (CgroupIOException e) {
                if (!e.is(CgroupIOException.Errno.ENOENT)) {
                    throw e;
                }
                skipRsvd = true; // kernel without reservation accounting
            }
        }
    }

    private static boolean nonEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }

    @Override
    public List<Path> joinFiles() {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs()) {
            out.add(d.resolve("cgroup.procs"));
        }
        return out;
    }

    // ---- freezer ----

    private Path freezerDir() throws CgroupException {
        Path p = paths.get("freezer");
        if (p == null) {
            throw new CgroupException("cgroup: cannot toggle freezer: cgroups not configured for container");
        }
        return p;
    }

    @Override
    public void freeze() throws CgroupException {
        Path d = freezerDir();
        try {
            for (int i = 0; i < 1000; i++) {
                if (i % 50 == 49) {
                    // new processes keep appearing: thaw for a moment, then try again
                    write(d, "freezer.state", "THAWED");
                    io.sleepMillis(10);
                }
                write(d, "freezer.state", "FROZEN");
                if (i % 25 == 24) {
                    io.sleepMillis(1);
                }
                String state = read(d, "freezer.state").strip();
                switch (state) {
                    case "FREEZING":
                        continue;
                    case "FROZEN":
                        return;
                    default:
                        throw new CgroupException("cgroup: unexpected state " + state + " while freezing " + d);
                }
            }
            throw new CgroupException("cgroup: unable to freeze " + d + " (stuck in FREEZING)");
        } catch (CgroupException e) {
            // never leave the cgroup FROZEN or FREEZING after a failure
            try {
                write(d, "freezer.state", "THAWED");
            } catch (CgroupException ignored) {
                // report the first error
            }
            throw e;
        }
    }

    @Override
    public void thaw() throws CgroupException {
        Path d = freezerDir();
        write(d, "freezer.state", "THAWED");
        for (int i = 0; i < 1000; i++) {
            String s = read(d, "freezer.state").strip();
            if (s.equals("THAWED")) {
                return;
            }
            io.sleepMillis(1);
        }
        throw new CgroupException("cgroup: " + d + " did not thaw (freezer.state stays "
                + read(d, "freezer.state").strip() + ")");
    }

    @Override
    public FreezerState freezerState() throws CgroupException {
        Path d = paths.get("freezer");
        if (d == null) {
            return FreezerState.UNDEFINED;
        }
        for (int i = 0; ; i++) {
            String state = readIfExists(d, "freezer.state");
            if (state == null) {
                return FreezerState.UNDEFINED;
            }
            switch (state.strip()) {
                case "THAWED":
                    return FreezerState.THAWED;
                case "FROZEN":
                    // frozen by itself, or only through a frozen ancestor?
                    String self = readIfExists(d, "freezer.self_freezing");
                    if (self == null) {
                        return FreezerState.FROZEN;
                    }
                    return switch (self.strip()) {
                        case "0" -> FreezerState.THAWED;
                        case "1" -> FreezerState.FROZEN;
                        default -> throw new CgroupException("cgroup: unknown \"freezer.self_freezing\" state: \""
                                + self.strip() + "\" in " + d);
                    };
                case "FREEZING":
                    if (i >= 1000) {
                        return FreezerState.FROZEN;
                    }
                    io.sleepMillis(1);
                    continue;
                default:
                    throw new CgroupException("cgroup: unknown freezer.state \"" + state.strip() + "\" in " + d);
            }
        }
    }

    // ---- processes ----

    @Override
    public List<Integer> pids() throws CgroupException {
        Path d = pidsDir();
        return d == null ? List.of() : pidsRecursive(d);
    }

    @Override
    public void killAll(Signaller signaller) throws CgroupException {
        boolean frozen = false;
        if (paths.containsKey("freezer")) {
            try {
                freeze();
                frozen = true;
            } catch (CgroupException e) {
                // kill anyway
            }
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
            Path d = pidsDir();
            if (d != null) {
                waitEmpty(d);
            }
        }
        CgroupException first = null;
        for (Path d : dirs()) {
            try {
                removePath(d);
            } catch (CgroupException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---- events ----

    @Override
    public long oomKillCount() throws CgroupException {
        Path d = paths.get("memory");
        if (d == null || readIfExists(d, "memory.oom_control") == null) {
            return 0;
        }
        return keyValues(d, "memory.oom_control").getOrDefault("oom_kill", 0L);
    }

    @Override
    public boolean underOom() throws CgroupException {
        Path d = paths.get("memory");
        if (d == null || readIfExists(d, "memory.oom_control") == null) {
            return false;
        }
        return keyValues(d, "memory.oom_control").getOrDefault("under_oom", 0L) == 1;
    }

    @Override
    public CgroupStats stats() throws CgroupException {
        return V1Stats.read(this, paths);
    }
}
