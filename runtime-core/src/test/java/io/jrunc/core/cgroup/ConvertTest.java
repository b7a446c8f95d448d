package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvertTest {
    @Test
    void cpuSharesToWeightMatchesRuncTable() {
        // opencontainers/cgroups v0.0.5 utils_test TestConvertCPUSharesToCgroupV2Value
        assertThat(Convert.cpuSharesToWeight(0)).isZero();
        assertThat(Convert.cpuSharesToWeight(1)).isEqualTo(1);
        assertThat(Convert.cpuSharesToWeight(2)).isEqualTo(1);
        assertThat(Convert.cpuSharesToWeight(3)).isEqualTo(2);
        assertThat(Convert.cpuSharesToWeight(1024)).isEqualTo(100);
        assertThat(Convert.cpuSharesToWeight(262143)).isEqualTo(10000);
        assertThat(Convert.cpuSharesToWeight(262144)).isEqualTo(10000);
        assertThat(Convert.cpuSharesToWeight(262145)).isEqualTo(10000);
        assertThat(Convert.cpuSharesToWeight(-1L)).isEqualTo(10000); // uint64 max
    }

    @Test
    void cpuSharesToWeightMidRange() {
        assertThat(Convert.cpuSharesToWeight(512)).isEqualTo(59);
        assertThat(Convert.cpuSharesToWeight(2048)).isEqualTo(174);
        assertThat(Convert.cpuSharesToWeight(100)).isEqualTo(17);
        assertThat(Convert.cpuSharesToWeight(100000)).isEqualTo(4340);
    }

    @Test
    void goLog2IsExactForPowersOfTwo() {
        for (int i = 1; i < 60; i++) {
            assertThat(Convert.goLog2(Math.pow(2, i))).isEqualTo(i);
        }
    }

    @Test
    void blkioWeight() {
        assertThat(Convert.blkioWeightToIoWeight(0)).isZero();
        assertThat(Convert.blkioWeightToIoWeight(10)).isEqualTo(1);
        assertThat(Convert.blkioWeightToIoWeight(500)).isEqualTo(1 + 490 * 9999 / 990);
        assertThat(Convert.blkioWeightToIoWeight(1000)).isEqualTo(10000);
    }

    @Test
    void memorySwapToV2AsRunc() throws Exception {
        assertThat(Convert.memorySwapToV2(0, 0)).isZero();
        assertThat(Convert.memorySwapToV2(-1, 0)).isEqualTo(-1);
        assertThat(Convert.memorySwapToV2(-1, -1)).isEqualTo(-1);
        assertThat(Convert.memorySwapToV2(0, -1)).isEqualTo(-1);
        assertThat(Convert.memorySwapToV2(-1, 1000)).isEqualTo(-1);
        assertThat(Convert.memorySwapToV2(1000, 1000)).isZero();
        assertThat(Convert.memorySwapToV2(500, 200)).isEqualTo(300);
        assertThat(Convert.memorySwapToV2(500, -1)).isEqualTo(500);
        assertThatThrownBy(() -> Convert.memorySwapToV2(-2, 0))
                .hasMessage("cgroup: unable to set swap limit without memory limit");
        assertThatThrownBy(() -> Convert.memorySwapToV2(300, 400))
                .hasMessage("cgroup: memory+swap limit should be >= memory limit");
        assertThatThrownBy(() -> Convert.memorySwapToV2(300, -5)).hasMessage("cgroup: invalid memory value: -5");
    }

    @Test
    void numToStr() {
        assertThat(Convert.numToStr(0)).isEmpty();
        assertThat(Convert.numToStr(-1)).isEqualTo("max");
        assertThat(Convert.numToStr(10)).isEqualTo("10");
    }

    @Test
    void parseUint() throws Exception {
        assertThat(Convert.parseUint("max\n")).isEqualTo(-1L);
        assertThat(Convert.parseUint("18446744073709551615")).isEqualTo(-1L);
        assertThat(Convert.parseUint("-5")).isZero();
        assertThat(Convert.parseUint(" 42 \n")).isEqualTo(42);
        assertThatThrownBy(() -> Convert.parseUint("x")).isInstanceOf(CgroupException.class);
    }
}
