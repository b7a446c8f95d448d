package io.jrunc.core.cgroup.systemd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * D-Bus wire format (the specification's "Marshaling" section), driven by a type signature.
 * Java values: y Byte, b Boolean, n/q/i/u/h/x/t Number (u and t are unsigned on the wire,
 * read back as long / long bits), d Double, s/o/g String, v {@link Variant}, ay byte[],
 * a{kv} Map, other arrays List, structs List. Alignment is relative to the start of the
 * buffer, which is why a message body is encoded on its own (it starts 8-aligned).
 */
public final class DBusCodec {
    private DBusCodec() {
    }

    /** A value with its own signature ("v"). */
    public record Variant(String signature, Object value) {
        public Variant {
            checkSignature(signature);
            if (typeEnd(signature, 0) != signature.length()) {
                throw new IllegalArgumentException("a variant holds one complete type, not \"" + signature + "\"");
            }
        }
    }

    static int alignment(char t) {
        return switch (t) {
            case 'y', 'g', 'v' -> 1;
            case 'n', 'q' -> 2;
            case 'b', 'i', 'u', 'h', 's', 'o', 'a' -> 4;
            case 'x', 't', 'd', '(', '{' -> 8;
            default -> throw new IllegalArgumentException("unknown D-Bus type '" + t + "'");
        };
    }

    /** The index just past the complete type that starts at {@code i}. */
    static int typeEnd(String sig, int i) {
        if (i >= sig.length()) {
            throw new IllegalArgumentException("truncated signature \"" + sig + "\"");
        }
        char c = sig.charAt(i);
        switch (c) {
            case 'a':
                return typeEnd(sig, i + 1);
            case '(': {
                int j = i + 1;
                while (j < sig.length() && sig.charAt(j) != ')') {
                    j = typeEnd(sig, j);
                }
                if (j >= sig.length() || j == i + 1) {
                    throw new IllegalArgumentException("bad struct in signature \"" + sig + "\"");
                }
                return j + 1;
            }
            case '{': {
                if (i == 0 || sig.charAt(i - 1) != 'a') {
                    throw new IllegalArgumentException("dict entry outside an array in \"" + sig + "\"");
                }
                int k = typeEnd(sig, i + 1);
                int v = typeEnd(sig, k);
                if (v >= sig.length() || sig.charAt(v) != '}') {
                    throw new IllegalArgumentException("bad dict entry in signature \"" + sig + "\"");
                }
                return v + 1;
            }
            default:
                alignment(c);
                return i + 1;
        }
    }

    /** The complete types of a signature, e.g. "sa(sv)u" → [s, a(sv), u]. */
    static List<String> split(String sig) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sig.length(); ) {
            int e = typeEnd(sig, i);
            out.add(sig.substring(i, e));
            i = e;
        }
        return out;
    }

    static void checkSignature(String sig) {
        if (sig.length() > 255) {
            throw new IllegalArgumentException("signature too long");
        }
        split(sig);
    }

    /** Little-endian writer; positions (and so alignment) count from its start. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public int position() {
            return out.size();
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        public void pad(int align) {
            while (out.size() % align != 0) {
                out.write(0);
            }
        }

        void u8(int v) {
            out.write(v & 0xff);
        }

        void u16(int v) {
            pad(2);
            u8(v);
            u8(v >>> 8);
        }

        void u32(long v) {
            pad(4);
            for (int s = 0; s < 32; s += 8) {
                u8((int) (v >>> s));
            }
        }

        void u64(long v) {
            pad(8);
            for (int s = 0; s < 64; s += 8) {
                u8((int) (v >>> s));
            }
        }

        private void patchU32(int at, long v) {
            byte[] b = out.toByteArray();
            out.reset();
            for (int s = 0; s < 4; s++) {
                b[at + s] = (byte) (v >>> (8 * s));
            }
            out.writeBytes(b);
        }

        /** Writes the values of a signature of several complete types, one value each. */
        public void writeAll(String sig, List<?> values) {
            List<String> types = split(sig);
            if (types.size() != values.size()) {
                throw new IllegalArgumentException("signature \"" + sig + "\" has " + types.size()
                        + " types for " + values.size() + " values");
            }
            for (int i = 0; i < types.size(); i++) {
                write(types.get(i), values.get(i));
            }
        }

        /** Writes one value of one complete type. */
        public void write(String type, Object v) {
            char c = type.charAt(0);
            switch (c) {
                case 'y' -> u8(num(type, v).intValue());
                case 'b' -> {
                    if (!(v instanceof Boolean b)) {
                        throw mismatch(type, v);
                    }
                    u32(b ? 1 : 0);
                }
                case 'n', 'q' -> u16(num(type, v).intValue());
                case 'i', 'u', 'h' -> u32(num(type, v).longValue());
                case 'x', 't' -> u64(num(type, v).longValue());
                case 'd' -> u64(Double.doubleToRawLongBits(num(type, v).doubleValue()));
                case 's', 'o' -> {
                    byte[] b = str(type, v).getBytes(StandardCharsets.UTF_8);
                    u32(b.length);
                    out.writeBytes(b);
                    u8(0);
                }
                case 'g' -> {
                    String s = str(type, v);
                    checkSignature(s);
                    u8(s.length());
                    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                    u8(0);
                }
                case 'v' -> {
                    if (!(v instanceof Variant var)) {
                        throw mismatch(type, v);
                    }
                    write("g", var.signature());
                    write(var.signature(), var.value());
                }
                case 'a' -> writeArray(type, v);
                case '(' -> {
                    if (!(v instanceof List<?> fields)) {
                        throw mismatch(type, v);
                    }
                    pad(8);
                    writeAll(type.substring(1, type.length() - 1), fields);
                }
                default -> throw new IllegalArgumentException("cannot write type " + type);
            }
        }

        private void writeArray(String type, Object v) {
            String elem = type.substring(1);
            u32(0); // length, patched below
            int lenAt = position() - 4;
            pad(alignment(elem.charAt(0)));
            int start = position();
            if (elem.equals("y") && v instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else if (elem.charAt(0) == '{') {
                if (!(v instanceof Map<?, ?> map)) {
                    throw mismatch(type, v);
                }
                String kv = elem.substring(1, elem.length() - 1);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    pad(8);
                    writeAll(kv, List.of(e.getKey(), e.getValue()));
                }
            } else {
                if (!(v instanceof List<?> items)) {
                    throw mismatch(type, v);
                }
                for (Object item : items) {
                    write(elem, item);
                }
            }
            int len = position() - start;
            if (len > (1 << 26)) {
                throw new IllegalArgumentException("array too long");
            }
            patchU32(lenAt, len);
        }

        private static Number num(String type, Object v) {
            if (v instanceof Number n) {
                return n;
            }
            throw mismatch(type, v);
        }

        private static String str(String type, Object v) {
            if (v instanceof String s) {
                return s;
            }
            throw mismatch(type, v);
        }

        private static IllegalArgumentException mismatch(String type, Object v) {
            return new IllegalArgumentException("cannot write " + (v == null ? "null" : v.getClass().getSimpleName())
                    + " as D-Bus type " + type);
        }
    }

    /** Reader over a byte array in either byte order; positions count from {@code base}. */
    public static final class Reader {
        private final ByteBuffer buf;
        private final int base;

        public Reader(byte[] data, int offset, int length, ByteOrder order) {
            this.buf = ByteBuffer.wrap(data, offset, length).order(order);
            this.base = offset;
        }

        public int position() {
            return buf.position() - base;
        }

        public void align(int a) {
            int p = position();
            int pad = (a - p % a) % a;
            need(pad);
            buf.position(buf.position() + pad);
        }

        private void need(int n) {
            if (buf.remaining() < n) {
                throw new IllegalArgumentException("D-Bus message truncated");
            }
        }

        public List<Object> readAll(String sig) {
            List<Object> out = new ArrayList<>();
            for (String t : split(sig)) {
                out.add(read(t));
            }
            return out;
        }

        public Object read(String type) {
            char c = type.charAt(0);
            switch (c) {
                case 'y' -> {
                    need(1);
                    return buf.get();
                }
                case 'b' -> {
                    long v = u32();
                    if (v > 1) {
                        throw new IllegalArgumentException("bad boolean " + v);
                    }
                    return v == 1;
                }
                case 'n' -> {
                    align(2);
                    need(2);
                    return buf.getShort();
                }
                case 'q' -> {
                    align(2);
                    need(2);
                    return buf.getShort() & 0xffff;
                }
                case 'i', 'h' -> {
                    return (int) u32();
                }
                case 'u' -> {
                    return u32();
                }
                case 'x', 't' -> {
                    align(8);
                    need(8);
                    return buf.getLong();
                }
                case 'd' -> {
                    align(8);
                    need(8);
                    return buf.getDouble();
                }
                case 's', 'o' -> {
                    int len = (int) u32();
                    need(len + 1);
                    String s = new String(buf.array(), buf.position(), len, StandardCharsets.UTF_8);
                    buf.position(buf.position() + len + 1);
                    return s;
                }
                case 'g' -> {
                    need(1);
                    int len = buf.get() & 0xff;
                    need(len + 1);
                    String s = new String(buf.array(), buf.position(), len, StandardCharsets.US_ASCII);
                    buf.position(buf.position() + len + 1);
                    return s;
                }
                case 'v' -> {
                    String sig = (String) read("g");
                    return new Variant(sig, read(sig));
                }
                case 'a' -> {
                    return readArray(type.substring(1));
                }
                case '(' -> {
                    align(8);
                    return readAll(type.substring(1, type.length() - 1));
                }
                default -> throw new IllegalArgumentException("cannot read type " + type);
            }
        }

        private Object readArray(String elem) {
            long len = u32();
            if (len > (1 << 26)) {
                throw new IllegalArgumentException("array too long");
            }
            align(alignment(elem.charAt(0)));
            need((int) len);
            int end = buf.position() + (int) len;
            if (elem.equals("y")) {
                byte[] b = new byte[(int) len];
                buf.get(b);
                return b;
            }
            if (elem.charAt(0) == '{') {
                String kv = elem.substring(1, elem.length() - 1);
                List<String> kt = split(kv);
                Map<Object, Object> map = new LinkedHashMap<>();
                while (buf.position() < end) {
                    align(8);
                    map.put(read(kt.get(0)), read(kt.get(1)));
                }
                return map;
            }
            List<Object> items = new ArrayList<>();
            while (buf.position() < end) {
                items.add(read(elem));
            }
            if (buf.position() != end) {
                throw new IllegalArgumentException("array overran its length");
            }
            return items;
        }

        long u32() {
            align(4);
            need(4);
            return buf.getInt() & 0xffffffffL;
        }
    }
}
