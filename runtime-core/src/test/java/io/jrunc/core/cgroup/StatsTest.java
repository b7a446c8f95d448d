package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsTest {
    @TempDir
    Path tmp;

    @Test
    void v1StatsInRuncsShape() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.v1(tmp, "cpu,cpuacct", "memory", "pids", "blkio", "hugetlb");
        CgroupManager m = CgroupManagers.open(fs.hostV1(null), CgroupConfig.of("ct", "/ct"), fs, tmp);
        m.create();
        fs.set("cpu,cpuacct/ct/cpuacct.usage", "123456789\n");
        fs.set("cpu,cpuacct/ct/cpuacct.stat", "user 150\nsystem 50\n");
        fs.set("cpu,cpuacct/ct/cpuacct.usage_percpu", "100 200 \n");
        fs.set("cpu,cpuacct/ct/cpuacct.usage_all", "cpu user system\n0 70 30\n1 150 50\n");
        fs.set("cpu,cpuacct/ct/cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 999\n");
        fs.set("memory/ct/memory.stat", "cache 4096\nrss 8192\ntotal_cache 4096\n");
        fs.set("memory/ct/memory.usage_in_bytes", "12288\n");
        fs.set("memory/ct/memory.max_usage_in_bytes", "20000\n");
        fs.set("memory/ct/memory.limit_in_bytes", "67108864\n");
        fs.set("memory/ct/memory.failcnt", "3\n");
        fs.set("pids/ct/pids.current", "4\n");
        fs.set("blkio/ct/blkio.throttle.io_service_bytes", "8:0 Read 1024\n8:0 Write 2048\nTotal 3072\n");
        fs.set("blkio/ct/blkio.throttle.io_serviced", "8:0 Read 1\n8:0 Write 2\nTotal 3\n");
        fs.set("hugetlb/ct/hugetlb.2MB.usage_in_bytes", "2097152\n");
        fs.set("hugetlb/ct/hugetlb.2MB.failcnt", "1\n");

        CgroupStats s = m.stats();
        assertThat(s.cpu().usage().total()).isEqualTo(123456789);
        assertThat(s.cpu().usage().user()).isEqualTo(1_500_000_000L);
        assertThat(s.cpu().usage().kernel()).isEqualTo(500_000_000L);
        assertThat(s.cpu().usage().percpu()).containsExactly(100L, 200L);
        assertThat(s.cpu().usage().percpuUser()).containsExactly(70L, 150L);
        assertThat(s.pids()).isEqualTo(new CgroupStats.Pids(4, 0));

        JsonNode j = new ObjectMapper().readTree(s.toJson());
        assertThat(j.path("cpu").path("throttling").path("throttledPeriods").asLong()).isEqualTo(2);
        assertThat(j.path("memory").path("cache").asLong()).isEqualTo(4096);
        assertThat(j.path("memory").path("usage").toString())
                .isEqualTo("{\"limit\":67108864,\"usage\":12288,\"max\":20000,\"failcnt\":3}");
        assertThat(j.path("memory").path("swap").path("limit").asText()).isEqualTo("9223372036854771712");
        assertThat(j.path("memory").path("raw").path("rss").asLong()).isEqualTo(8192);
        assertThat(j.path("pids").toString()).isEqualTo("{\"current\":4}");
        assertThat(j.path("blkio").path("ioServiceBytesRecursive").toString()).isEqualTo(
                "[{\"major\":8,\"op\":\"Read\",\"value\":1024},{\"major\":8,\"op\":\"Write\",\"value\":2048}]");
        assertThat(j.path("hugetlb").path("2MB").toString()).isEqualTo("{\"usage\":2097152,\"failcnt\":1}");
        assertThat(j.path("hugetlb").path("1GB").toString()).isEqualTo("{\"failcnt\":0}");
        assertThat(j.has("network_interfaces")).isTrue();
        assertThat(j.path("cpuset").path("cpu_exclusive").asLong()).isZero();
    }

    @Test
    void v2StatsInRuncsShape() throws Exception {
        FakeCgroupFs fs = FakeCgroupFs.v2(tmp, "cpu", "io", "memory", "hugetlb", "pids");
        CgroupManager m = CgroupManagers.open(fs.hostV2(), CgroupConfig.of("ct", "/ct"), fs, tmp);
        m.create();
        fs.set("ct/cpu.stat", "usage_usec 100\nuser_usec 60\nsystem_usec 40\nnr_periods 5\nnr_throttled 1\n"
                + "throttled_usec 7\n");
        fs.set("ct/memory.stat", "anon 100\nfile 200\n");
        fs.set("ct/memory.current", "300\n");
        fs.set("ct/memory.max", "1000\n");
        fs.set("ct/memory.swap.current", "50\n");
        fs.set("ct/memory.swap.max", "max\n");
        fs.set("ct/pids.current", "2\n");
        fs.set("ct/pids.max", "10\n");
        fs.set("ct/io.stat", "8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n");
        fs.set("ct/hugetlb.2MB.current", "4194304\n");
        fs.set("ct/hugetlb.2MB.events", "max 2\n");

        CgroupStats s = m.stats();
        assertThat(s.cpu().usage().total()).isEqualTo(100_000);
        assertThat(s.cpu().usage().user()).isEqualTo(60_000);
        assertThat(s.cpu().throttling().throttledTime()).isEqualTo(7000);
        assertThat(s.memory().cache()).isEqualTo(200);
        assertThat(s.memory().usage()).isEqualTo(new CgroupStats.MemoryEntry(1000, 300, 0, 0));
        assertThat(s.memory().swap()).isEqualTo(new CgroupStats.MemoryEntry(-1L, 350, 0, 0));
        assertThat(s.pids()).isEqualTo(new CgroupStats.Pids(2, 10));
        assertThat(s.blkio().ioServiceBytesRecursive()).containsExactly(new CgroupStats.BlkioEntry(8, 0, "Read", 10),
                new CgroupStats.BlkioEntry(8, 0, "Write", 20));
        assertThat(s.hugetlb().get("2MB")).isEqualTo(new CgroupStats.Hugetlb(4194304, 0, 2));
        JsonNode j = new ObjectMapper().readTree(s.toJson());
        assertThat(j.path("memory").path("swap").path("limit").asText()).isEqualTo("18446744073709551615");
    }
}
