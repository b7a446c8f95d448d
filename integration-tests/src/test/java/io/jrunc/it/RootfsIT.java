package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container's filesystem: runc's default mounts and devices, bind mounts, masked and read-only paths. */
class RootfsIT extends InsideTestBase {
    private final List<Path> hostMounts = new ArrayList<>();

    /** Host mounts this test made, deepest first, before the leak check looks. */
    @AfterEach
    void unmountHostMounts() {
        Collections.reverse(hostMounts);
        for (Path p : hostMounts) {
            Proc.run(List.of("umount", p.toString()), Duration.ofSeconds(10));
        }
    }

    private void hostMount(String... args) {
        List<String> cmd = new ArrayList<>(List.of("mount"));
        cmd.addAll(List.of(args));
        ProcResult r = Proc.run(cmd, Duration.ofSeconds(10));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        hostMounts.add(Path.of(args[args.length - 1]));
    }

    @Test
    void aUserNamespaceInsideCannotMountAnUnmaskedProc() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode caps = (ObjectNode) process(c).get("capabilities");
            ((ArrayNode) caps.get("bounding")).add("CAP_SETFCAP");
            ((ArrayNode) caps.get("permitted")).add("CAP_SETFCAP");
        }, probes("procmount", "unshare -mrpf sh -c 'mount -t proc none /proc && echo MOUNTED' 2>&1"));
        assertThat(s.get("procmount")).doesNotContain("MOUNTED").contains("permission denied");
    }

    @Test
    void runcsDefaultMountsDevicesAndRestrictions() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ArrayNode devices = linux(c).putArray("devices");
            devices.addObject().put("path", "/dev/fuse").put("type", "c").put("major", 10).put("minor", 229)
                    .put("fileMode", 0620).put("uid", 0).put("gid", 5);
        }, probes(
                "mountinfo", "cat /proc/self/mountinfo",
                "devices", "stat -c '%n %F %t:%T %a %u:%g' /dev/null /dev/zero /dev/full /dev/random /dev/urandom"
                        + " /dev/tty /dev/fuse /dev/pts/ptmx",
                "links", "for l in fd stdin stdout stderr ptmx; do echo $l $(readlink /dev/$l); done",
                "modes", "stat -c '%n %a' /dev /dev/shm /dev/mqueue",
                "null", "echo discarded > /dev/null && head -c 4 /dev/zero | wc -c",
                "rootwrite", "touch /new-file 2>&1",
                "maskedfile", "wc -c < /proc/keys",
                "maskeddir", "ls -A /sys/firmware | wc -l; touch /sys/firmware/x 2>&1",
                "readonly", "sh -c 'echo other > /proc/sys/kernel/hostname' 2>&1; cat /proc/sys/kernel/hostname",
                "sysfs", "touch /sys/kernel/x 2>&1",
                "cgroup", "mkdir /sys/fs/cgroup/x 2>&1"));
        String mi = s.get("mountinfo");
        assertThat(mountOptions(mountAt(mi, "/"))).contains("ro");
        assertThat(superPart(mountAt(mi, "/proc"))).startsWith("proc ");
        String dev = mountAt(mi, "/dev");
        assertThat(superPart(dev)).startsWith("tmpfs ").contains("mode=755").contains("size=65536k");
        assertThat(mountOptions(dev)).contains("nosuid");
        String pts = mountAt(mi, "/dev/pts");
        assertThat(superPart(pts)).startsWith("devpts ").contains("ptmxmode=666", "mode=620", "gid=5");
        assertThat(mountOptions(pts)).contains("nosuid", "noexec");
        String shm = mountAt(mi, "/dev/shm");
        assertThat(superPart(shm)).startsWith("tmpfs shm ");
        assertThat(mountOptions(shm)).contains("nosuid", "noexec", "nodev");
        assertThat(superPart(mountAt(mi, "/dev/mqueue"))).startsWith("mqueue ");
        String sys = mountAt(mi, "/sys");
        assertThat(superPart(sys)).startsWith("sysfs ");
        assertThat(mountOptions(sys)).contains("ro", "nosuid", "noexec", "nodev");
        assertThat(mountOptions(mountAt(mi, "/sys/fs/cgroup"))).contains("ro");
        mi.lines().filter(l -> l.split(" ")[4].startsWith("/sys/fs/cgroup/"))
                .forEach(l -> assertThat(mountOptions(l)).as(l).contains("ro"));
        for (String p : List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")) {
            if (!Files.exists(Path.of(p))) {
                continue; // this kernel has no such file (no CONFIG_MAGIC_SYSRQ): nothing to protect
            }
            assertThat(mountOptions(mountAt(mi, p))).as(p).contains("ro");
        }
        assertThat(superPart(mountAt(mi, "/sys/firmware"))).startsWith("tmpfs ");
        assertThat(mountOptions(mountAt(mi, "/sys/firmware"))).contains("ro");

        assertThat(s.get("devices").lines()).containsExactly(
                "/dev/null character special file 1:3 666 0:0",
                "/dev/zero character special file 1:5 666 0:0",
                "/dev/full character special file 1:7 666 0:0",
                "/dev/random character special file 1:8 666 0:0",
                "/dev/urandom character special file 1:9 666 0:0",
                "/dev/tty character special file 5:0 666 0:0",
                "/dev/fuse character special file a:e5 620 0:5",
                "/dev/pts/ptmx character special file 5:2 666 0:0");
        assertThat(s.get("links").lines()).containsExactly("fd /proc/self/fd", "stdin /proc/self/fd/0",
                "stdout /proc/self/fd/1", "stderr /proc/self/fd/2", "ptmx pts/ptmx");
        assertThat(s.get("modes").lines()).containsExactly("/dev 755", "/dev/shm 1777", "/dev/mqueue 1777");
        assertThat(s.get("null")).isEqualTo("4");
        assertThat(s.get("rootwrite")).contains("Read-only file system");
        assertThat(s.get("maskedfile")).isEqualTo("0");
        assertThat(s.get("maskeddir")).startsWith("0\n").contains("Read-only file system");
        assertThat(s.get("readonly")).contains("Read-only file system").endsWith("runc");
        assertThat(s.get("sysfs")).contains("Read-only file system");
        assertThat(s.get("cgroup")).contains("Read-only file system");
    }

    @Test
    void debianRunsOnRuncsDefaultMountsToo() {
        Map<String, String> s = inside(Bundles.Rootfs.DEBIAN, null, probes(
                "devnull", "stat -c '%F %t:%T %a' /dev/null",
                "rootwrite", "touch /new-file 2>&1",
                "findmnt", "grep -c ' /dev/pts ' /proc/self/mountinfo"));
        assertThat(s.get("devnull")).isEqualTo("character special file 1:3 666");
        assertThat(s.get("rootwrite")).contains("Read-only file system");
        assertThat(s.get("findmnt")).isEqualTo("1");
    }

    @Test
    void bindMountsHonourRoRwRbindRroAndPropagation() throws Exception {
        Path src = tmp.resolve("src");
        for (String d : List.of("ro", "rw", "tree/sub", "prop")) {
            Files.createDirectories(src.resolve(d));
        }
        Files.writeString(src.resolve("ro/hello"), "hello\n");
        hostMount("-t", "tmpfs", "tmpfs", src.resolve("tree/sub").toString());
        Files.writeString(src.resolve("tree/sub/inner"), "inner\n");
        hostMount("--bind", src.resolve("prop").toString(), src.resolve("prop").toString());
        hostMount("--make-shared", src.resolve("prop").toString());
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            addMount(c, "/mnt/ro", "bind", src.resolve("ro").toString(), "bind", "ro");
            addMount(c, "/mnt/rw", "bind", src.resolve("rw").toString(), "bind", "rw");
            addMount(c, "/mnt/norec", "bind", src.resolve("tree").toString(), "bind");
            addMount(c, "/mnt/rbind", "bind", src.resolve("tree").toString(), "rbind");
            addMount(c, "/mnt/rro", "bind", src.resolve("tree").toString(), "rbind", "rro");
            addMount(c, "/mnt/shared", "bind", src.resolve("prop").toString(), "bind", "shared");
            addMount(c, "/mnt/slave", "bind", src.resolve("prop").toString(), "bind", "slave");
            addMount(c, "/mnt/private", "bind", src.resolve("prop").toString(), "bind", "private");
            addMount(c, "/mnt/file", "bind", src.resolve("ro/hello").toString(), "bind", "ro");
        }, probes(
                "mountinfo", "cat /proc/self/mountinfo",
                "ro", "cat /mnt/ro/hello; touch /mnt/ro/x 2>&1",
                "rw", "echo written > /mnt/rw/from-container && echo ok",
                "norec", "ls -A /mnt/norec/sub | wc -l",
                "rbind", "cat /mnt/rbind/sub/inner; touch /mnt/rbind/sub/y && echo rbind-writable",
                "rro", "cat /mnt/rro/sub/inner; touch /mnt/rro/x 2>&1; touch /mnt/rro/sub/x 2>&1",
                "file", "cat /mnt/file"));
        String mi = s.get("mountinfo");
        assertThat(mountOptions(mountAt(mi, "/mnt/ro"))).contains("ro");
        assertThat(mountOptions(mountAt(mi, "/mnt/rw"))).contains("rw");
        assertThat(s.get("ro")).startsWith("hello\n").contains("Read-only file system");
        assertThat(s.get("rw")).isEqualTo("ok");
        assertThat(Files.readString(src.resolve("rw/from-container"))).isEqualTo("written\n");
        assertThat(s.get("norec")).as("a plain bind leaves submounts out").isEqualTo("0");
        assertThat(s.get("rbind")).isEqualTo("inner\nrbind-writable");
        assertThat(s.get("rro")).startsWith("inner\n");
        assertThat(s.get("rro").lines().filter(l -> l.contains("Read-only file system")).count())
                .as("rro makes the submount read-only too: %s", s.get("rro")).isEqualTo(2);
        assertThat(mountOptions(mountAt(mi, "/mnt/rro/sub"))).contains("ro");
        assertThat(s.get("file")).isEqualTo("hello");
        // the host's shared mount arrives as a slave of it (/ is rslave); shared/private change that
        assertThat(optionalFields(mountAt(mi, "/mnt/slave"))).anyMatch(f -> f.startsWith("master:"))
                .noneMatch(f -> f.startsWith("shared:"));
        assertThat(optionalFields(mountAt(mi, "/mnt/shared"))).anyMatch(f -> f.startsWith("shared:"));
        assertThat(optionalFields(mountAt(mi, "/mnt/private"))).isEmpty();
    }

    @Test
    void customMaskedAndReadonlyPathsAndAWritableRoot() throws Exception {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ((ObjectNode) c.get("root")).put("readonly", false);
            Path rootfs = tmp.resolve("bundle-1/rootfs");
            try {
                Files.createDirectories(rootfs.resolve("secretdir"));
                Files.writeString(rootfs.resolve("secretdir/a"), "a");
                Files.writeString(rootfs.resolve("etc/secret"), "top secret");
                Files.createDirectories(rootfs.resolve("data"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ((ArrayNode) linux(c).get("maskedPaths")).add("/etc/secret").add("/secretdir").add("/no/such/path");
            ((ArrayNode) linux(c).get("readonlyPaths")).add("/data").add("/no/such/dir");
        }, probes(
                "secret", "wc -c < /etc/secret",
                "secretdir", "ls -A /secretdir | wc -l; touch /secretdir/x 2>&1",
                "data", "touch /data/x 2>&1",
                "root", "touch /new-file && echo root-writable"));
        assertThat(s.get("secret")).isEqualTo("0");
        assertThat(s.get("secretdir")).startsWith("0\n").contains("Read-only file system");
        assertThat(s.get("data")).contains("Read-only file system");
        assertThat(s.get("root")).isEqualTo("root-writable");
        assertThat(tmp.resolve("bundle-1/rootfs/new-file")).exists();
    }

    @Test
    void mountDestinationsThatAreSymlinksStayInsideTheRootfs() throws Exception {
        String rel = "jrunc-escape-rel-" + token;
        String abs = "jrunc-escape-abs-" + token;
        Path hostSrc = tmp.resolve("bindsrc");
        Files.createDirectories(hostSrc);
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ((ObjectNode) c.get("root")).put("readonly", false);
            Path rootfs = tmp.resolve("bundle-1/rootfs");
            try {
                Files.createSymbolicLink(rootfs.resolve("rel"), Path.of("../../../../../../../tmp/" + rel));
                Files.createSymbolicLink(rootfs.resolve("abs"), Path.of("/tmp/" + abs));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            addMount(c, "/rel", "tmpfs", "tmpfs");
            addMount(c, "/abs/inner", "bind", hostSrc.toString(), "bind");
        }, probes(
                "mountinfo", "cat /proc/self/mountinfo",
                "write", "echo x > /rel/file && echo x > /abs/inner/file && echo ok"));
        assertThat(s.get("write")).isEqualTo("ok");
        mountAt(s.get("mountinfo"), "/tmp/" + rel);
        mountAt(s.get("mountinfo"), "/tmp/" + abs + "/inner");
        assertThat(Path.of("/tmp/" + rel)).as("nothing on the host").doesNotExist();
        assertThat(Path.of("/tmp/" + abs)).as("nothing on the host").doesNotExist();
        assertThat(tmp.resolve("bundle-1/rootfs/tmp/" + abs + "/inner")).isDirectory();
        assertThat(hostSrc.resolve("file")).hasContent("x");
    }

    @Test
    void aRootfsPathThatIsASymlinkIsFollowed() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> ((ObjectNode) c.get("root")).put("path", "link-to-rootfs"),
                "sh", "-c", "cat /etc/hostname; echo $$");
        Files.createSymbolicLink(b.resolve("link-to-rootfs"), Path.of("rootfs"));
        ProcResult r = runBundle(b);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo(Files.readString(b.resolve("rootfs/etc/hostname")) + "1\n");
    }

    /**
     * --no-pivot keeps the host's mount tree in the namespace, below the new root. runc's
     * no_pivot.bats check: a full host /proc left there would let a user namespace inside
     * the container mount a fresh, unmasked procfs (the kernel's "fully visible" rule).
     */
    @Test
    void noPivotRunsTheContainerInItsRootfsWithoutExposingTheHostsProc() {
        Map<String, String> s = inside(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode caps = (ObjectNode) process(c).get("capabilities");
            ((ArrayNode) caps.get("bounding")).add("CAP_SETFCAP");
            ((ArrayNode) caps.get("permitted")).add("CAP_SETFCAP");
        }, probes(
                "pid", "echo $$",
                "root", "touch /x 2>&1",
                "mountinfo", "cat /proc/self/mountinfo",
                "hostname", "hostname",
                "procmount", "unshare -mrpf sh -c 'mount -t proc none /proc && echo MOUNTED' 2>&1"), "--no-pivot");
        assertThat(s.get("procmount")).doesNotContain("MOUNTED").contains("permission denied");
        assertThat(s.get("pid")).isEqualTo("1");
        assertThat(s.get("root")).contains("Read-only file system");
        assertThat(superPart(mountAt(s.get("mountinfo"), "/proc"))).startsWith("proc ");
        assertThat(s.get("hostname")).isEqualTo("runc");
    }
}
