package io.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads v2 statistics as runc's fs2 driver does, in the v1-shaped runc stats. */
final class V2Stats {
    private V2Stats() {
    }

    static CgroupStats read(AbstractManager m, Path d) throws CgroupException {
        return new CgroupStats(cpu(m, d), memory(m, d), pids(m, d), io(m, d), hugetlb(m, d));
    }

    private static CgroupStats.Cpu cpu(AbstractManager m, Path d) throws CgroupException {
        if (m.readIfExists(d, "cpu.stat") == null) {
            return new CgroupStats.Cpu(new CgroupStats.CpuUsage(0, List.of(), List.of(), List.of(), 0, 0),
                    new CgroupStats.Throttling(0, 0, 0));
        }
        Map<String, Long> st = m.keyValues(d, "cpu.stat");
        return new CgroupStats.Cpu(new CgroupStats.CpuUsage(st.getOrDefault("usage_usec", 0L) * 1000, List.of(),
                List.of(), List.of(), st.getOrDefault("system_usec", 0L) * 1000,
                st.getOrDefault("user_usec", 0L) * 1000),
                new CgroupStats.Throttling(st.getOrDefault("nr_periods", 0L), st.getOrDefault("nr_throttled", 0L),
                        st.getOrDefault("throttled_usec", 0L) * 1000));
    }

    private static CgroupStats.Memory memory(AbstractManager m, Path d) throws CgroupException {
        if (m.readIfExists(d, "memory.stat") == null) {
            return new CgroupStats.Memory(0, CgroupStats.MemoryEntry.EMPTY, CgroupStats.MemoryEntry.EMPTY,
                    CgroupStats.MemoryEntry.EMPTY, CgroupStats.MemoryEntry.EMPTY, Map.of());
        }
        Map<String, Long> raw = m.keyValues(d, "memory.stat");
        CgroupStats.MemoryEntry usage = entry(m, d, "memory");
        CgroupStats.MemoryEntry swap = CgroupStats.MemoryEntry.EMPTY;
        if (m.readIfExists(d, "memory.swap.current") != null) {
            CgroupStats.MemoryEntry s = entry(m, d, "memory.swap");
            // v1 reports memory+swap: add the memory values, as runc does
            long limit = s.limit() == -1L ? -1L : s.limit() + usage.limit();
            swap = new CgroupStats.MemoryEntry(limit, s.usage() + usage.usage(), s.max(), s.failcnt());
        }
        return new CgroupStats.Memory(raw.getOrDefault("file", 0L), usage, swap, CgroupStats.MemoryEntry.EMPTY,
                CgroupStats.MemoryEntry.EMPTY, raw);
    }

    /** usage: .current, limit: .max, max usage: .peak when the kernel has it. */
    private static CgroupStats.MemoryEntry entry(AbstractManager m, Path d, String prefix) throws CgroupException {
        long usage = m.readUint(d, prefix + ".current");
        long limit = m.readUint(d, prefix + ".max");
        long peak = m.readIfExists(d, prefix + ".peak") == null ? 0 : m.readUint(d, prefix + ".peak");
        return new CgroupStats.MemoryEntry(limit, usage, peak, 0);
    }

    private static CgroupStats.Pids pids(AbstractManager m, Path d) throws CgroupException {
        if (m.readIfExists(d, "pids.current") == null) {
            // controller not enabled: count the processes
            return new CgroupStats.Pids(m.pidsRecursive(d).size(), 0);
        }
        long max = m.readUint(d, "pids.max");
        return new CgroupStats.Pids(m.readUint(d, "pids.current"), max == -1L ? 0 : max);
    }

    /** io.stat "8:0 rbytes=1 wbytes=2 rios=3 wios=4 …" mapped to v1's Read/Write tables. */
    private static CgroupStats.Blkio io(AbstractManager m, Path d) throws CgroupException {
        String s = m.readIfExists(d, "io.stat");
        if (s == null) {
            return CgroupStats.Blkio.EMPTY;
        }
        List<CgroupStats.BlkioEntry> bytes = new ArrayList<>();
        List<CgroupStats.BlkioEntry> ios = new ArrayList<>();
        for (String line : s.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            String[] mm = f[0].split(":");
            if (mm.length != 2) {
                continue;
            }
            long major = Long.parseUnsignedLong(mm[0]);
            long minor = Long.parseUnsignedLong(mm[1]);
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=");
                if (kv.length != 2) {
                    continue;
                }
                long v = Long.parseUnsignedLong(kv[1]);
                switch (kv[0]) {
                    case "rbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Read", v));
                    case "wbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Write", v));
                    case "rios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Read", v));
                    case "wios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Write", v));
                    default -> {
                        // no v1 counterpart
                    }
                }
            }
        }
        return new CgroupStats.Blkio(bytes, ios, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static Map<String, CgroupStats.Hugetlb> hugetlb(AbstractManager m, Path d) throws CgroupException {
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        for (String size : m.hugePageSizes(d, ".max")) {
            String p = "hugetlb." + size;
            long failcnt = 0;
            if (m.readIfExists(d, p + ".events") != null) {
                failcnt = m.keyValues(d, p + ".events").getOrDefault("max", 0L);
            }
            out.put(size, new CgroupStats.Hugetlb(m.readUint(d, p + ".current"), 0, failcnt));
        }
        return out;
    }
}
