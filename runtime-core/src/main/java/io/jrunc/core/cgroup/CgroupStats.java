package io.jrunc.core.cgroup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cgroup statistics in the shape of runc's {@code types.Stats} (the "data" of
 * {@code runc events --stats}); all numbers are unsigned 64-bit values held in longs.
 * {@link #writeJson} reproduces Go's encoding, including which fields are omitempty.
 */
public record CgroupStats(Cpu cpu, Memory memory, Pids pids, Blkio blkio, Map<String, Hugetlb> hugetlb) {
    public CgroupStats {
        hugetlb = new TreeMap<>(hugetlb);
    }

    /** Units: nanoseconds. */
    public record CpuUsage(long total, List<Long> percpu, List<Long> percpuKernel, List<Long> percpuUser,
                           long kernel, long user) {
    }

    public record Throttling(long periods, long throttledPeriods, long throttledTime) {
    }

    public record Cpu(CpuUsage usage, Throttling throttling) {
    }

    public record MemoryEntry(long limit, long usage, long max, long failcnt) {
        public static final MemoryEntry EMPTY = new MemoryEntry(0, 0, 0, 0);
    }

    public record Memory(long cache, MemoryEntry usage, MemoryEntry swap, MemoryEntry kernel, MemoryEntry kernelTCP,
                         Map<String, Long> raw) {
        public Memory {
            raw = new TreeMap<>(raw);
        }
    }

    public record Pids(long current, long limit) {
    }

    public record BlkioEntry(long major, long minor, String op, long value) {
    }

    public record Blkio(List<BlkioEntry> ioServiceBytesRecursive, List<BlkioEntry> ioServicedRecursive,
                        List<BlkioEntry> ioQueuedRecursive, List<BlkioEntry> ioServiceTimeRecursive,
                        List<BlkioEntry> ioWaitTimeRecursive, List<BlkioEntry> ioMergedRecursive,
                        List<BlkioEntry> ioTimeRecursive, List<BlkioEntry> sectorsRecursive) {
        public static final Blkio EMPTY = new Blkio(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    public record Hugetlb(long usage, long max, long failcnt) {
    }

    /** The JSON runc prints as the stats event's "data". */
    public String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            writeJson(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("cpu");
        g.writeObjectFieldStart("usage");
        u64(g, "total", cpu.usage().total(), true);
        list(g, "percpu", cpu.usage().percpu());
        list(g, "percpu_kernel", cpu.usage().percpuKernel());
        list(g, "percpu_user", cpu.usage().percpuUser());
        u64(g, "kernel", cpu.usage().kernel(), false);
        u64(g, "user", cpu.usage().user(), false);
        g.writeEndObject();
        g.writeObjectFieldStart("throttling");
        u64(g, "periods", cpu.throttling().periods(), true);
        u64(g, "throttledPeriods", cpu.throttling().throttledPeriods(), true);
        u64(g, "throttledTime", cpu.throttling().throttledTime(), true);
        g.writeEndObject();
        g.writeEndObject();

        g.writeObjectFieldStart("cpuset");
        for (String k : List.of("cpu_exclusive", "mem_hardwall", "mem_exclusive", "memory_migrate",
                "memory_spread_page", "memory_spread_slab", "memory_pressure", "sched_load_balance",
                "sched_relax_domain_level")) {
            g.writeNumberField(k, 0);
        }
        g.writeEndObject();

        g.writeObjectFieldStart("memory");
        u64(g, "cache", memory.cache(), true);
        entry(g, "usage", memory.usage());
        entry(g, "swap", memory.swap());
        entry(g, "kernel", memory.kernel());
        entry(g, "kernelTCP", memory.kernelTCP());
        if (!memory.raw().isEmpty()) {
            g.writeObjectFieldStart("raw");
            for (Map.Entry<String, Long> e : memory.raw().entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeNumber(Long.toUnsignedString(e.getValue()));
            }
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("pids");
        u64(g, "current", pids.current(), true);
        u64(g, "limit", pids.limit(), true);
        g.writeEndObject();

        g.writeObjectFieldStart("blkio");
        blk(g, "ioServiceBytesRecursive", blkio.ioServiceBytesRecursive());
        blk(g, "ioServicedRecursive", blkio.ioServicedRecursive());
        blk(g, "ioQueueRecursive", blkio.ioQueuedRecursive());
        blk(g, "ioServiceTimeRecursive", blkio.ioServiceTimeRecursive());
        blk(g, "ioWaitTimeRecursive", blkio.ioWaitTimeRecursive());
        blk(g, "ioMergedRecursive", blkio.ioMergedRecursive());
        blk(g, "ioTimeRecursive", blkio.ioTimeRecursive());
        blk(g, "sectorsRecursive", blkio.sectorsRecursive());
        g.writeEndObject();

        g.writeObjectFieldStart("hugetlb");
        for (Map.Entry<String, Hugetlb> e : hugetlb.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            u64(g, "usage", e.getValue().usage(), true);
            u64(g, "max", e.getValue().max(), true);
            u64(g, "failcnt", e.getValue().failcnt(), false);
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("intel_rdt");
        g.writeEndObject();
        g.writeNullField("network_interfaces");
        g.writeEndObject();
    }

    private static void entry(JsonGenerator g, String name, MemoryEntry e) throws IOException {
        g.writeObjectFieldStart(name);
        u64(g, "limit", e.limit(), false);
        u64(g, "usage", e.usage(), true);
        u64(g, "max", e.max(), true);
        u64(g, "failcnt", e.failcnt(), false);
        g.writeEndObject();
    }

    private static void blk(JsonGenerator g, String name, List<BlkioEntry> entries) throws IOException {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (BlkioEntry e : entries) {
            g.writeStartObject();
            u64(g, "major", e.major(), true);
            u64(g, "minor", e.minor(), true);
            if (e.op() != null && !e.op().isEmpty()) {
                g.writeStringField("op", e.op());
            }
            u64(g, "value", e.value(), true);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void list(JsonGenerator g, String name, List<Long> values) throws IOException {
        if (values == null || values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (long v : values) {
            g.writeNumber(Long.toUnsignedString(v));
        }
        g.writeEndArray();
    }

    private static void u64(JsonGenerator g, String name, long v, boolean omitEmpty) throws IOException {
        if (omitEmpty && v == 0) {
            return;
        }
        g.writeFieldName(name);
        g.writeNumber(Long.toUnsignedString(v));
    }
}
