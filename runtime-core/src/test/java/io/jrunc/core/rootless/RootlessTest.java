package io.jrunc.core.rootless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runc's rootless decisions: --rootless, the state root, who we are. */
class RootlessTest {
    static final Identity ROOT = new Identity(0, 0, "root", false);
    static final Identity USER = new Identity(1000, 1000, "alice", false);
    static final Identity ROOT_IN_USERNS = new Identity(0, 0, "root", true);

    @Test
    void parseBoolOrAutoIsGosParseBool() throws Exception {
        assertThat(Rootless.parseBoolOrAuto("auto")).isNull();
        assertThat(Rootless.parseBoolOrAuto("AUTO")).isNull();
        assertThat(Rootless.parseBoolOrAuto("")).isNull();
        assertThat(Rootless.parseBoolOrAuto("true")).isTrue();
        assertThat(Rootless.parseBoolOrAuto("1")).isTrue();
        assertThat(Rootless.parseBoolOrAuto("F")).isFalse();
        assertThatThrownBy(() -> Rootless.parseBoolOrAuto("yes")).isInstanceOf(JruncException.class)
                .hasMessage("strconv.ParseBool: parsing \"yes\": invalid syntax");
    }

    @Test
    void autoMeansRootlessCgroupsForNonRootAndForRootInAUserNamespace() {
        assertThat(Rootless.cgroups(null, false, ROOT)).isFalse();
        assertThat(Rootless.cgroups(null, false, USER)).isTrue();
        assertThat(Rootless.cgroups(null, false, ROOT_IN_USERNS)).isTrue();
        assertThat(Rootless.cgroups(null, true, USER)).isFalse(); // systemd: runc asks systemd instead
        assertThat(Rootless.cgroups(true, false, ROOT)).isTrue();
        assertThat(Rootless.cgroups(false, false, USER)).isFalse();
    }

    @Test
    void stateRootIsXdgRuntimeDirForNonRoot() {
        assertThat(Rootless.defaultRoot("/run/jrunc", "/run/user/1000", "alice", USER)).isEqualTo("/run/user/1000/jrunc");
        assertThat(Rootless.defaultRoot("/run/jrunc", null, "alice", USER)).isEqualTo("/run/jrunc");
        assertThat(Rootless.defaultRoot("/run/jrunc", "/run/user/0", "root", ROOT)).isEqualTo("/run/jrunc");
        assertThat(Rootless.defaultRoot("/run/jrunc", "/run/user/1000", "alice", ROOT_IN_USERNS))
                .isEqualTo("/run/user/1000/jrunc");
        assertThat(Rootless.defaultRoot("/run/jrunc", "/run/user/0", "root", ROOT_IN_USERNS)).isEqualTo("/run/jrunc");
    }

    @Test
    void identityComesFromProcSelf() {
        List<String> status = List.of("Name:\tjava", "Uid:\t1000\t1001\t1001\t1001", "Gid:\t50\t51\t51\t51");
        Identity id = Identity.probe(status, List.of("         0          0 4294967295"), "alice");
        assertThat(id).isEqualTo(new Identity(1001, 51, "alice", false));
        assertThat(Identity.probe(status, List.of("         0       1000          1"), "?").inUserNs()).isTrue();
        assertThat(Identity.probe(status, List.of("         0       1000          1"), "?").userName()).isNull();
    }

    @Test
    void selfCgroupsKeepsTheV1Lines() {
        assertThat(Rootless.selfCgroups(List.of("4:cpu,cpuacct:/user.slice", "1:name=systemd:/user.slice/x", "0::/u")))
                .containsOnly(java.util.Map.entry("cpu,cpuacct", "/user.slice"),
                        java.util.Map.entry("name=systemd", "/user.slice/x"));
    }

    @Test
    void subIdsByNameOrUid() {
        List<SubIds.Range> r = SubIds.parse(List.of("# comment", "alice:100000:65536", "bob:300000:65536",
                "1000:500000:10", "alice:bad:1"), "alice", 1000);
        assertThat(r).containsExactly(new SubIds.Range(100000, 65536), new SubIds.Range(500000, 10));
        assertThat(r.get(0).covers(100000, 65536)).isTrue();
        assertThat(r.get(0).covers(100001, 65536)).isFalse();
    }
}
