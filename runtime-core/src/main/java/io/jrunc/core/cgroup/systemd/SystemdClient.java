package io.jrunc.core.cgroup.systemd;

import io.jrunc.core.cgroup.systemd.DBusCodec.Variant;
import io.jrunc.core.cgroup.systemd.DBusConnection.DBusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few calls of org.freedesktop.systemd1.Manager the cgroup driver needs, over one
 * {@link DBusConnection}. As root it talks to systemd's private socket (what systemctl
 * uses; peer-to-peer, signals are sent to it unconditionally), else to the system bus
 * (Hello, AddMatch for JobRemoved, Subscribe).
 */
public final class SystemdClient implements AutoCloseable {
    public static final String DEST = "org.freedesktop.systemd1";
    public static final String PATH = "/org/freedesktop/systemd1";
    public static final String MANAGER = "org.freedesktop.systemd1.Manager";
    static final String PROPERTIES = "org.freedesktop.DBus.Properties";
    public static final String UNIT_EXISTS = "org.freedesktop.systemd1.UnitExists";
    public static final String NO_SUCH_UNIT = "org.freedesktop.systemd1.NoSuchUnit";
    public static final Path PRIVATE_SOCKET = Path.of("/run/systemd/private");
    public static final Path SYSTEM_BUS_SOCKET = Path.of("/run/dbus/system_bus_socket");

    /** A unit property as StartTransientUnit and SetUnitProperties take them: (sv). */
    public record Property(String name, Variant value) {
        public Property {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }

        public static Property of(String name, String signature, Object value) {
            return new Property(name, new Variant(signature, value));
        }

        List<Object> wire() {
            return List.of(name, value);
        }

        @Override
        public String toString() {
            Object v = value.value();
            return name + "=" + (v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v));
        }
    }

    private final DBusConnection bus;
    private int version = -2;

    public SystemdClient(DBusConnection bus) {
        this.bus = bus;
    }

    /**
     * Connects to systemd: as root /run/systemd/private, else (or if that fails) the system
     * bus at $DBUS_SYSTEM_BUS_ADDRESS or /run/dbus/system_bus_socket.
     */
    public static SystemdClient connect(long timeoutMillis) throws IOException {
        List<String> failures = new ArrayList<>();
        if (DBusConnection.ownUid() == 0 && Files.exists(PRIVATE_SOCKET)) {
            try {
                return openPrivate(PRIVATE_SOCKET, timeoutMillis);
            } catch (IOException e) {
                failures.add(PRIVATE_SOCKET + ": " + e.getMessage());
            }
        }
        List<Path> bus = DBusConnection.addressPaths(System.getenv("DBUS_SYSTEM_BUS_ADDRESS"));
        if (bus.isEmpty()) {
            bus = List.of(SYSTEM_BUS_SOCKET);
        }
        for (Path p : bus) {
            try {
                SystemdClient c = new SystemdClient(DBusConnection.open(p, true, timeoutMillis));
                c.subscribe();
                return c;
            } catch (IOException e) {
                failures.add(p + ": " + e.getMessage());
            }
        }
        throw new IOException("cannot connect to systemd over D-Bus (" + String.join("; ", failures) + ")");
    }

    /** How long the first call on a private connection (a Ping) may take before we reconnect. */
    static final long PING_TIMEOUT_MS = 3000;
    static final int PRIVATE_ATTEMPTS = 5;

    /**
     * A peer-to-peer connection to systemd that answers: after authentication a
     * Peer.Ping must come back, else the connection is dropped and another one made. In the
     * VM lane the first call on a fresh connection made while systemd was busy collecting an
     * emptied scope sometimes got no answer at all (for 30 s, until we hung up), while a new
     * connection was answered at once; Ping is harmless to repeat, a unit call is not.
     */
    static SystemdClient openPrivate(Path socket, long timeoutMillis) throws IOException {
        IOException last = null;
        for (int i = 0; i < PRIVATE_ATTEMPTS; i++) {
            DBusConnection c = DBusConnection.open(socket, false, timeoutMillis);
            try {
                c.call(DEST, PATH, "org.freedesktop.DBus.Peer", "Ping", "", List.of(), PING_TIMEOUT_MS);
                return new SystemdClient(c);
            } catch (DBusConnection.DBusTimeoutException e) {
                c.close();
                last = e;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        throw last;
    }

    /** On a message bus: ask for JobRemoved signals (match rule + Subscribe). */
    void subscribe() throws IOException {
        if (bus.uniqueName() == null) {
            return; // peer-to-peer: systemd sends its signals to private connections anyway
        }
        bus.call(DBusConnection.BUS_NAME, DBusConnection.BUS_PATH, DBusConnection.BUS_NAME, "AddMatch", "s",
                List.of("type='signal',sender='" + DEST + "',interface='" + MANAGER + "',member='JobRemoved'"));
        bus.call(DEST, PATH, MANAGER, "Subscribe", "", List.of());
    }

    private static List<Object> wire(List<Property> props) {
        return props.stream().map(Property::wire).map(o -> (Object) o).toList();
    }

    /** StartTransientUnit(name, mode, properties, no aux units) → the job's object path. */
    public String startTransientUnit(String name, String mode, List<Property> props) throws IOException {
        return (String) bus.call(DEST, PATH, MANAGER, "StartTransientUnit", "ssa(sv)a(sa(sv))",
                List.of(name, mode, wire(props), List.of())).body().getFirst();
    }

    /** StopUnit(name, mode) → the job's object path. */
    public String stopUnit(String name, String mode) throws IOException {
        return (String) bus.call(DEST, PATH, MANAGER, "StopUnit", "ss", List.of(name, mode)).body().getFirst();
    }

    public void resetFailedUnit(String name) throws IOException {
        bus.call(DEST, PATH, MANAGER, "ResetFailedUnit", "s", List.of(name));
    }

    /** SetUnitProperties(name, runtime, properties). */
    public void setUnitProperties(String name, boolean runtime, List<Property> props) throws IOException {
        bus.call(DEST, PATH, MANAGER, "SetUnitProperties", "sba(sv)", List.of(name, runtime, wire(props)));
    }

    /** GetUnit(name) → its object path, or null when systemd has no such unit loaded. */
    public String unitPath(String name) throws IOException {
        try {
            return (String) bus.call(DEST, PATH, MANAGER, "GetUnit", "s", List.of(name)).body().getFirst();
        } catch (DBusException e) {
            if (e.name().equals(NO_SUCH_UNIT)) {
                return null;
            }
            throw e;
        }
    }

    /** org.freedesktop.DBus.Properties.Get on an object. */
    public Object property(String path, String iface, String name) throws IOException {
        Object v = bus.call(DEST, path, PROPERTIES, "Get", "ss", List.of(iface, name)).body().getFirst();
        return v instanceof Variant var ? var.value() : v;
    }

    /** systemd's version number (Manager.Version "252.39-1~deb12u2" → 252), -1 if unknown. */
    public int version() {
        if (version == -2) {
            try {
                version = parseVersion((String) property(PATH, MANAGER, "Version"));
            } catch (IOException | RuntimeException e) {
                version = -1;
            }
        }
        return version;
    }

    static int parseVersion(String s) {
        String t = s.strip();
        while (!t.isEmpty() && (t.charAt(0) == '"' || t.charAt(0) == 'v')) {
            t = t.substring(1);
        }
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i == 0 ? -1 : Integer.parseInt(t.substring(0, i));
    }

    /**
     * Waits for the JobRemoved signal of a job; returns its result ("done", "failed",
     * "canceled", "timeout", "dependency", "skipped").
     */
    @SuppressWarnings("unchecked")
    public String awaitJob(String jobPath, long timeoutMillis) throws IOException {
        DBusMessage m = bus.awaitSignal(s -> MANAGER.equals(s.iface()) && "JobRemoved".equals(s.member())
                && s.body().size() == 4 && jobPath.equals(s.body().get(1)), timeoutMillis);
        return (String) m.body().get(3);
    }

    public String description() {
        return bus.description();
    }

    @Override
    public void close() {
        bus.close();
    }
}
