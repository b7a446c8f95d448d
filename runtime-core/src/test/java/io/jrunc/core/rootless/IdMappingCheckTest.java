package io.jrunc.core.rootless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.Mount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runc's rootless validation plus the /etc/subuid coverage newuidmap will insist on. */
class IdMappingCheckTest {
    static final List<SubIds.Range> SUB = List.of(new SubIds.Range(200000, 65536));
    static final IdMappingCheck.Caller ALICE = new IdMappingCheck.Caller(1000, 1000, "alice", SUB, SUB,
            "/usr/bin/newuidmap", "/usr/bin/newgidmap");
    static final IdMappingCheck.Caller NO_TOOLS = new IdMappingCheck.Caller(1000, 1000, "alice", SUB, SUB, null, null);
    static final IdMappingCheck.Caller NO_SUBIDS = new IdMappingCheck.Caller(1000, 1000, "alice", List.of(), List.of(),
            "/usr/bin/newuidmap", "/usr/bin/newgidmap");

    static Linux linux(List<Linux.Namespace> ns, List<LinuxIDMapping> uids, List<LinuxIDMapping> gids) {
        return new Linux(uids, gids, null, null, null, ns, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    static final List<Linux.Namespace> USERNS = List.of(new Linux.Namespace("mount", null),
            new Linux.Namespace("user", null));
    static final List<LinuxIDMapping> OWN = List.of(new LinuxIDMapping(0, 1000, 1));
    static final List<LinuxIDMapping> MULTI = List.of(new LinuxIDMapping(0, 1000, 1),
            new LinuxIDMapping(1, 200000, 65536));

    @Test
    void theCallersOwnIdIsWrittenDirectly() throws Exception {
        assertThat(IdMappingCheck.check(linux(USERNS, OWN, OWN), List.of(), NO_TOOLS))
                .isEqualTo(new IdMappingCheck.Result(null, null));
    }

    @Test
    void delegatedRangesNeedTheTools() throws Exception {
        assertThat(IdMappingCheck.check(linux(USERNS, MULTI, OWN), List.of(), ALICE))
                .isEqualTo(new IdMappingCheck.Result("/usr/bin/newuidmap", null));
        assertThat(IdMappingCheck.check(linux(USERNS, MULTI, MULTI), List.of(), ALICE))
                .isEqualTo(new IdMappingCheck.Result("/usr/bin/newuidmap", "/usr/bin/newgidmap"));
        // another single id than our own is no direct write either
        assertThat(IdMappingCheck.check(linux(USERNS, List.of(new LinuxIDMapping(0, 200000, 1)), OWN), List.of(), ALICE)
                .uidTool()).isEqualTo("/usr/bin/newuidmap");
    }

    @Test
    void missingToolsAreNamed() {
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, OWN, MULTI), List.of(), NO_TOOLS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.json: linux.gidMappings: mapping more than the caller's own gid needs newgidmap "
                        + "(Debian package uidmap), which is not installed");
    }

    @Test
    void idsNotDelegatedAreRefusedWithTheirPath() {
        List<LinuxIDMapping> other = List.of(new LinuxIDMapping(0, 1000, 1), new LinuxIDMapping(1, 300000, 10));
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, other, OWN), List.of(), ALICE))
                .hasMessage("config.json: linux.uidMappings[1]: host uids 300000-300009 are neither the caller's own "
                        + "uid 1000 nor delegated to alice in /etc/subuid");
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, OWN, List.of(new LinuxIDMapping(0, 0, 1))),
                List.of(), NO_SUBIDS))
                .hasMessage("config.json: linux.gidMappings[0]: host gid 0 is neither the caller's own gid 1000 nor "
                        + "delegated to alice in /etc/subgid (which has no range for alice)");
    }

    @Test
    void runcsRootlessRules() {
        assertThatThrownBy(() -> IdMappingCheck.check(linux(List.of(new Linux.Namespace("mount", null)), OWN, OWN),
                List.of(), ALICE)).hasMessage("config.json: linux.namespaces: rootless container requires user namespaces");
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, List.of(), OWN), List.of(), ALICE))
                .hasMessage("config.json: linux.uidMappings: rootless containers requires at least one UID mapping");
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, OWN, null), List.of(), ALICE))
                .hasMessage("config.json: linux.gidMappings: rootless containers requires at least one GID mapping");
        Mount pts = new Mount("/dev/pts", "devpts", "devpts", List.of("newinstance", "gid=5"), null, null);
        assertThatThrownBy(() -> IdMappingCheck.check(linux(USERNS, OWN, OWN), List.of(pts), ALICE))
                .hasMessage("config.json: mounts[0].options: cannot specify gid=5 mount option for rootless container: "
                        + "gid 5 is not mapped in linux.gidMappings");
    }

    @Test
    void aJoinedUserNamespaceNeedsNoMappings() throws Exception {
        List<Linux.Namespace> joined = List.of(new Linux.Namespace("user", "/proc/1/ns/user"));
        assertThat(IdMappingCheck.check(linux(joined, null, null), List.of(), NO_SUBIDS))
                .isEqualTo(new IdMappingCheck.Result(null, null));
    }
}
