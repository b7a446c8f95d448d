package io.jrunc.core.cgroup.systemd;

import io.jrunc.core.cgroup.systemd.DBusCodec.Variant;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One D-Bus message: the fixed header, the header fields and the body, encoded
 * little-endian; decoded in either byte order.
 *
 * @param type   {@link #METHOD_CALL}, {@link #METHOD_RETURN}, {@link #ERROR} or {@link #SIGNAL}
 * @param flags  {@link #NO_REPLY_EXPECTED} etc.
 * @param serial non-zero
 * @param fields header field code → value (PATH 1 … UNIX_FDS 9), without SIGNATURE (see signature)
 * @param signature the body's signature ("" for none)
 * @param body   one value per complete type of the signature
 */
public record DBusMessage(int type, int flags, long serial, Map<Integer, Object> fields, String signature,
                          List<Object> body) {
    public static final int METHOD_CALL = 1;
    public static final int METHOD_RETURN = 2;
    public static final int ERROR = 3;
    public static final int SIGNAL = 4;

    public static final int NO_REPLY_EXPECTED = 1;

    public static final int F_PATH = 1;
    public static final int F_INTERFACE = 2;
    public static final int F_MEMBER = 3;
    public static final int F_ERROR_NAME = 4;
    public static final int F_REPLY_SERIAL = 5;
    public static final int F_DESTINATION = 6;
    public static final int F_SENDER = 7;
    public static final int F_SIGNATURE = 8;
    public static final int F_UNIX_FDS = 9;

    /** The largest message the specification allows (128 MiB). */
    static final int MAX_LENGTH = 1 << 27;

    public DBusMessage {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // order is wire order
        signature = signature == null ? "" : signature;
        body = body == null ? List.of() : List.copyOf(body);
    }

    public static DBusMessage methodCall(long serial, String destination, String path, String iface, String member,
                                         String signature, List<?> args) {
        Map<Integer, Object> f = new LinkedHashMap<>();
        f.put(F_PATH, path);
        if (iface != null) {
            f.put(F_INTERFACE, iface);
        }
        f.put(F_MEMBER, member);
        if (destination != null) {
            f.put(F_DESTINATION, destination);
        }
        return new DBusMessage(METHOD_CALL, 0, serial, f, signature, new ArrayList<Object>(args));
    }

    private String str(int code) {
        Object v = fields.get(code);
        return v instanceof String s ? s : null;
    }

    public String path() {
        return str(F_PATH);
    }

    public String iface() {
        return str(F_INTERFACE);
    }

    public String member() {
        return str(F_MEMBER);
    }

    public String errorName() {
        return str(F_ERROR_NAME);
    }

    public String destination() {
        return str(F_DESTINATION);
    }

    public String sender() {
        return str(F_SENDER);
    }

    /** REPLY_SERIAL, or 0. */
    public long replySerial() {
        Object v = fields.get(F_REPLY_SERIAL);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** An ERROR's text: its first string argument, if any. */
    public String errorText() {
        return !body.isEmpty() && body.getFirst() instanceof String s ? s : "";
    }

    private static String fieldType(int code) {
        return switch (code) {
            case F_PATH -> "o";
            case F_INTERFACE, F_MEMBER, F_ERROR_NAME, F_DESTINATION, F_SENDER -> "s";
            case F_REPLY_SERIAL, F_UNIX_FDS -> "u";
            case F_SIGNATURE -> "g";
            default -> throw new IllegalArgumentException("unknown header field " + code);
        };
    }

    /** The message on the wire (little-endian). */
    public byte[] encode() {
        DBusCodec.Writer bodyW = new DBusCodec.Writer();
        bodyW.writeAll(signature, body);
        byte[] b = bodyW.toByteArray();
        DBusCodec.Writer w = new DBusCodec.Writer();
        w.u8('l');
        w.u8(type);
        w.u8(flags);
        w.u8(1);
        w.u32(b.length);
        w.u32(serial);
        List<Object> hf = new ArrayList<>();
        for (Map.Entry<Integer, Object> e : fields.entrySet()) {
            hf.add(List.of(e.getKey().byteValue(), new Variant(fieldType(e.getKey()), e.getValue())));
        }
        if (!signature.isEmpty()) {
            hf.add(List.of((byte) F_SIGNATURE, new Variant("g", signature)));
        }
        w.write("a(yv)", hf);
        w.pad(8);
        byte[] head = w.toByteArray();
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }

    /**
     * How many bytes the whole message has, from its first 16 bytes (fixed header plus the
     * header fields' array length).
     */
    public static int totalLength(byte[] first16) {
        ByteOrder order = order(first16[0]);
        DBusCodec.Reader r = new DBusCodec.Reader(first16, 0, 16, order);
        r.read("y");
        r.read("y");
        r.read("y");
        r.read("y");
        long bodyLen = r.u32();
        r.u32();
        long fieldsLen = r.u32();
        long head = 16 + fieldsLen;
        head = (head + 7) & ~7L;
        long total = head + bodyLen;
        if (total > MAX_LENGTH) {
            throw new IllegalArgumentException("D-Bus message too long (" + total + " bytes)");
        }
        return (int) total;
    }

    private static ByteOrder order(byte b) {
        return switch (b) {
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            case 'B' -> ByteOrder.BIG_ENDIAN;
            default -> throw new IllegalArgumentException("bad D-Bus endianness byte " + b);
        };
    }

    /** Decodes one complete message. */
    @SuppressWarnings("unchecked")
    public static DBusMessage decode(byte[] data) {
        ByteOrder order = order(data[0]);
        DBusCodec.Reader r = new DBusCodec.Reader(data, 0, data.length, order);
        r.read("y");
        int type = ((Byte) r.read("y")) & 0xff;
        int flags = ((Byte) r.read("y")) & 0xff;
        int version = ((Byte) r.read("y")) & 0xff;
        if (version != 1) {
            throw new IllegalArgumentException("D-Bus protocol version " + version);
        }
        long bodyLen = r.u32();
        long serial = r.u32();
        List<Object> hf = (List<Object>) r.read("a(yv)");
        Map<Integer, Object> fields = new LinkedHashMap<>();
        String sig = "";
        for (Object o : hf) {
            List<Object> f = (List<Object>) o;
            int code = ((Byte) f.get(0)) & 0xff;
            Object v = ((Variant) f.get(1)).value();
            if (code == F_SIGNATURE) {
                sig = (String) v;
            } else if (code >= F_PATH && code <= F_UNIX_FDS) {
                fields.put(code, v);
            } // unknown fields are ignored, as the specification says
        }
        r.align(8);
        int bodyStart = r.position();
        if (bodyStart + bodyLen != data.length) {
            throw new IllegalArgumentException("D-Bus body length mismatch");
        }
        DBusCodec.Reader br = new DBusCodec.Reader(data, bodyStart, (int) bodyLen, order);
        List<Object> body = br.readAll(sig);
        return new DBusMessage(type, flags, serial, fields, sig, body);
    }
}
