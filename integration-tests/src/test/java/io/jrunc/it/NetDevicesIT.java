package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * linux.netDevices: a host interface moves into the container's network namespace under its new
 * name, up; the host no longer sees it; delete brings it back under its own name. This host's
 * kernel has no dummy driver, so the interfaces are veth pairs made per test ({@code jr<hex>a}
 * with peer {@code jr<hex>b}; removed in tearDown). The peer stays on the host, so the pair only
 * survives if the moved end comes back: a lost device would also take the peer with it.
 */
class NetDevicesIT extends JruncTestBase {
    private String dev;
    private String peer;
    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void makeVethPair() {
        String hex = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        dev = "jr" + hex + "a";
        peer = "jr" + hex + "b";
        ProcResult r = Proc.run(List.of("ip", "link", "add", dev, "type", "veth", "peer", "name", peer), tmp, null,
                TIMEOUT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        made.add(dev);
    }

    @AfterEach
    void removeVethPair() {
        for (String d : made) {
            if (onHost(d)) {
                Proc.run(List.of("ip", "link", "del", d), tmp, null, TIMEOUT);
            }
        }
    }

    static boolean onHost(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    static Consumer<ObjectNode> netDevices(String json) {
        return c -> {
            try {
                InsideTestBase.linux(c).set("netDevices", Bundles.JSON.readTree(json));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    String running(Consumer<ObjectNode> edit) {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, edit, "sleep", "600");
        String id = newId();
        ProcResult r = jrunc("run", "-d", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return id;
    }

    @Test
    void theDeviceMovesInRenamedAndUpAndComesBackAtDelete() throws Exception {
        String id = running(netDevices("{\"" + dev + "\": {\"name\": \"eth9\"}}"));
        try {
            ProcResult in = jrunc("exec", id, "sh", "-c",
                    "ls /sys/class/net | tr '\\n' ' '; echo; cat /sys/class/net/eth9/flags; ip -o link show eth9");
            assertThat(in.exitCode()).as(in.describe()).isZero();
            List<String> lines = in.stdoutLines();
            assertThat(lines.get(0).strip().split(" ")).containsExactlyInAnyOrder("eth9", "lo");
            assertThat(Integer.decode(lines.get(1).strip()) & 1).as("IFF_UP in %s", lines.get(1)).isEqualTo(1);
            assertThat(lines.get(2)).contains("eth9").contains("UP");
            assertThat(onHost(dev)).as("the host no longer sees " + dev).isFalse();
            assertThat(onHost(peer)).as("its peer stays").isTrue();
        } finally {
            ProcResult d = jrunc("delete", "--force", id);
            assertThat(d.exitCode()).as(d.describe()).isZero();
        }
        assertThat(onHost(dev)).as(dev + " is back under its own name").isTrue();
        assertThat(Files.readString(Path.of("/sys/class/net", dev, "flags")).strip()).satisfies(
                f -> assertThat(Integer.decode(f) & 1).as("set down before it came back").isZero());
    }

    @Test
    void withoutANewNameTheDeviceKeepsItsOwn() {
        String id = running(netDevices("{\"" + dev + "\": {}}"));
        try {
            ProcResult in = jrunc("exec", id, "test", "-e", "/sys/class/net/" + dev);
            assertThat(in.exitCode()).as(in.describe()).isZero();
        } finally {
            jrunc("delete", "--force", id);
        }
        assertThat(onHost(dev)).isTrue();
    }

    @Test
    void aMissingHostDeviceFailsCreateAndTheOnesMovedAlreadyComeBack() {
        String missing = dev.substring(0, dev.length() - 1) + "z"; // sorts after dev: dev is moved first
        Path b = bundle(Bundles.Rootfs.BUSYBOX, netDevices("{\"" + dev + "\": {\"name\": \"eth1\"}, \"" + missing
                + "\": {}}"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("linux.netDevices." + missing + ": no network device " + missing
                + " on the host");
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(onHost(dev)).as(dev + " came back when create failed").isTrue();
        assertThat(onHost(peer)).isTrue();
    }

    @Test
    void aNameTheContainerAlreadyHasIsRefused() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, netDevices("{\"" + dev + "\": {\"name\": \"lo\"}}"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("linux.netDevices." + dev + ": the container already has a network device"
                + " named lo");
        assertThat(onHost(dev)).isTrue();
    }

    @Test
    void withoutANetworkNamespaceTheConfigIsRefused() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, netDevices("{\"" + dev + "\": {}}")
                .andThen(c -> InsideTestBase.dropNamespace(c, "network")), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("config.json: linux.netDevices: requires a network namespace");
        assertThat(onHost(dev)).isTrue();
    }

    @Test
    void twoDevicesWithOneContainerNameAreRefused() {
        made.add(peer);
        Path b = bundle(Bundles.Rootfs.BUSYBOX, netDevices("{\"" + dev + "\": {\"name\": \"eth1\"}, \"" + peer
                + "\": {\"name\": \"eth1\"}}"), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("config.json: linux.netDevices." + peer + ": both ")
                .contains(dev).contains("would be named").contains("eth1").contains("in the container");
        assertThat(onHost(dev)).isTrue();
        assertThat(onHost(peer)).isTrue();
    }
}
