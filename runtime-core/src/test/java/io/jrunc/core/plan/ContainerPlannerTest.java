package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.linux.Namespaces;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The create plan for runc's default config and variations of it, checked op by op. */
class ContainerPlannerTest {
    static final HostFacts HYBRID = new HostFacts(
            List.of(new HostFacts.CgroupV1("cpu", "cpu"), new HostFacts.CgroupV1("systemd", "name=systemd")),
            true, false, true, 40);
    static final HostFacts UNIFIED = new HostFacts(List.of(), true, true, false, 40);

    @TempDir
    Path bundle;

    Plan plan(Consumer<ObjectNode> edit) throws Exception {
        return plan(edit, false, HYBRID);
    }

    Plan plan(Consumer<ObjectNode> edit, boolean noPivot, HostFacts host) throws Exception {
        return plan(edit, noPivot, host, List.of("/cg/memory/jrunc/c/cgroup.procs"));
    }

    Plan plan(Consumer<ObjectNode> edit, boolean noPivot, HostFacts host, List<String> join) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        Spec spec = SpecIO.mapper().treeToValue(json, Spec.class);
        return ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"),
                bundle.resolve("exec.fifo"), noPivot, 0, host, join));
    }

    static List<Opcode> codes(Plan p) {
        return p.ops().stream().map(Op::code).toList();
    }

    static Op first(Plan p, Opcode c) {
        return p.ops(c).get(0);
    }

    @Test
    void defaultConfigFollowsRuncOrder() throws Exception {
        Plan p = plan(j -> { });
        List<Opcode> c = codes(p);
        assertThat(p.op(0).args()).containsExactly("/cg/memory/jrunc/c/cgroup.procs", "0");
        assertThat(p.op(0).description()).isEqualTo("join cgroup /cg/memory/jrunc/c");
        assertThat(c.get(1)).isEqualTo(Opcode.OPEN_FIFO);
        assertThat(c).containsSubsequence(Opcode.OPEN_FIFO, Opcode.CLONE, Opcode.SETSID, Opcode.PROPAGATE, Opcode.MOUNT,
                Opcode.SET_ROOT, Opcode.MKNOD, Opcode.SYMLINK, Opcode.PIVOT_ROOT,
                Opcode.SETHOSTNAME, Opcode.READONLY_PATH, Opcode.MASK_PATH, Opcode.RLIMIT, Opcode.NO_NEW_PRIVS,
                Opcode.CLOSE_FDS, Opcode.CAPS_BOUNDING, Opcode.SET_USER, Opcode.CHDIR, Opcode.CAPS,
                Opcode.SET_ARGV, Opcode.SET_ENV, Opcode.CHECK_EXEC, Opcode.READY, Opcode.WAIT_FIFO, Opcode.EXEC);
        assertThat(c.get(c.size() - 1)).isEqualTo(Opcode.EXEC);
        assertThat(c).doesNotContain(Opcode.SETNS, Opcode.BECOME_ROOT, Opcode.CHILD_WRITE_FILE, Opcode.SYNC);
    }

    @Test
    void cloneFlagsAreTheNewNamespaces() throws Exception {
        long flags = Long.parseLong(first(plan(j -> { }), Opcode.CLONE).arg(0));
        assertThat(flags).isEqualTo(Namespaces.CLONE_NEWPID | Namespaces.CLONE_NEWNET | Namespaces.CLONE_NEWIPC
                | Namespaces.CLONE_NEWUTS | Namespaces.CLONE_NEWNS);
    }

    @Test
    void rootIsMadeSlaveAndBoundOntoItself() throws Exception {
        Plan p = plan(j -> { });
        Op prop = first(p, Opcode.PROPAGATE);
        assertThat(prop.args()).containsExactly("/", String.valueOf(MS_SLAVE | MS_REC), "0");
        Op bind = first(p, Opcode.MOUNT);
        String rootfs = bundle.resolve("rootfs").toString();
        assertThat(bind.args()).containsExactly(rootfs, rootfs, "bind", String.valueOf(MS_BIND | MS_REC), "", "0");
        assertThat(first(p, Opcode.SET_ROOT).args()).containsExactly(rootfs);
    }

    @Test
    void rootfsPropagationIsHonoured() throws Exception {
        Plan p = plan(j -> ((ObjectNode) j.get("linux")).put("rootfsPropagation", "rprivate"));
        assertThat(first(p, Opcode.PROPAGATE).arg(1)).isEqualTo(String.valueOf(MS_PRIVATE | MS_REC));
    }

    @Test
    void configMountsKeepTheirFlagsAndData() throws Exception {
        Plan p = plan(j -> { });
        Op dev = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/dev")).findFirst().orElseThrow();
        assertThat(dev.args()).containsExactly("tmpfs", "/dev", "tmpfs", String.valueOf(MS_NOSUID | MS_STRICTATIME),
                "mode=755,size=65536k", String.valueOf(PathFlags.IN_ROOT | PathFlags.MKDIR));
        assertThat(dev.source()).isEqualTo("mounts[1]");
        Op pts = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/dev/pts")).findFirst().orElseThrow();
        assertThat(pts.arg(3)).isEqualTo(String.valueOf(MS_NOSUID | MS_NOEXEC));
        assertThat(pts.arg(4)).isEqualTo("newinstance,ptmxmode=0666,mode=0620,gid=5");
        Op sys = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/sys")).findFirst().orElseThrow();
        assertThat(sys.arg(3)).isEqualTo(String.valueOf(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY));
        assertThat(sys.description()).isEqualTo("mount sysfs to /sys");
    }

    @Test
    void cgroupMountOnHybridHostIsTmpfsWithV1Hierarchies() throws Exception {
        Plan p = plan(j -> { });
        List<Op> cg = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).startsWith("/sys/fs/cgroup")).toList();
        assertThat(cg).extracting(o -> o.arg(1)).containsExactly("/sys/fs/cgroup", "/sys/fs/cgroup/cpu",
                "/sys/fs/cgroup/systemd");
        assertThat(cg.get(0).arg(2)).isEqualTo("tmpfs");
        assertThat(cg.get(2).arg(4)).isEqualTo("name=systemd");
        assertThat(p.ops(Opcode.REMOUNT)).extracting(o -> o.arg(0)).contains("/sys/fs/cgroup");
    }

    @Test
    void withoutACgroupNamespaceTheContainersOwnV1CgroupsAreBound() throws Exception {
        Plan p = plan(j -> { }, false, HYBRID, List.of("/sys/fs/cgroup/cpu/jrunc/c/cgroup.procs",
                "/sys/fs/cgroup/systemd/jrunc/c/cgroup.procs"));
        Op cpu = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/sys/fs/cgroup/cpu")).findFirst().orElseThrow();
        assertThat(cpu.args().subList(0, 4)).containsExactly("/sys/fs/cgroup/cpu/jrunc/c", "/sys/fs/cgroup/cpu", "bind",
                String.valueOf(MS_BIND | MS_REC));
        assertThat(p.ops(Opcode.REMOUNT)).anyMatch(o -> o.arg(0).equals("/sys/fs/cgroup/cpu")
                && (Long.parseLong(o.arg(1)) & MS_RDONLY) != 0);
        // with a cgroup namespace a fresh mount shows the namespace's root, which is the container's cgroup
        Plan withNs = plan(j -> ((ArrayNode) j.get("linux").get("namespaces")).addObject().put("type", "cgroup"),
                false, HYBRID, List.of("/sys/fs/cgroup/cpu/jrunc/c/cgroup.procs"));
        assertThat(withNs.ops(Opcode.MOUNT)).anyMatch(o -> o.arg(1).equals("/sys/fs/cgroup/cpu") && o.arg(2).equals("cgroup"));
    }

    @Test
    void cgroupMountOnUnifiedHostIsCgroup2() throws Exception {
        Plan p = plan(j -> { }, false, UNIFIED);
        Op cg = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/sys/fs/cgroup")).findFirst().orElseThrow();
        assertThat(cg.arg(2)).isEqualTo("cgroup2");
    }

    @Test
    void defaultDevicesAreCreatedWithMknodAndLinks() throws Exception {
        Plan p = plan(j -> { });
        assertThat(p.ops(Opcode.MKNOD)).extracting(o -> o.arg(0)).containsExactly(
                "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty");
        Op nul = first(p, Opcode.MKNOD);
        assertThat(nul.args().subList(1, 4)).containsExactly(String.valueOf(0020666), "1", "3");
        assertThat(p.ops(Opcode.SYMLINK)).extracting(o -> o.arg(1)).contains(
                "/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/core", "/dev/ptmx");
    }

    @Test
    void configDevicesAreAdded() throws Exception {
        Plan p = plan(j -> ((ObjectNode) j.get("linux")).putArray("devices").addObject()
                .put("path", "/dev/fuse").put("type", "c").put("major", 10).put("minor", 229).put("fileMode", 0600));
        Op fuse = p.ops(Opcode.MKNOD).stream().filter(o -> o.arg(0).equals("/dev/fuse")).findFirst().orElseThrow();
        assertThat(fuse.args().subList(1, 4)).containsExactly(String.valueOf(0020600), "10", "229");
        assertThat(fuse.source()).isEqualTo("linux.devices[0]");
    }

    @Test
    void userNamespaceWritesMapsAndBindsDevices() throws Exception {
        Plan p = plan(j -> {
            ObjectNode linux = (ObjectNode) j.get("linux");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "user");
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 200000).put("size", 1000);
        });
        List<Op> maps = p.ops(Opcode.CHILD_WRITE_FILE);
        assertThat(maps).extracting(o -> o.arg(0)).containsExactly("uid_map", "gid_map");
        assertThat(maps.get(0).arg(1)).isEqualTo("0 100000 65536\n");
        assertThat(maps.get(1).arg(1)).isEqualTo("0 200000 1000\n");
        assertThat(codes(p)).containsSubsequence(Opcode.CLONE, Opcode.CHILD_WRITE_FILE, Opcode.BECOME_ROOT);
        assertThat(p.ops(Opcode.MKNOD)).isEmpty();
        assertThat(p.ops(Opcode.MOUNT)).anyMatch(o -> o.arg(0).equals("/dev/null") && o.arg(2).equals("bind"));
        assertThat(Long.parseLong(first(p, Opcode.CLONE).arg(0)) & Namespaces.CLONE_NEWUSER).isNotZero();
    }

    @Test
    void joinedNamespacesAreSetBeforeTheCloneUserFirst() throws Exception {
        Plan p = plan(j -> {
            ArrayNode ns = (ArrayNode) j.get("linux").get("namespaces");
            ns.removeAll();
            ns.addObject().put("type", "network").put("path", "/proc/1/ns/net");
            ns.addObject().put("type", "mount");
            ns.addObject().put("type", "user").put("path", "/proc/1/ns/user");
            ns.addObject().put("type", "uts");
        });
        assertThat(p.ops(Opcode.SETNS)).extracting(o -> o.arg(1)).containsExactly("/proc/1/ns/user", "/proc/1/ns/net");
        assertThat(codes(p).indexOf(Opcode.WRITE_FILE)).isLessThan(codes(p).indexOf(Opcode.SETNS));
        assertThat(Long.parseLong(first(p, Opcode.CLONE).arg(0)))
                .isEqualTo(Namespaces.CLONE_NEWNS | Namespaces.CLONE_NEWUTS);
        assertThat(p.ops(Opcode.CHILD_WRITE_FILE)).isEmpty();
        assertThat(codes(p)).contains(Opcode.BECOME_ROOT);
    }

    @Test
    void timeNamespaceIsUnsharedWithOffsets() throws Exception {
        Plan p = plan(j -> {
            ObjectNode linux = (ObjectNode) j.get("linux");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "time");
            linux.putObject("timeOffsets").putObject("monotonic").put("secs", 3600).put("nanosecs", 5);
        });
        assertThat(codes(p)).containsSubsequence(Opcode.WRITE_FILE, Opcode.UNSHARE, Opcode.WRITE_FILE, Opcode.CLONE);
        assertThat(p.ops(Opcode.WRITE_FILE).get(1).args()).containsExactly("/proc/self/timens_offsets",
                "monotonic 3600 5\n");
        assertThat(Long.parseLong(first(p, Opcode.CLONE).arg(0)) & Namespaces.CLONE_NEWTIME).isZero();
    }

    @Test
    void noPivotMovesTheRoot() throws Exception {
        Plan p = plan(j -> { }, true, HYBRID);
        assertThat(codes(p)).contains(Opcode.MOVE_ROOT).doesNotContain(Opcode.PIVOT_ROOT);
    }

    @Test
    void withoutMountNamespaceTheRootIsAChrootAndMountsAreRefused() throws Exception {
        Plan p = plan(j -> {
            j.putArray("mounts");
            ((ObjectNode) j.get("root")).put("readonly", false);
            ObjectNode linux = (ObjectNode) j.get("linux");
            linux.putArray("namespaces").addObject().put("type", "pid");
            linux.remove("maskedPaths");
            linux.remove("readonlyPaths");
        });
        assertThat(codes(p)).contains(Opcode.CHROOT).doesNotContain(Opcode.PIVOT_ROOT, Opcode.PROPAGATE, Opcode.MOUNT);
        assertThatThrownBy(() -> plan(j -> ((ObjectNode) j.get("linux")).putArray("namespaces")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("without a private MNT namespace");
    }

    @Test
    void bindMountsRemountForTheirFlagsAndCreateFilesForFiles() throws Exception {
        Files.writeString(bundle.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.createDirectories(bundle.resolve("data"));
        Plan p = plan(j -> {
            ArrayNode m = (ArrayNode) j.get("mounts");
            m.addObject().put("destination", "/etc/hosts").put("type", "bind").put("source", "hosts")
                    .putArray("options").add("bind").add("ro");
            m.addObject().put("destination", "/data").put("source", bundle.resolve("data").toString())
                    .putArray("options").add("rbind").add("rprivate").add("rro");
        });
        Op hosts = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/etc/hosts")).findFirst().orElseThrow();
        assertThat(hosts.args()).containsExactly(bundle.resolve("hosts").toString(), "/etc/hosts", "bind",
                String.valueOf(MS_BIND), "", String.valueOf(PathFlags.IN_ROOT | PathFlags.MKFILE));
        assertThat(p.ops(Opcode.REMOUNT)).anyMatch(o -> o.arg(0).equals("/etc/hosts")
                && o.arg(1).equals(String.valueOf(MS_BIND | MS_RDONLY)));
        Op data = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/data")).findFirst().orElseThrow();
        assertThat(data.arg(3)).isEqualTo(String.valueOf(MS_BIND | MS_REC));
        assertThat(p.ops(Opcode.PROPAGATE)).anyMatch(o -> o.arg(0).equals("/data"));
        assertThat(p.ops(Opcode.SETATTR)).anyMatch(o -> o.arg(0).equals("/data")
                && o.arg(1).equals(String.valueOf(MOUNT_ATTR_RDONLY)) && o.arg(3).equals("1"));
    }

    @Test
    void missingBindSourceNamesTheField() {
        assertThatThrownBy(() -> plan(j -> ((ArrayNode) j.get("mounts")).addObject().put("destination", "/x")
                .put("type", "bind").put("source", "/nonexistent/jrunc").putArray("options").add("bind")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mounts[7].source");
    }

    @Test
    void capabilitiesBecomeMasks() throws Exception {
        Plan p = plan(j -> { });
        long expected = (1L << 29) | (1L << 5) | (1L << 10); // AUDIT_WRITE, KILL, NET_BIND_SERVICE
        assertThat(first(p, Opcode.CAPS_BOUNDING).arg(0)).isEqualTo(String.valueOf(expected));
        assertThat(first(p, Opcode.CAPS).args()).containsExactly(String.valueOf(expected), String.valueOf(expected),
                "0", String.valueOf(expected));
    }

    @Test
    void userGroupsUmaskCwdAndRlimits() throws Exception {
        Plan p = plan(j -> {
            ObjectNode user = (ObjectNode) j.get("process").get("user");
            user.put("uid", 1000).put("gid", 100).put("umask", 077);
            user.putArray("additionalGids").add(5).add(6);
            ((ObjectNode) j.get("process")).put("cwd", "/tmp");
            ((ObjectNode) j.get("process")).put("oomScoreAdj", 100);
        });
        assertThat(first(p, Opcode.SET_USER).args()).containsExactly("1000", "100", "5", "6");
        assertThat(first(p, Opcode.UMASK).args()).containsExactly(String.valueOf(077));
        assertThat(first(p, Opcode.CHDIR).args()).containsExactly("/tmp");
        assertThat(first(p, Opcode.RLIMIT).args()).containsExactly("7", "1024", "1024");
        assertThat(codes(p).get(1)).isEqualTo(Opcode.OOM_SCORE_ADJ);
        // a missing cwd is created inside the new root, before / may turn read-only
        assertThat(first(p, Opcode.MKDIR).args()).containsExactly("/tmp", "493",
                String.valueOf(PathFlags.IN_ROOT | PathFlags.MKDIR));
        assertThat(codes(p)).containsSubsequence(Opcode.PIVOT_ROOT, Opcode.MKDIR, Opcode.REMOUNT, Opcode.CHDIR);
    }

    @Test
    void theExecFifoIsOpenedBeforeAnyNamespaceIsJoined() throws Exception {
        Plan p = plan(j -> ((ArrayNode) j.get("linux").get("namespaces")).addObject().put("type", "user")
                .put("path", "/proc/1/ns/user"));
        assertThat(codes(p)).containsSubsequence(Opcode.OPEN_FIFO, Opcode.SETNS, Opcode.CLONE);
        assertThat(first(p, Opcode.OPEN_FIFO).args()).containsExactly(bundle.resolve("exec.fifo").toString());
    }

    @Test
    void aRootCwdNeedsNoMkdir() throws Exception {
        assertThat(codes(plan(j -> { }))).doesNotContain(Opcode.MKDIR);
    }

    @Test
    void aMissingCwdIsCreatedInsideTheRootBeforeTheRootTurnsReadOnly() throws Exception {
        Plan p = plan(j -> {
            ((ObjectNode) j.get("process")).put("cwd", "/work/dir");
            ((ObjectNode) j.get("root")).put("readonly", true);
        });
        Op mkdir = p.ops(Opcode.MKDIR).stream().filter(o -> o.args().get(0).equals("/work/dir")).findFirst()
                .orElseThrow();
        assertThat(mkdir.args()).containsExactly("/work/dir", String.valueOf(0755),
                String.valueOf(PathFlags.IN_ROOT | PathFlags.MKDIR));
        int at = p.ops().indexOf(mkdir);
        assertThat(at).isGreaterThan(codes(p).indexOf(Opcode.PIVOT_ROOT));
        Op roRoot = p.ops(Opcode.REMOUNT).get(p.ops(Opcode.REMOUNT).size() - 1);
        assertThat(at).isLessThan(p.ops().indexOf(roRoot));
        assertThat(at).isLessThan(codes(p).indexOf(Opcode.CHDIR));
    }

    @Test
    void theRootAsCwdNeedsNoMkdir() throws Exception {
        Plan p = plan(j -> ((ObjectNode) j.get("process")).put("cwd", "/"));
        assertThat(p.ops(Opcode.MKDIR)).noneMatch(o -> o.args().get(0).equals("/"));
    }

    @Test
    void hooksSyncWithJruncAndRunInTheContainer() throws Exception {
        Plan p = plan(j -> {
            ObjectNode hooks = j.putObject("hooks");
            hooks.putArray("createRuntime").addObject().put("path", "/bin/true");
            ObjectNode cc = hooks.putArray("createContainer").addObject().put("path", "/bin/echo").put("timeout", 5);
            cc.putArray("args").add("echo").add("hi");
            cc.putArray("env").add("A=1");
            hooks.putArray("startContainer").addObject().put("path", "/bin/true");
        });
        assertThat(codes(p)).containsSubsequence(Opcode.SYNC, Opcode.HOOK, Opcode.PIVOT_ROOT,
                Opcode.SYNC, Opcode.READY, Opcode.WAIT_FIFO, Opcode.HOOK, Opcode.EXEC);
        assertThat(p.ops(Opcode.SYNC)).extracting(o -> o.args().get(0))
                .containsExactly("createRuntime", "startContainer");
        assertThat(first(p, Opcode.HOOK).args()).containsExactly("/bin/echo", "5", "2", "echo", "hi", "A=1");
        assertThat(p.ops(Opcode.HOOK).get(1).args()).containsExactly("/bin/true", "0", "1", "/bin/true");
    }

    @Test
    void sysctlHostnameAndReadonlyRoot() throws Exception {
        Plan p = plan(j -> {
            j.put("hostname", "box").put("domainname", "example.org");
            ((ObjectNode) j.get("linux")).putObject("sysctl").put("net.ipv4.ip_forward", "1");
            ((ObjectNode) j.get("root")).put("readonly", true);
        });
        assertThat(first(p, Opcode.SETHOSTNAME).args()).containsExactly("box");
        assertThat(first(p, Opcode.SETDOMAINNAME).args()).containsExactly("example.org");
        assertThat(first(p, Opcode.SYSCTL).args()).containsExactly("net.ipv4.ip_forward", "1");
        Op last = p.ops(Opcode.REMOUNT).get(p.ops(Opcode.REMOUNT).size() - 1);
        assertThat(last.args()).containsExactly("/", String.valueOf(MS_BIND | MS_RDONLY), "0");
        assertThat(p.ops().indexOf(last)).isGreaterThan(codes(p).lastIndexOf(Opcode.MASK_PATH));
    }

    @Test
    void everyOpNamesWhatItDoes() throws Exception {
        for (Op op : plan(j -> { }).ops()) {
            assertThat(op.description()).isNotBlank();
        }
    }

    @Test
    void aTerminalGetsItsPtyAfterTheRootSwitchAndDevConsole() throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", true);
        Spec spec = SpecIO.mapper().treeToValue(json, Spec.class);
        Plan p = ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"),
                bundle.resolve("exec.fifo"), false, 1, HYBRID, List.of(), 5, new io.jrunc.spec.Process.Box(40, 100)));
        List<Opcode> c = codes(p);
        int console = c.indexOf(Opcode.CONSOLE);
        assertThat(c.indexOf(Opcode.PIVOT_ROOT)).isLessThan(console);
        assertThat(p.op(console - 1).code()).isEqualTo(Opcode.MKFILE);
        assertThat(p.op(console - 1).arg(0)).isEqualTo("/dev/console");
        assertThat(p.op(console).args()).containsExactly("5", "40", "100", "1", "0", "0");
        assertThat(console).isLessThan(c.indexOf(Opcode.SET_USER));
        assertThat(c.indexOf(Opcode.SETSID)).isLessThan(console);
    }
}
