package io.jrunc.core.cgroup.systemd;

import io.jrunc.core.cgroup.CgroupException;
import io.jrunc.core.cgroup.Convert;
import io.jrunc.core.cgroup.SystemdPath;
import io.jrunc.core.cgroup.systemd.SystemdClient.Property;
import io.jrunc.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * linux.resources → systemd unit properties, as runc's systemd driver maps them
 * (opencontainers/cgroups systemd: genV1ResourcesProperties, genV2ResourcesProperties,
 * addCpuQuota, addCpuset, unifiedResToSystemdProps). The same resources are written to the
 * cgroup files afterwards, so a property systemd lacks only loses systemd's own record of it.
 * Device rules are not passed (DevicePolicy stays "auto"): jrunc's eBPF program (v2) or
 * devices.allow/deny writes (v1) enforce them, as with the cgroupfs driver.
 */
public final class SystemdProperties {
    /** USEC_INFINITY / "infinity" for uint64 properties. */
    public static final long INFINITY = -1L;
    static final long DEFAULT_PERIOD = 100_000L;

    private SystemdProperties() {
    }

    private static Property t(String name, long v) {
        return Property.of(name, "t", v);
    }

    private static Property b(String name, boolean v) {
        return Property.of(name, "b", v);
    }

    /**
     * What StartTransientUnit gets besides the resources: Description, Slice (scope) or Wants
     * (slice), Delegate, PIDs, accounting on, DefaultDependencies=false.
     *
     * @param pid the process the scope starts with (≤ 0: none, only for a slice)
     */
    public static List<Property> unitProperties(SystemdPath path, int pid, boolean v2) {
        List<Property> p = new ArrayList<>();
        p.add(Property.of("Description", "s", "jrunc container " + path.name()));
        if (path.unitName().endsWith(".slice")) {
            p.add(Property.of("Wants", "as", List.of(path.effectiveSlice())));
        } else {
            p.add(Property.of("Slice", "s", path.effectiveSlice()));
            p.add(b("Delegate", true));
        }
        if (pid > 0) {
            p.add(Property.of("PIDs", "au", List.of(pid)));
        }
        p.add(b("MemoryAccounting", true));
        p.add(b("CPUAccounting", true));
        p.add(b(v2 ? "IOAccounting" : "BlockIOAccounting", true));
        p.add(b("TasksAccounting", true));
        p.add(b("DefaultDependencies", false));
        return p;
    }

    /**
     * The resource properties.
     *
     * @param version systemd's version (gates CPUQuotaPeriodUSec ≥ 242, AllowedCPUs/AllowedMemoryNodes
     *                ≥ 244, CPUWeight=0 for cpu.idle ≥ 252); -1 when unknown
     */
    public static List<Property> resources(LinuxResources r, boolean v2, int version) throws CgroupException {
        List<Property> p = new ArrayList<>();
        if (r == null) {
            return p;
        }
        LinuxResources.Memory m = r.memory();
        LinuxResources.Cpu c = r.cpu();
        long limit = m == null || m.limit() == null ? 0 : m.limit();
        if (v2) {
            if (limit != 0) {
                p.add(t("MemoryMax", limit));
            }
            if (m != null && m.reservation() != null && m.reservation() != 0) {
                p.add(t("MemoryLow", m.reservation()));
            }
            long swap = Convert.memorySwapToV2(m == null || m.swap() == null ? 0 : m.swap(), limit);
            if (swap != 0) {
                p.add(t("MemorySwapMax", swap));
            }
            boolean idle = c != null && c.idle() != null && c.idle() == 1 && version >= 252;
            if (idle) {
                p.add(t("CPUWeight", 0)); // systemd writes cpu.idle 1 for CPUWeight=0
            } else if (c != null && c.shares() != null && c.shares() != 0) {
                p.add(t("CPUWeight", Convert.cpuSharesToWeight(c.shares())));
            }
        } else {
            if (limit != 0) {
                p.add(t("MemoryLimit", limit));
            }
            if (c != null && c.shares() != null && c.shares() != 0) {
                p.add(t("CPUShares", c.shares()));
            }
        }
        if (c != null) {
            cpuQuota(p, c.quota() == null ? 0 : c.quota(), c.period() == null ? 0 : c.period(), version);
        }
        Integer weight = r.blockIO() == null ? null : r.blockIO().weight();
        if (weight != null && weight != 0) {
            p.add(v2 ? t("IOWeight", Convert.blkioWeightToIoWeight(weight)) : t("BlockIOWeight", weight));
        }
        Long pids = r.pids() == null ? null : r.pids().limit();
        if (pids != null && (pids > 0 || pids == -1)) {
            p.add(t("TasksMax", pids));
        }
        if (c != null) {
            cpuset(p, c.cpus(), c.mems(), version);
        }
        if (v2 && r.unified() != null) {
            p.addAll(unified(r.unified(), version));
        }
        return p;
    }

    /** runc's addCpuQuota: CPUQuotaPeriodUSec, and CPUQuotaPerSecUSec rounded up to whole percents. */
    static void cpuQuota(List<Property> p, long quota, long period, int version) {
        if (period != 0 && version >= 242) {
            p.add(t("CPUQuotaPeriodUSec", period));
        }
        if (quota != 0 || period != 0) {
            long perSec = INFINITY;
            if (quota > 0) {
                long per = period == 0 ? DEFAULT_PERIOD : period;
                perSec = Long.divideUnsigned(quota * 1_000_000L, per);
                if (perSec % 10_000 != 0) {
                    perSec = (perSec / 10_000 + 1) * 10_000;
                }
            }
            p.add(t("CPUQuotaPerSecUSec", perSec));
        }
    }

    static void cpuset(List<Property> p, String cpus, String mems, int version) throws CgroupException {
        if (version < 244) {
            return; // too old for AllowedCPUs/AllowedMemoryNodes: the files are still written
        }
        if (cpus != null && !cpus.isEmpty()) {
            p.add(Property.of("AllowedCPUs", "ay", rangeToBits(cpus, "linux.resources.cpu.cpus")));
        }
        if (mems != null && !mems.isEmpty()) {
            p.add(Property.of("AllowedMemoryNodes", "ay", rangeToBits(mems, "linux.resources.cpu.mems")));
        }
    }

    /** "0-2,7" → a bitmask, least significant byte first (bit n = cpu n), as systemd's CPUSet. */
    public static byte[] rangeToBits(String list, String what) throws CgroupException {
        java.util.BitSet bits = new java.util.BitSet();
        for (String part : list.strip().split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                int dash = s.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).strip());
                int hi = dash < 0 ? lo : Integer.parseInt(s.substring(dash + 1).strip());
                if (lo < 0 || hi < lo || hi > 65535) {
                    throw new NumberFormatException();
                }
                bits.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                throw new CgroupException("systemd cgroup driver: " + what + "=\"" + list
                        + "\": invalid range \"" + s + "\"");
            }
        }
        if (bits.isEmpty()) {
            throw new CgroupException("systemd cgroup driver: " + what + "=\"" + list + "\": empty set");
        }
        return bits.toByteArray();
    }

    /** runc's unifiedResToSystemdProps: the keys systemd knows; the rest is only written to the files. */
    static List<Property> unified(Map<String, String> res, int version) throws CgroupException {
        List<Property> p = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(res); // a stable order (runc iterates a Go map)
        boolean idle = "1".equals(strip(sorted.get("cpu.idle"))) && version >= 252;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            String path = "linux.resources.unified[\"" + k + "\"]";
            switch (k) {
                case "cpu.idle" -> {
                    if (idle) {
                        p.add(t("CPUWeight", 0));
                    }
                }
                case "cpu.weight" -> {
                    if (!idle) {
                        p.add(t("CPUWeight", uint(v, path)));
                    }
                }
                case "cpu.max" -> {
                    String[] f = v.split("\\s+");
                    if (f.length < 1 || f.length > 2 || f[0].isEmpty()) {
                        throw new CgroupException("systemd cgroup driver: " + path + ": invalid value \"" + v + "\"");
                    }
                    long quota = f[0].equals("max") ? 0 : uint(f[0], path);
                    long period = f.length == 2 ? uint(f[1], path) : DEFAULT_PERIOD;
                    cpuQuota(p, quota, period, version);
                }
                case "cpuset.cpus" -> {
                    if (version >= 244) {
                        p.add(Property.of("AllowedCPUs", "ay", rangeToBits(v, path)));
                    }
                }
                case "cpuset.mems" -> {
                    if (version >= 244) {
                        p.add(Property.of("AllowedMemoryNodes", "ay", rangeToBits(v, path)));
                    }
                }
                case "memory.high", "memory.low", "memory.min", "memory.max", "memory.swap.max" -> {
                    String name = switch (k) {
                        case "memory.high" -> "MemoryHigh";
                        case "memory.low" -> "MemoryLow";
                        case "memory.min" -> "MemoryMin";
                        case "memory.max" -> "MemoryMax";
                        default -> "MemorySwapMax";
                    };
                    p.add(t(name, v.equals("max") ? INFINITY : uint(v, path)));
                }
                case "pids.max" -> p.add(t("TasksMax", v.equals("max") ? INFINITY : uint(v, path)));
                default -> {
                    // not a property systemd has: written to the file only
                }
            }
        }
        return p;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static long uint(String v, String path) throws CgroupException {
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new CgroupException("systemd cgroup driver: " + path + ": invalid value \"" + v + "\"");
        }
    }
}
