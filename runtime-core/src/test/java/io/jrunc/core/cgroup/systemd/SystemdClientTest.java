package io.jrunc.core.cgroup.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.cgroup.systemd.SystemdClient.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call flow against an in-process peer on a unix socket. */
class SystemdClientTest {
    @TempDir
    Path tmp;
    FakeSystemd sd;

    @BeforeEach
    void setUp() throws Exception {
        sd = new FakeSystemd(tmp.resolve("private"));
    }

    @AfterEach
    void tearDown() throws Exception {
        sd.close();
    }

    @Test
    void authenticatesWithTheUidInHex() throws Exception {
        try (SystemdClient c = sd.connect()) {
            assertThat(c.version()).isEqualTo(252);
        }
        String uid = Integer.toString(DBusConnection.ownUid());
        assertThat(sd.authLine).isEqualTo("AUTH EXTERNAL "
                + HexFormat.of().formatHex(uid.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void startsAUnitAndWaitsForItsJobSkippingOtherSignals() throws Exception {
        try (SystemdClient c = sd.connect()) {
            String job = c.startTransientUnit("jrunc-a.scope", "replace",
                    List.of(Property.of("PIDs", "au", List.of(42)), Property.of("Delegate", "b", true)));
            assertThat(job).isEqualTo("/org/freedesktop/systemd1/job/1");
            assertThat(c.awaitJob(job, 2000)).isEqualTo("done");
        }
        DBusMessage call = sd.calls.getFirst();
        assertThat(call.destination()).isEqualTo(SystemdClient.DEST);
        assertThat(call.signature()).isEqualTo("ssa(sv)a(sa(sv))");
        assertThat(call.body().get(2).toString())
                .isEqualTo("[[PIDs, Variant[signature=au, value=[42]]], [Delegate, Variant[signature=b, value=true]]]");
    }

    @Test
    void aJobSignalThatOvertakesTheReplyIsKept() throws Exception {
        sd.signalBeforeReply = true;
        sd.jobResult = "failed";
        try (SystemdClient c = sd.connect()) {
            String job = c.startTransientUnit("x.scope", "replace", List.of());
            assertThat(c.awaitJob(job, 2000)).isEqualTo("failed");
        }
    }

    @Test
    void errorsCarryTheirNameAndAJobThatNeverEndsTimesOut() throws Exception {
        sd.units.put("x.scope", "active");
        try (SystemdClient c = sd.connect()) {
            assertThatThrownBy(() -> c.startTransientUnit("x.scope", "replace", List.of()))
                    .isInstanceOf(DBusConnection.DBusException.class)
                    .hasMessage("org.freedesktop.systemd1.UnitExists: Unit x.scope already exists.")
                    .extracting(e -> ((DBusConnection.DBusException) e).name()).isEqualTo(SystemdClient.UNIT_EXISTS);
            assertThat(c.unitPath("nope.scope")).isNull();
            assertThat(c.unitPath("x.scope")).isEqualTo("/org/freedesktop/systemd1/unit/x_2escope");
            sd.neverFinishJobs = true;
            String job = c.stopUnit("x.scope", "replace");
            assertThatThrownBy(() -> c.awaitJob(job, 200)).isInstanceOf(DBusConnection.DBusTimeoutException.class);
        }
    }

    @Test
    void aConnectionWhoseFirstCallIsNotAnsweredIsReplaced() throws Exception {
        sd.stallFirstMessage = 2;
        long t = System.nanoTime();
        try (SystemdClient c = sd.connect()) {
            assertThat(c.version()).isEqualTo(252);
        }
        assertThat(sd.connections).isEqualTo(3);
        assertThat((System.nanoTime() - t) / 1_000_000).isBetween(2 * SystemdClient.PING_TIMEOUT_MS,
                3 * SystemdClient.PING_TIMEOUT_MS);
    }

    @Test
    void busAddressesAndVersions() {
        assertThat(DBusConnection.addressPaths("unix:path=/run/dbus/system_bus_socket,guid=12;tcp:host=x;unix:path=/a%20b"))
                .containsExactly(Path.of("/run/dbus/system_bus_socket"), Path.of("/a b"));
        assertThat(DBusConnection.addressPaths(null)).isEmpty();
        assertThat(SystemdClient.parseVersion("252.39-1~deb12u2")).isEqualTo(252);
        assertThat(SystemdClient.parseVersion("\"v245.4-1.fc32\"")).isEqualTo(245);
        assertThat(SystemdClient.parseVersion("x")).isEqualTo(-1);
    }

    @Test
    void aPeerThatIsNotThereIsAnIoError() {
        assertThatThrownBy(() -> DBusConnection.open(tmp.resolve("none"), false, 500))
                .isInstanceOf(java.io.IOException.class);
    }
}
