package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespaces created, left out (the host's are shared), joined by path; user and time namespaces; sysctl. */
class NamespacesIT extends InsideTestBase {
    private static final List<String> KINDS = List.of("pid", "net", "ipc", "uts", "mnt", "cgroup", "time", "user");

    private static String hostNs(String kind) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + kind)).toString();
    }

    private static String nsProbe() {
        StringBuilder s = new StringBuilder();
        for (String k : KINDS) {
            s.append("echo ").append(k).append(" $(readlink /proc/$$/ns/").append(k).append("); ");
        }
        return s.substring(0, s.length() - 2);
    }

    private static Map<String, String> nsLinks(String section) {
        Map<String, String> m = new java.util.HashMap<>();
        section.lines().forEach(l -> m.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        return m;
    }

    @Test
    void everyKindCanBeNewAndSysctlsApplyInsideOnly() throws Exception {
        String hostForward = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        String hostShmmni = Files.readString(Path.of("/proc/sys/kernel/shmmni")).strip();
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ArrayNode ns = (ArrayNode) linux(c).get("namespaces");
            ns.addObject().put("type", "cgroup");
            ns.addObject().put("type", "time");
            ObjectNode sysctl = linux(c).putObject("sysctl");
            sysctl.put("net.ipv4.ip_forward", hostForward.equals("1") ? "0" : "1");
            sysctl.put("kernel.shmmni", "1234");
        }, probes(
                "ns", nsProbe(),
                "forward", "cat /proc/sys/net/ipv4/ip_forward",
                "shmmni", "cat /proc/sys/kernel/shmmni",
                "net", "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '"));
        Map<String, String> links = nsLinks(s.get("ns"));
        for (String k : List.of("pid", "net", "ipc", "uts", "mnt", "cgroup", "time")) {
            assertThat(links.get(k)).as(k).isNotEqualTo(hostNs(k)).startsWith(k + ":[");
        }
        assertThat(links.get("user")).as("no user namespace asked for").isEqualTo(hostNs("user"));
        assertThat(s.get("forward")).isEqualTo(hostForward.equals("1") ? "0" : "1");
        assertThat(s.get("shmmni")).isEqualTo("1234");
        assertThat(s.get("net")).as("a new network namespace has only lo").isEqualTo("lo");
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip()).isEqualTo(hostForward);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/shmmni")).strip()).isEqualTo(hostShmmni);
    }

    @Test
    void leftOutNamespacesAreTheHosts() throws Exception {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            dropNamespace(c, "pid");
            dropNamespace(c, "network");
            dropNamespace(c, "ipc");
            // /sys of the host's network namespace is not ours to mount
            ArrayNode m = mounts(c);
            for (int i = m.size() - 1; i >= 0; i--) {
                if (m.get(i).get("destination").asText().startsWith("/sys")) {
                    m.remove(i);
                }
            }
            ArrayNode masked = (ArrayNode) linux(c).get("maskedPaths");
            for (int i = masked.size() - 1; i >= 0; i--) {
                if (masked.get(i).asText().startsWith("/sys")) {
                    masked.remove(i);
                }
            }
        }, probes(
                "ns", nsProbe(),
                "pid", "echo $$",
                "net", "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ' | sort"));
        Map<String, String> links = nsLinks(s.get("ns"));
        for (String k : List.of("pid", "net", "ipc", "user", "cgroup", "time")) {
            assertThat(links.get(k)).as(k).isEqualTo(hostNs(k));
        }
        assertThat(links.get("uts")).isNotEqualTo(hostNs("uts"));
        assertThat(links.get("mnt")).isNotEqualTo(hostNs("mnt"));
        assertThat(Integer.parseInt(s.get("pid"))).as("the host's pid, not 1").isGreaterThan(1);
        List<String> hostIfaces = Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).strip()).sorted().toList();
        assertThat(s.get("net").lines().toList()).isEqualTo(hostIfaces);
    }

    @Test
    void aContainerJoinsAnothersNamespacesByPath() throws Exception {
        Path a = bundle(Bundles.Rootfs.BUSYBOX, c -> c.put("hostname", "alpha"), "sleep", "60");
        String idA = newId();
        ProcResult runA = jrunc("run", "-d", "--bundle", a.toString(), idA);
        assertThat(runA.exitCode()).as(runA.describe()).isZero();
        try {
            int pidA = Bundles.JSON.readTree(jrunc("state", idA).stdout()).get("pid").asInt();
            Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
                c.remove("hostname"); // setting it would rename A
                setNamespace(c, "network", "/proc/" + pidA + "/ns/net");
                setNamespace(c, "ipc", "/proc/" + pidA + "/ns/ipc");
                setNamespace(c, "uts", "/proc/" + pidA + "/ns/uts");
            }, probes("ns", nsProbe(), "hostname", "hostname", "pid", "echo $$"));
            Map<String, String> links = nsLinks(s.get("ns"));
            for (String k : List.of("net", "ipc", "uts")) {
                assertThat(links.get(k)).as(k)
                        .isEqualTo(Files.readSymbolicLink(Path.of("/proc/" + pidA + "/ns/" + k)).toString());
            }
            assertThat(links.get("pid")).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/" + pidA + "/ns/pid")).toString());
            assertThat(s.get("hostname")).isEqualTo("alpha");
            assertThat(s.get("pid")).isEqualTo("1");
        } finally {
            assertThat(jrunc("delete", "--force", idA).exitCode()).isZero();
        }
    }

    @Test
    void aUserNamespaceMapsRootTo100000() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = tmp.resolve("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ((ArrayNode) linux(c).get("namespaces")).addObject().put("type", "user");
            for (String f : List.of("uidMappings", "gidMappings")) {
                linux(c).putArray(f).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            }
            ArrayNode m = mounts(c);
            for (int i = m.size() - 1; i >= 0; i--) {
                if (m.get(i).get("destination").asText().equals("/sys/fs/cgroup")) {
                    m.remove(i); // cgroup v1 hierarchies cannot be mounted from a user namespace (cgroups are out of scope here)
                }
            }
            addMount(c, "/shared", "bind", shared.toString(), "rbind", "rw");
            // as with runc, the rootfs must belong to the mapped root for mkdir and mknod targets
            ProcResult chown = Proc.run(List.of("chown", "-R", "100000:100000", tmp.resolve("bundle-1/rootfs").toString()),
                    java.time.Duration.ofSeconds(60));
            assertThat(chown.exitCode()).as(chown.describe()).isZero();
        }, probes(
                "uidmap", "cat /proc/self/uid_map",
                "gidmap", "cat /proc/self/gid_map",
                "id", "id -u; id -g",
                "write", "echo hi > /shared/made-inside && echo ok",
                "devnull", "echo x > /dev/null && echo null-ok"));
        assertThat(s.get("uidmap").strip().split("\\s+")).containsExactly("0", "100000", "65536");
        assertThat(s.get("gidmap").strip().split("\\s+")).containsExactly("0", "100000", "65536");
        assertThat(s.get("id")).isEqualTo("0\n0");
        assertThat(s.get("write")).isEqualTo("ok");
        assertThat(s.get("devnull")).isEqualTo("null-ok");
        Path made = shared.resolve("made-inside");
        assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo(100000);
        assertThat(Files.getAttribute(made, "unix:gid")).isEqualTo(100000);
    }

    @Test
    void aTimeNamespaceShiftsTheClocksByItsOffsets() throws Exception {
        long days = 10;
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ((ArrayNode) linux(c).get("namespaces")).addObject().put("type", "time");
            ObjectNode off = linux(c).putObject("timeOffsets");
            off.putObject("monotonic").put("secs", days * 86400).put("nanosecs", 0);
            off.putObject("boottime").put("secs", days * 86400).put("nanosecs", 0);
        }, probes("offsets", "cat /proc/self/timens_offsets", "uptime", "cut -d. -f1 /proc/uptime"));
        assertThat(s.get("offsets").lines().map(l -> l.trim().replaceAll("\\s+", " ")))
                .containsExactlyInAnyOrder("monotonic " + days * 86400 + " 0", "boottime " + days * 86400 + " 0");
        long hostUptime = (long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        assertThat(Long.parseLong(s.get("uptime"))).isBetween(days * 86400, hostUptime + days * 86400 + 1);
        assertThat(Long.parseLong(s.get("uptime"))).isGreaterThanOrEqualTo(hostUptime - 600 + days * 86400);
    }
}
