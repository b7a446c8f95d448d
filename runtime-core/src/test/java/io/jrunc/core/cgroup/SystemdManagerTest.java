package io.jrunc.core.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.cgroup.systemd.FakeSystemd;
import io.jrunc.core.cgroup.systemd.SystemdManager;
import io.jrunc.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd driver's flow against a fake systemd peer and a fake v2 cgroupfs. */
class SystemdManagerTest {
    /** No such process: /proc/PID/cgroup is absent, so the predicted directory is kept. */
    static final int PID = 999_999_999;
    @TempDir
    Path tmp;
    FakeSystemd sd;
    FakeCgroupFs fs;
    Path marker;

    @BeforeEach
    void setUp() throws Exception {
        sd = new FakeSystemd(tmp.resolve("private"));
        fs = FakeCgroupFs.v2(tmp.resolve("cg"), "cpu", "memory", "pids");
        marker = Files.createDirectories(tmp.resolve("run-systemd-system"));
    }

    @AfterEach
    void tearDown() throws Exception {
        sd.close();
    }

    private SystemdManager manager(String cgroupsPath) throws Exception {
        return SystemdManager.create(SystemdPath.parse(cgroupsPath, "a"), true, sd::connect,
                dir -> CgroupManagers.open(fs.hostV2(), new CgroupConfig("a", dir, false, List.of()), fs, marker),
                marker);
    }

    private static LinuxResources limits(long memory, long pids) {
        return new LinuxResources(null, new LinuxResources.Memory(memory, null, null, null, null, null, null, null,
                null), null, new LinuxResources.Pids(pids), null, null, null, null, null);
    }

    @Test
    void startMakesTheScopeWithTheInitInsideThenWritesTheFiles() throws Exception {
        SystemdManager m = manager("system.slice:jrunc:a");
        m.checkUsable();
        m.start(PID, limits(64L << 20, 32));
        assertThat(sd.members()).containsExactly("GetUnit jrunc-a.scope", "Get Version",
                "StartTransientUnit jrunc-a.scope");
        String props = sd.calls.get(2).body().get(2).toString();
        assertThat(props).contains("[PIDs, Variant[signature=au, value=[" + PID + "]]]",
                "[Slice, Variant[signature=s, value=system.slice]]", "[Delegate, Variant[signature=b, value=true]]",
                "[MemoryMax, Variant[signature=t, value=67108864]]", "[TasksMax, Variant[signature=t, value=32]]");
        assertThat(sd.units).containsEntry("jrunc-a.scope", "active");
        Path dir = tmp.resolve("cg/system.slice/jrunc-a.scope");
        assertThat(Files.readString(dir.resolve("memory.max")).strip()).isEqualTo("67108864");
        assertThat(Files.readString(dir.resolve("pids.max")).strip()).isEqualTo("32");
        assertThat(m.paths()).containsEntry("", dir.toString()).containsEntry(SystemdManager.UNIT_KEY, "jrunc-a.scope");
        assertThat(m.joinFiles()).containsExactly(dir.resolve("cgroup.procs"));

        // a second container on the same unit is refused by name before anything is made
        SystemdManager again = manager("system.slice:jrunc:a");
        assertThatThrownBy(again::checkUsable).hasMessage("systemd cgroup driver: unit jrunc-a.scope already exists "
                + "(ActiveState=active); another container may use this cgroupsPath");

        sd.calls.clear();
        m.update(limits(80L << 20, 0));
        assertThat(sd.members()).containsExactly("Get Version", "SetUnitProperties jrunc-a.scope");
        assertThat(sd.calls.get(1).body().get(1)).isEqualTo(true); // runtime
        assertThat(Files.readString(dir.resolve("memory.max")).strip()).isEqualTo("83886080");

        // later commands find the unit through state.json's cgroup_paths
        CgroupManager reopened = CgroupManagers.fromPaths("a", m.paths(), fs);
        assertThat(reopened).isInstanceOf(SystemdManager.class);
        assertThat(((SystemdManager) reopened).unitName()).isEqualTo("jrunc-a.scope");
        assertThat(reopened.paths()).isEqualTo(m.paths());

        sd.calls.clear();
        m.destroy((pid, sig) -> 0);
        assertThat(sd.members()).containsExactly("GetUnit jrunc-a.scope", "Get ActiveState",
                "StopUnit jrunc-a.scope", "ResetFailedUnit jrunc-a.scope");
        assertThat(sd.units).doesNotContainKey("jrunc-a.scope");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aFailedJobIsAnErrorAndTheUnitIsReset() throws Exception {
        sd.jobResult = "failed";
        SystemdManager m = manager("a-b.slice:p:a");
        assertThatThrownBy(() -> m.start(PID, null))
                .hasMessage("systemd cgroup driver: starting unit p-a.scope: job failed");
        assertThat(sd.members()).endsWith("ResetFailedUnit p-a.scope");
        assertThat(sd.units).doesNotContainKey("p-a.scope");
        assertThat(m.paths()).containsEntry("", tmp.resolve("cg/a.slice/a-b.slice/p-a.scope").toString());
    }

    @Test
    void aFailedLeftoverIsResetAndTheStartRetriedOnce() throws Exception {
        sd.units.put("jrunc-a.scope", "failed");
        SystemdManager m = manager("system.slice:jrunc:a");
        m.checkUsable(); // a failed unit is not "in use"
        m.start(PID, null);
        assertThat(sd.members()).containsSubsequence("StartTransientUnit jrunc-a.scope",
                "ResetFailedUnit jrunc-a.scope", "StartTransientUnit jrunc-a.scope");
        assertThat(sd.units).containsEntry("jrunc-a.scope", "active");
    }

    @Test
    void aFailedCreateNeverStopsAnotherContainersUnit() throws Exception {
        SystemdManager other = manager("system.slice:jrunc:a");
        other.start(PID, null);
        Path dir = tmp.resolve("cg/system.slice/jrunc-a.scope");
        SystemdManager m = manager("system.slice:jrunc:a");
        // the unit appears between this create's check and its start: UnitExists twice
        assertThatThrownBy(() -> m.start(PID, null)).hasMessageStartingWith(
                "systemd cgroup driver: unit jrunc-a.scope already exists");
        sd.calls.clear();
        m.destroy((pid, sig) -> 0); // the create's clean-up
        assertThat(sd.calls).isEmpty();
        assertThat(sd.units).containsEntry("jrunc-a.scope", "active");
        assertThat(dir).isDirectory();
    }

    @Test
    void aUnitSystemdAlreadyCollectedIsNotStopped() throws Exception {
        SystemdManager m = manager("system.slice:jrunc:a");
        m.start(PID, null);
        sd.units.remove("jrunc-a.scope"); // its processes exited: systemd stopped and collected it
        sd.calls.clear();
        m.destroy((pid, sig) -> 0);
        assertThat(sd.members()).containsExactly("GetUnit jrunc-a.scope");
        assertThat(tmp.resolve("cg/system.slice/jrunc-a.scope")).doesNotExist();
        sd.units.put("jrunc-a.scope", "failed");
        sd.calls.clear();
        m.destroy((pid, sig) -> 0);
        assertThat(sd.members()).containsExactly("GetUnit jrunc-a.scope", "Get ActiveState",
                "ResetFailedUnit jrunc-a.scope");
    }

    @Test
    void aSliceUnitGetsNoPidAndSitsWhereItsNameSays() throws Exception {
        SystemdManager m = manager(":jrunc:x-y.slice");
        m.start(PID, null);
        String props = sd.calls.getLast().body().get(2).toString();
        assertThat(props).contains("[Wants, Variant[signature=as, value=[system.slice]]]").doesNotContain("PIDs");
        assertThat(m.paths()).containsEntry("", tmp.resolve("cg/x.slice/x-y.slice").toString());
    }

    @Test
    void deleteWithoutSystemdRunningOnlyRemovesTheDirectories() throws Exception {
        SystemdManager m = manager("system.slice:jrunc:a");
        m.start(PID, null);
        sd.calls.clear();
        Files.delete(marker);
        m.destroy(null);
        assertThat(sd.calls).isEmpty();
        assertThat(tmp.resolve("cg/system.slice/jrunc-a.scope")).doesNotExist();
    }
}
