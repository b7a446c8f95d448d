package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A user namespace mapping 0 → 100000 (65536 ids), and id-mapped bind mounts, seen from inside and from the host. */
class UserNamespaceIT extends JruncTestBase {

    /** The container's root (host uid 100000) must reach the rootfs, as with runc: tmp is 0700. */
    @org.junit.jupiter.api.BeforeEach
    void letTheMappedRootIn() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    static void map(ArrayNode a, long container, long host, long size) {
        a.addObject().put("containerID", container).put("hostID", host).put("size", size);
    }

    /** runc's default config with a new user namespace; cgroup mounts left out (not done in a user namespace yet). */
    static Consumer<ObjectNode> userns() {
        return c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "user");
            map(linux.putArray("uidMappings"), 0, 100000, 65536);
            map(linux.putArray("gidMappings"), 0, 100000, 65536);
            ArrayNode mounts = (ArrayNode) c.get("mounts");
            for (int i = mounts.size() - 1; i >= 0; i--) {
                if ("cgroup".equals(mounts.get(i).path("type").asText())) {
                    mounts.remove(i);
                }
            }
        };
    }

    static ObjectNode bind(ObjectNode c, Path src, String dst) {
        ObjectNode m = ((ArrayNode) c.get("mounts")).addObject();
        m.put("destination", dst).put("type", "bind").put("source", src.toString());
        m.putArray("options").add("bind");
        return m;
    }

    /** The busybox copy belongs to the container's root, as a user-namespaced rootfs does. */
    static Path chownRootfs(Path bundle) {
        ProcResult r = Proc.run(java.util.List.of("chown", "-R", "100000:100000", bundle.resolve("rootfs").toString()),
                java.time.Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return bundle;
    }

    Path sharedDir(String name) throws IOException {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        return d;
    }

    @Test
    void theContainerSeesItsMapAndItsFilesBelongToTheMappedHostUid() throws Exception {
        Path shared = sharedDir("shared");
        Path b = bundle(Bundles.Rootfs.BUSYBOX, userns().andThen(c -> bind(c, shared, "/shared")),
                "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; touch /shared/made-inside");
        ProcResult r = jrunc("run", "--bundle", chownRootfs(b).toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutLines()).containsExactly("         0     100000      65536",
                "         0     100000      65536", "0");
        Path made = shared.resolve("made-inside");
        assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo(100000);
        assertThat(Files.getAttribute(made, "unix:gid")).isEqualTo(100000);
    }

    @Test
    void anIdMappedBindMountShowsTheMappedOwner() throws Exception {
        Path shared = sharedDir("idmapped");
        Path f = Files.createFile(shared.resolve("owned-by-1234"));
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 1234);
        // the mount maps on-disk 0.. to host 101000..; the container maps host 100000.. to 0..
        Path b = bundle(Bundles.Rootfs.BUSYBOX, userns().andThen(c -> {
            ObjectNode m = bind(c, shared, "/idmapped");
            map(m.putArray("uidMappings"), 0, 101000, 5000);
            map(m.putArray("gidMappings"), 0, 101000, 5000);
            bind(c, shared, "/plain");
        }), "sh", "-c", "stat -c %u:%g /idmapped/owned-by-1234 /plain/owned-by-1234; touch /idmapped/new || echo refused");
        ProcResult r = jrunc("run", "--bundle", chownRootfs(b).toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // 1234 → 102234 on the host → 2234 in the container; unmapped on the plain bind: nobody
        // container root (host 100000) is outside the mount's range: the kernel refuses its writes there
        assertThat(r.stdoutLines()).containsExactly("2234:2234", "65534:65534", "refused");
        assertThat(shared.resolve("new")).doesNotExist();
    }

    @Test
    void idmapWithoutMappingsUsesTheContainersMaps() throws Exception {
        Path shared = sharedDir("ridmap");
        Path f = Files.createFile(shared.resolve("root-owned"));
        Path b = bundle(Bundles.Rootfs.BUSYBOX, userns().andThen(c -> {
            ObjectNode m = bind(c, shared, "/ridmap");
            ((ArrayNode) m.get("options")).add("ridmap");
        }), "sh", "-c", "stat -c %u /ridmap/root-owned; touch /ridmap/made");
        ProcResult r = jrunc("run", "--bundle", chownRootfs(b).toString(), newId());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // host root's file is the container root's file; what root makes inside is host root's on disk
        assertThat(r.stdoutLines()).containsExactly("0");
        assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(shared.resolve("made"), "unix:uid")).isEqualTo(0);
    }
}
