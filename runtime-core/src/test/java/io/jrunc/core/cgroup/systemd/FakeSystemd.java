package io.jrunc.core.cgroup.systemd;

import io.jrunc.core.cgroup.systemd.DBusCodec.Variant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process D-Bus peer that plays systemd on a unix socket: SASL EXTERNAL, then the
 * Manager calls the driver makes. Units live in a map (name → ActiveState); jobs finish at
 * once with {@link #jobResult} and a JobRemoved signal, sent before the reply when
 * {@link #signalBeforeReply} (systemd's order is the other one; both must work).
 */
public final class FakeSystemd implements AutoCloseable {
    public final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    public final List<DBusMessage> calls = Collections.synchronizedList(new ArrayList<>());
    public final Map<String, String> units = Collections.synchronizedMap(new LinkedHashMap<>());
    public volatile String authLine;
    public volatile String jobResult = "done";
    public volatile boolean signalBeforeReply;
    public volatile boolean neverFinishJobs;
    public volatile String version = "252.39-1~deb12u2";
    /** How many of the next connections leave their first message unanswered (a stall). */
    public volatile int stallFirstMessage;
    public volatile int connections;
    private long serial = 1000;
    private int jobs;

    public FakeSystemd(Path socket) throws IOException {
        this.socket = socket;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = Thread.ofPlatform().daemon().start(this::serve);
    }

    public SystemdClient connect() throws IOException {
        return SystemdClient.openPrivate(socket, 2000);
    }

    private void serve() {
        while (true) {
            try (SocketChannel c = server.accept()) {
                InputStream in = Channels.newInputStream(c);
                OutputStream out = Channels.newOutputStream(c);
                if (in.read() != 0) {
                    continue;
                }
                authLine = line(in);
                if (!authLine.startsWith("AUTH EXTERNAL ")) {
                    out.write("REJECTED EXTERNAL\r\n".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                out.write("OK 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII));
                if (!line(in).equals("BEGIN")) {
                    continue;
                }
                connections++;
                boolean stall = stallFirstMessage > 0;
                if (stall) {
                    stallFirstMessage--;
                }
                while (true) {
                    byte[] head = in.readNBytes(16);
                    if (head.length < 16) {
                        break;
                    }
                    int total = DBusMessage.totalLength(head);
                    byte[] rest = in.readNBytes(total - 16);
                    byte[] all = new byte[total];
                    System.arraycopy(head, 0, all, 0, 16);
                    System.arraycopy(rest, 0, all, 16, rest.length);
                    DBusMessage m = DBusMessage.decode(all);
                    if (stall) {
                        stall = false;
                        continue; // never answered
                    }
                    if (!"Ping".equals(m.member())) {
                        calls.add(m); // the connection check of every client is left out
                    }
                    for (DBusMessage r : answer(m)) {
                        out.write(r.encode());
                    }
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII).strip();
    }

    private DBusMessage reply(DBusMessage call, String sig, Object... body) {
        return new DBusMessage(DBusMessage.METHOD_RETURN, 0, serial++, Map.of(DBusMessage.F_REPLY_SERIAL, call.serial()),
                sig, List.of(body));
    }

    private DBusMessage error(DBusMessage call, String name, String text) {
        Map<Integer, Object> f = new LinkedHashMap<>();
        f.put(DBusMessage.F_ERROR_NAME, name);
        f.put(DBusMessage.F_REPLY_SERIAL, call.serial());
        return new DBusMessage(DBusMessage.ERROR, 0, serial++, f, "s", List.of(text));
    }

    private DBusMessage jobRemoved(String job, String unit, String result) {
        Map<Integer, Object> f = new LinkedHashMap<>();
        f.put(DBusMessage.F_PATH, SystemdClient.PATH);
        f.put(DBusMessage.F_INTERFACE, SystemdClient.MANAGER);
        f.put(DBusMessage.F_MEMBER, "JobRemoved");
        return new DBusMessage(DBusMessage.SIGNAL, 0, serial++, f, "uoss", List.of(jobs, job, unit, result));
    }

    private List<DBusMessage> withJob(DBusMessage call, String unit, String result) {
        String job = "/org/freedesktop/systemd1/job/" + (++jobs);
        // an unrelated signal first: the client must skip it
        List<DBusMessage> out = new ArrayList<>();
        out.add(jobRemoved("/org/freedesktop/systemd1/job/999", "other.service", "done"));
        if (neverFinishJobs) {
            out.add(reply(call, "o", job));
        } else if (signalBeforeReply) {
            out.add(jobRemoved(job, unit, result));
            out.add(reply(call, "o", job));
        } else {
            out.add(reply(call, "o", job));
            out.add(jobRemoved(job, unit, result));
        }
        return out;
    }

    private static String unitPath(String unit) {
        return "/org/freedesktop/systemd1/unit/" + unit.replace(".", "_2e").replace("-", "_2d");
    }

    private List<DBusMessage> answer(DBusMessage m) {
        String unit = m.body().isEmpty() || !(m.body().getFirst() instanceof String s) ? "" : s;
        switch (m.member()) {
            case "Ping" -> {
                return List.of(reply(m, ""));
            }
            case "StartTransientUnit" -> {
                String state = units.get(unit);
                if (state != null && !state.equals("inactive")) {
                    return List.of(error(m, SystemdClient.UNIT_EXISTS, "Unit " + unit + " already exists."));
                }
                units.put(unit, jobResult.equals("done") ? "active" : "failed");
                return withJob(m, unit, jobResult);
            }
            case "StopUnit" -> {
                if (!units.containsKey(unit)) {
                    return List.of(error(m, SystemdClient.NO_SUCH_UNIT, "Unit " + unit + " not loaded."));
                }
                units.remove(unit);
                return withJob(m, unit, "done");
            }
            case "ResetFailedUnit" -> {
                if ("failed".equals(units.get(unit))) {
                    units.remove(unit);
                }
                return List.of(reply(m, ""));
            }
            case "SetUnitProperties" -> {
                return units.containsKey(unit) ? List.of(reply(m, ""))
                        : List.of(error(m, SystemdClient.NO_SUCH_UNIT, "Unit " + unit + " not loaded."));
            }
            case "GetUnit" -> {
                return units.containsKey(unit) ? List.of(reply(m, "o", unitPath(unit)))
                        : List.of(error(m, SystemdClient.NO_SUCH_UNIT, "Unit " + unit + " not loaded."));
            }
            case "Get" -> {
                String prop = (String) m.body().get(1);
                if (prop.equals("Version")) {
                    return List.of(reply(m, "v", new Variant("s", version)));
                }
                if (prop.equals("ActiveState")) {
                    for (var e : units.entrySet()) {
                        if (unitPath(e.getKey()).equals(m.path())) {
                            return List.of(reply(m, "v", new Variant("s", e.getValue())));
                        }
                    }
                }
                return List.of(error(m, "org.freedesktop.DBus.Error.UnknownProperty", "Unknown property " + prop));
            }
            default -> {
                return List.of(error(m, "org.freedesktop.DBus.Error.UnknownMethod", "Unknown method " + m.member()));
            }
        }
    }

    /** The members called, in order ("StartTransientUnit x.scope", "Get Version", …). */
    public List<String> members() {
        synchronized (calls) {
            return calls.stream().filter(c -> !c.member().equals("Ping")).map(c -> c.member() + (c.body().isEmpty() ? ""
                    : " " + (c.member().equals("Get") ? c.body().get(1) : c.body().getFirst()))).toList();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
