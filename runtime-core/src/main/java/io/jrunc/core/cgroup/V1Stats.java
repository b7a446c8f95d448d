package io.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads v1 statistics as runc's fs driver does (cpuacct, cpu, memory, pids, blkio, hugetlb). */
final class V1Stats {
    /** USER_HZ: cpuacct.stat counts in these ticks per second. */
    private static final long CLOCK_TICKS = 100;
    private static final long NANOS = 1_000_000_000L;

    private V1Stats() {
    }

    static CgroupStats read(AbstractManager m, Map<String, Path> paths) throws CgroupException {
        return new CgroupStats(cpu(m, paths.get("cpu"), paths.get("cpuacct")), memory(m, paths.get("memory")),
                pids(m, paths.get("pids")), blkio(m, paths.get("blkio")), hugetlb(m, paths.get("hugetlb")));
    }

    private static CgroupStats.Cpu cpu(AbstractManager m, Path cpu, Path acct) throws CgroupException {
        long total = 0;
        long user = 0;
        long kernel = 0;
        List<Long> percpu = List.of();
        List<Long> percpuUser = new ArrayList<>();
        List<Long> percpuKernel = new ArrayList<>();
        if (acct != null && m.io.exists(acct)) {
            Map<String, Long> st = m.keyValues(acct, "cpuacct.stat");
            user = st.getOrDefault("user", 0L) * NANOS / CLOCK_TICKS;
            kernel = st.getOrDefault("system", 0L) * NANOS / CLOCK_TICKS;
            total = m.readUint(acct, "cpuacct.usage");
            percpu = numbers(m.read(acct, "cpuacct.usage_percpu"));
            String all = m.readIfExists(acct, "cpuacct.usage_all");
            if (all != null) {
                for (String line : all.split("\n")) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length == 3 && !f[0].equals("cpu")) {
                        percpuUser.add(Long.parseUnsignedLong(f[1]));
                        percpuKernel.add(Long.parseUnsignedLong(f[2]));
                    }
                }
            }
        }
        CgroupStats.Throttling thr = new CgroupStats.Throttling(0, 0, 0);
        if (cpu != null && m.io.exists(cpu) && m.readIfExists(cpu, "cpu.stat") != null) {
            Map<String, Long> st = m.keyValues(cpu, "cpu.stat");
            thr = new CgroupStats.Throttling(st.getOrDefault("nr_periods", 0L), st.getOrDefault("nr_throttled", 0L),
                    st.getOrDefault("throttled_time", 0L));
        }
        return new CgroupStats.Cpu(new CgroupStats.CpuUsage(total, percpu, percpuKernel, percpuUser, kernel, user),
                thr);
    }

    private static List<Long> numbers(String s) {
        List<Long> out = new ArrayList<>();
        for (String f : s.strip().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(Long.parseUnsignedLong(f));
            }
        }
        return out;
    }

    private static CgroupStats.Memory memory(AbstractManager m, Path d) throws CgroupException {
        if (d == null || !m.io.exists(d) || m.readIfExists(d, "memory.stat") == null) {
            return new CgroupStats.Memory(0, CgroupStats.MemoryEntry.EMPTY, CgroupStats.MemoryEntry.EMPTY,
                    CgroupStats.MemoryEntry.EMPTY, CgroupStats.MemoryEntry.EMPTY, Map.of());
        }
        Map<String, Long> raw = m.keyValues(d, "memory.stat");
        return new CgroupStats.Memory(raw.getOrDefault("cache", 0L), entry(m, d, "memory", false),
                entry(m, d, "memory.memsw", true), entry(m, d, "memory.kmem", true),
                entry(m, d, "memory.kmem.tcp", true), raw);
    }

    private static CgroupStats.MemoryEntry entry(AbstractManager m, Path d, String prefix, boolean optional)
            throws CgroupException {
        if (optional && m.readIfExists(d, prefix + ".usage_in_bytes") == null) {
            return CgroupStats.MemoryEntry.EMPTY;
        }
        return new CgroupStats.MemoryEntry(m.readUint(d, prefix + ".limit_in_bytes"),
                m.readUint(d, prefix + ".usage_in_bytes"), m.readUint(d, prefix + ".max_usage_in_bytes"),
                m.readUint(d, prefix + ".failcnt"));
    }

    private static CgroupStats.Pids pids(AbstractManager m, Path d) throws CgroupException {
        if (d == null || !m.io.exists(d)) {
            return new CgroupStats.Pids(0, 0);
        }
        long max = m.readUint(d, "pids.max");
        return new CgroupStats.Pids(m.readUint(d, "pids.current"), max == -1L ? 0 : max);
    }

    /** runc's order: bfq debug stats, bfq, cfq, throttle recursive, throttle. */
    private static final List<List<String[]>> BLKIO_GROUPS = List.of(
            List.of(new String[] {"blkio.bfq.io_service_bytes_recursive", "bytes"},
                    new String[] {"blkio.bfq.io_serviced_recursive", "serviced"}),
            List.of(new String[] {"blkio.io_service_bytes_recursive", "bytes"},
                    new String[] {"blkio.io_serviced_recursive", "serviced"},
                    new String[] {"blkio.io_queued_recursive", "queued"},
                    new String[] {"blkio.io_service_time_recursive", "service_time"},
                    new String[] {"blkio.io_wait_time_recursive", "wait_time"},
                    new String[] {"blkio.io_merged_recursive", "merged"},
                    new String[] {"blkio.time_recursive", "time"},
                    new String[] {"blkio.sectors_recursive", "sectors"}),
            List.of(new String[] {"blkio.throttle.io_service_bytes_recursive", "bytes"},
                    new String[] {"blkio.throttle.io_serviced_recursive", "serviced"}),
            List.of(new String[] {"blkio.throttle.io_service_bytes", "bytes"},
                    new String[] {"blkio.throttle.io_serviced", "serviced"}));

    private static CgroupStats.Blkio blkio(AbstractManager m, Path d) throws CgroupException {
        if (d == null || !m.io.exists(d)) {
            return CgroupStats.Blkio.EMPTY;
        }
        for (List<String[]> group : BLKIO_GROUPS) {
            if (m.readIfExists(d, group.getFirst()[0]) == null) {
                continue;
            }
            Map<String, List<CgroupStats.BlkioEntry>> got = new LinkedHashMap<>();
            for (String[] f : group) {
                String content = m.readIfExists(d, f[0]);
                got.put(f[1], content == null ? List.of() : parseBlkio(content, d.resolve(f[0])));
            }
            return new CgroupStats.Blkio(got.getOrDefault("bytes", List.of()), got.getOrDefault("serviced", List.of()),
                    got.getOrDefault("queued", List.of()), got.getOrDefault("service_time", List.of()),
                    got.getOrDefault("wait_time", List.of()), got.getOrDefault("merged", List.of()),
                    got.getOrDefault("time", List.of()), got.getOrDefault("sectors", List.of()));
        }
        return CgroupStats.Blkio.EMPTY;
    }

    /** "8:0 Read 1282048" / "8:0 6792" lines; the "Total N" line is skipped. */
    static List<CgroupStats.BlkioEntry> parseBlkio(String content, Path file) throws CgroupException {
        List<CgroupStats.BlkioEntry> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            String[] f = line.strip().split("[ :]+");
            if (line.isBlank()) {
                continue;
            }
            if (f.length < 3) {
                if (f.length == 2 && f[0].equals("Total")) {
                    continue;
                }
                throw new CgroupException("cgroup: invalid line found while parsing " + file + ": " + line);
            }
            try {
                String op = f.length == 4 ? f[2] : "";
                out.add(new CgroupStats.BlkioEntry(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]), op,
                        Long.parseUnsignedLong(f[f.length == 4 ? 3 : 2])));
            } catch (NumberFormatException e) {
                throw new CgroupException("cgroup: invalid line found while parsing " + file + ": " + line);
            }
        }
        return out;
    }

    private static Map<String, CgroupStats.Hugetlb> hugetlb(AbstractManager m, Path d) throws CgroupException {
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        if (d == null || !m.io.exists(d)) {
            return out;
        }
        for (String size : m.hugePageSizes(d, ".limit_in_bytes")) {
            String p = "hugetlb." + size;
            out.put(size, new CgroupStats.Hugetlb(m.readUint(d, p + ".usage_in_bytes"),
                    m.readUint(d, p + ".max_usage_in_bytes"), m.readUint(d, p + ".failcnt")));
        }
        return out;
    }
}
