package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The create plan of a user-namespaced container for an unprivileged caller (docs/rootless.md). */
class RootlessPlanTest {
    static final HostFacts HYBRID = ContainerPlannerTest.HYBRID;

    @TempDir
    Path bundle;

    Plan plan(Consumer<ObjectNode> edit, UsernsSetup userns, HostFacts host, List<String> join) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        Spec spec = SpecIO.mapper().treeToValue(json, Spec.class);
        return ContainerPlanner.plan(new CreateContext(spec, bundle, bundle.resolve("rootfs"),
                bundle.resolve("exec.fifo"), false, 0, host, join, -1, null, null, userns));
    }

    /** runc's spec --rootless: no network namespace, a user namespace mapping 0 → 1000. */
    static Consumer<ObjectNode> rootlessSpec(long... extra) {
        return j -> {
            ObjectNode linux = (ObjectNode) j.get("linux");
            ArrayNode ns = (ArrayNode) linux.get("namespaces");
            for (int i = ns.size() - 1; i >= 0; i--) {
                if (ns.get(i).get("type").asText().equals("network")) {
                    ns.remove(i);
                }
            }
            ns.addObject().put("type", "user");
            for (String k : List.of("uidMappings", "gidMappings")) {
                ArrayNode a = linux.putArray(k);
                a.addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
                if (extra.length > 0) {
                    a.addObject().put("containerID", 1).put("hostID", extra[0]).put("size", 65536);
                }
            }
        };
    }

    static final UsernsSetup DIRECT = new UsernsSetup(true, null, null, Map.of("cpu", "/user.slice"));

    @Test
    void anUnprivilegedCallerWritesItsOwnIdWithSetgroupsDeniedWhileS1IsDumpable() throws Exception {
        Plan p = plan(rootlessSpec(), DIRECT, HYBRID, List.of());
        List<Opcode> c = ContainerPlannerTest.codes(p);
        assertThat(c).containsSubsequence(Opcode.DUMPABLE, Opcode.CLONE, Opcode.CHILD_WRITE_FILE,
                Opcode.CHILD_WRITE_FILE, Opcode.CHILD_WRITE_FILE, Opcode.DUMPABLE, Opcode.BECOME_ROOT, Opcode.SETSID);
        List<Op> dumpable = p.ops(Opcode.DUMPABLE);
        assertThat(dumpable).extracting(o -> o.arg(0)).containsExactly("1", "0");
        assertThat(c.indexOf(Opcode.DUMPABLE)).isEqualTo(c.indexOf(Opcode.CLONE) - 1);
        assertThat(p.ops(Opcode.CHILD_WRITE_FILE)).extracting(o -> o.arg(0) + "=" + o.arg(1))
                .containsExactly("uid_map=0 1000 1\n", "setgroups=deny", "gid_map=0 1000 1\n");
        assertThat(p.ops(Opcode.CHILD_IDMAP_TOOL)).isEmpty();
    }

    @Test
    void moreThanTheOwnIdGoesThroughNewuidmapAndNewgidmap() throws Exception {
        Plan p = plan(rootlessSpec(200000), new UsernsSetup(true, "/usr/bin/newuidmap", "/usr/bin/newgidmap",
                Map.of()), HYBRID, List.of());
        List<Op> tools = p.ops(Opcode.CHILD_IDMAP_TOOL);
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).args()).containsExactly("/usr/bin/newuidmap", "0", "1000", "1", "1", "200000", "65536");
        assertThat(tools.get(0).source()).isEqualTo("linux.uidMappings");
        assertThat(tools.get(1).args()).containsExactly("/usr/bin/newgidmap", "0", "1000", "1", "1", "200000", "65536");
        assertThat(p.ops(Opcode.CHILD_WRITE_FILE)).isEmpty(); // newgidmap decides about setgroups itself
        assertThat(Opcode.CHILD_IDMAP_TOOL.runsInParent()).isTrue();
    }

    @Test
    void rootKeepsItsPlan() throws Exception {
        Plan p = plan(rootlessSpec(), UsernsSetup.PRIVILEGED, HYBRID, List.of());
        assertThat(p.ops(Opcode.DUMPABLE)).isEmpty();
        assertThat(p.ops(Opcode.CHILD_WRITE_FILE)).extracting(o -> o.arg(0)).containsExactly("uid_map", "gid_map");
    }

    @Test
    void sysfsWithoutANetworkNamespaceBecomesAnRbindOfTheHostsSys() throws Exception {
        Plan p = plan(rootlessSpec(), UsernsSetup.PRIVILEGED, HYBRID, List.of("/sys/fs/cgroup/cpu/jrunc/c/cgroup.procs"));
        Op sys = p.ops(Opcode.MOUNT).stream().filter(o -> o.arg(1).equals("/sys")).findFirst().orElseThrow();
        assertThat(sys.args().subList(0, 4)).containsExactly("/sys", "/sys", "bind",
                Long.toString(MS_BIND | MS_REC));
        assertThat(sys.source()).isEqualTo("mounts[5]");
        Op remount = p.ops(Opcode.REMOUNT).stream().filter(o -> o.arg(0).equals("/sys")).findFirst().orElseThrow();
        assertThat(Long.parseLong(remount.arg(1))).isEqualTo(MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
        assertThat(p.ops(Opcode.MOUNT)).noneMatch(o -> o.arg(2).equals("sysfs"));
    }

    @Test
    void sysfsStaysWithANetworkNamespaceOrWithoutAUserNamespace() throws Exception {
        Consumer<ObjectNode> withNet = rootlessSpec().andThen(j ->
                ((ArrayNode) j.get("linux").get("namespaces")).addObject().put("type", "network"));
        assertThat(plan(withNet, UsernsSetup.PRIVILEGED, HYBRID, List.of()).ops(Opcode.MOUNT))
                .anyMatch(o -> o.arg(2).equals("sysfs"));
        Consumer<ObjectNode> noNet = j -> {
            ArrayNode ns = (ArrayNode) j.get("linux").get("namespaces");
            for (int i = ns.size() - 1; i >= 0; i--) {
                if (ns.get(i).get("type").asText().equals("network")) {
                    ns.remove(i);
                }
            }
        };
        assertThat(plan(noNet, UsernsSetup.PRIVILEGED, HYBRID, List.of()).ops(Opcode.MOUNT))
                .anyMatch(o -> o.arg(2).equals("sysfs"));
    }

    @Test
    void withoutACgroupOfItsOwnTheCallersCgroupsAreBound() throws Exception {
        Plan p = plan(rootlessSpec(), DIRECT, HYBRID, List.of());
        List<Op> mounts = p.ops(Opcode.MOUNT);
        assertThat(mounts).anyMatch(o -> o.arg(0).equals("/sys/fs/cgroup/cpu/user.slice")
                && o.arg(1).equals("/sys/fs/cgroup/cpu") && o.arg(2).equals("bind"));
        // a hierarchy the caller's /proc/self/cgroup does not name keeps the fresh mount
        assertThat(mounts).anyMatch(o -> o.arg(1).equals("/sys/fs/cgroup/systemd") && o.arg(2).equals("cgroup"));
    }

    @Test
    void onAUnifiedHostAUserNamespaceWithoutCgroupNamespaceBindsTheHostsCgroup2() throws Exception {
        Plan p = plan(rootlessSpec(), DIRECT, ContainerPlannerTest.UNIFIED, List.of());
        assertThat(p.ops(Opcode.MOUNT)).anyMatch(o -> o.arg(0).equals("/sys/fs/cgroup")
                && o.arg(1).equals("/sys/fs/cgroup") && o.arg(2).equals("bind"));
        assertThat(p.ops(Opcode.MOUNT)).noneMatch(o -> o.arg(2).equals("cgroup2"));
        Consumer<ObjectNode> cgroupNs = rootlessSpec().andThen(j ->
                ((ArrayNode) j.get("linux").get("namespaces")).addObject().put("type", "cgroup"));
        assertThat(plan(cgroupNs, DIRECT, ContainerPlannerTest.UNIFIED, List.of()).ops(Opcode.MOUNT))
                .anyMatch(o -> o.arg(2).equals("cgroup2"));
    }
}
