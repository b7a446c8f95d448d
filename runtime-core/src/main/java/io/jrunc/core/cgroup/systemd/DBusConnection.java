package io.jrunc.core.cgroup.systemd;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A D-Bus client connection over a unix stream socket: SASL EXTERNAL authentication, then
 * method calls and signals. Every wait has a deadline (non-blocking channel + selector).
 * Signals that arrive while a call waits for its reply are kept for {@link #awaitSignal}.
 */
public final class DBusConnection implements AutoCloseable {
    /** The message bus daemon's own name, path and interface (Hello, AddMatch). */
    static final String BUS_NAME = "org.freedesktop.DBus";
    static final String BUS_PATH = "/org/freedesktop/DBus";

    private final SocketChannel ch;
    private final Selector selector;
    private final String description;
    private final long timeoutNanos;
    private ByteBuffer in = ByteBuffer.allocate(8192);
    private final Deque<DBusMessage> pendingSignals = new ArrayDeque<>();
    private long nextSerial = 1;
    private String uniqueName;

    private DBusConnection(SocketChannel ch, String description, long timeoutNanos) throws IOException {
        this.ch = ch;
        this.description = description;
        this.timeoutNanos = timeoutNanos;
        ch.configureBlocking(false);
        this.selector = Selector.open();
        in.flip();
    }

    /**
     * Connects and authenticates (AUTH EXTERNAL with our uid in hex).
     *
     * @param hello whether the peer is a message bus (send Hello first); false for a
     *              peer-to-peer socket such as systemd's /run/systemd/private
     */
    public static DBusConnection open(Path socket, boolean hello, long timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        DBusConnection c = null;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            c = new DBusConnection(ch, socket.toString(), timeoutMillis * 1_000_000L);
            c.authenticate(ownUid());
            if (hello) {
                c.uniqueName = (String) c.call(BUS_NAME, BUS_PATH, BUS_NAME, "Hello", "", List.of()).body().getFirst();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            } else {
                ch.close();
            }
            throw e;
        }
    }

    /** The effective uid, as the peer sees it through SO_PEERCRED (the owner of /proc/self). */
    static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** "unix:path=/x,guid=…;unix:path=/y" → the paths, in order ($DBUS_SYSTEM_BUS_ADDRESS). */
    static List<Path> addressPaths(String address) {
        List<Path> out = new java.util.ArrayList<>();
        if (address == null) {
            return out;
        }
        for (String a : address.split(";")) {
            if (!a.startsWith("unix:")) {
                continue;
            }
            for (String kv : a.substring(5).split(",")) {
                if (kv.startsWith("path=")) {
                    out.add(Path.of(unescape(kv.substring(5))));
                }
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public String description() {
        return description;
    }

    /** Our name on a message bus (null on a peer-to-peer connection). */
    public String uniqueName() {
        return uniqueName;
    }

    void authenticate(int uid) throws IOException {
        String hex = HexFormat.of().formatHex(Integer.toString(uid).getBytes(StandardCharsets.US_ASCII));
        byte[] nul = {0};
        writeAll(ByteBuffer.wrap(nul));
        writeAll(ByteBuffer.wrap(("AUTH EXTERNAL " + hex + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        String reply = readLine(deadline());
        if (!reply.startsWith("OK ")) {
            throw new IOException("D-Bus authentication at " + description + " failed: " + reply.strip());
        }
        writeAll(ByteBuffer.wrap("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    private long deadline() {
        return System.nanoTime() + timeoutNanos;
    }

    private String readLine(long deadline) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                char c = (char) (in.get() & 0xff);
                b.append(c);
                if (c == '\n') {
                    return b.toString();
                }
                if (b.length() > 4096) {
                    throw new IOException("D-Bus authentication at " + description + ": line too long");
                }
            }
            fill(deadline);
        }
    }

    /** Reads more bytes into {@code in} (which is kept in read mode), waiting until the deadline. */
    private void fill(long deadline) throws IOException {
        in.compact();
        try {
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                in = bigger;
            }
            while (true) {
                int n = ch.read(in);
                if (n < 0) {
                    throw new IOException("D-Bus connection to " + description + " closed by the peer");
                }
                if (n > 0) {
                    return;
                }
                await(SelectionKey.OP_READ, deadline);
            }
        } finally {
            in.flip();
        }
    }

    /** What the current wait is for, named in a timeout ("the reply to StopUnit"). */
    private String waitingFor = "authentication";

    private void await(int op, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new DBusTimeoutException("timed out waiting for " + waitingFor + " from " + description);
        }
        SelectionKey key = ch.register(selector, op);
        try {
            selector.select(Math.max(1, left / 1_000_000L));
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
    }

    private void writeAll(ByteBuffer b) throws IOException {
        long deadline = deadline();
        while (b.hasRemaining()) {
            if (ch.write(b) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    private byte[] readBytes(int n, long deadline) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (!in.hasRemaining()) {
                fill(deadline);
            }
            int k = Math.min(n - got, in.remaining());
            in.get(out, got, k);
            got += k;
        }
        return out;
    }

    /** The next message from the peer. */
    DBusMessage receive(long deadline) throws IOException {
        byte[] head = readBytes(16, deadline);
        int total;
        try {
            total = DBusMessage.totalLength(head);
        } catch (IllegalArgumentException e) {
            throw new IOException("D-Bus from " + description + ": " + e.getMessage());
        }
        byte[] rest = readBytes(total - 16, deadline);
        byte[] all = new byte[total];
        System.arraycopy(head, 0, all, 0, 16);
        System.arraycopy(rest, 0, all, 16, rest.length);
        try {
            return DBusMessage.decode(all);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("D-Bus from " + description + ": bad message: " + e.getMessage());
        }
    }

    /** Sends a method call without waiting; returns its serial. */
    public long send(String destination, String path, String iface, String member, String signature, List<?> args)
            throws IOException {
        long serial = nextSerial++;
        DBusMessage m = DBusMessage.methodCall(serial, destination, path, iface, member, signature, args);
        writeAll(ByteBuffer.wrap(m.encode()));
        return serial;
    }

    /**
     * Calls a method and waits for its reply.
     *
     * @throws DBusException the peer answered with an ERROR
     */
    public DBusMessage call(String destination, String path, String iface, String member, String signature,
                            List<?> args) throws IOException {
        return call(destination, path, iface, member, signature, args, timeoutNanos / 1_000_000L);
    }

    /** {@link #call} with its own time limit. */
    public DBusMessage call(String destination, String path, String iface, String member, String signature,
                            List<?> args, long timeoutMillis) throws IOException {
        long serial = send(destination, path, iface, member, signature, args);
        waitingFor = "the reply to " + member;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            DBusMessage m = receive(deadline);
            switch (m.type()) {
                case DBusMessage.METHOD_RETURN -> {
                    if (m.replySerial() == serial) {
                        return m;
                    }
                }
                case DBusMessage.ERROR -> {
                    if (m.replySerial() == serial) {
                        throw new DBusException(m.errorName(), m.errorText());
                    }
                }
                case DBusMessage.SIGNAL -> {
                    if (pendingSignals.size() < 10_000) {
                        pendingSignals.add(m);
                    }
                }
                default -> {
                    // a method call to us: we export nothing (and ask for no reply on none of ours)
                }
            }
        }
    }

    /** Waits for a signal matching {@code filter} (those already received first), until {@code timeoutMillis}. */
    public DBusMessage awaitSignal(Predicate<DBusMessage> filter, long timeoutMillis) throws IOException {
        for (var it = pendingSignals.iterator(); it.hasNext(); ) {
            DBusMessage m = it.next();
            it.remove();
            if (filter.test(m)) {
                return m;
            }
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        waitingFor = "a signal";
        while (true) {
            DBusMessage m = receive(deadline);
            if (m.type() == DBusMessage.SIGNAL && filter.test(m)) {
                return m;
            }
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The peer answered with an ERROR message. */
    public static final class DBusException extends IOException {
        private final String name;

        public DBusException(String name, String text) {
            super((name == null ? "unknown D-Bus error" : name) + (text == null || text.isEmpty() ? "" : ": " + text));
            this.name = name == null ? "" : name;
        }

        public String name() {
            return name;
        }
    }

    /** A wait ran past its deadline. */
    public static final class DBusTimeoutException extends IOException {
        public DBusTimeoutException(String message) {
            super(message);
        }
    }
}
