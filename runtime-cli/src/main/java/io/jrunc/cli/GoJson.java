package io.jrunc.cli;

import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Go's encoding/json writes it, for outputs that tools compare byte
 * for byte with runc's (state, list, features, log lines): {@code "key": value} with
 * {@code MarshalIndent}'s layout, "{}"/"[]" for empty containers, and Go's string escapes
 * ({@code <>&} as backslash-u003c, -u003e, -u0026; U+2028/2029 likewise; b f n r t as short
 * escapes, other control characters as lowercase backslash-u00xx). Values: String, Number, Boolean, null, List, Map
 * (iteration order is kept: pass a TreeMap where Go would marshal a map, sorted).
 */
public final class GoJson {
    private GoJson() {
    }

    /** {@code json.Marshal}: compact. */
    public static String compact(Object value) {
        StringBuilder b = new StringBuilder(256);
        write(b, value, null, "");
        return b.toString();
    }

    /** {@code json.MarshalIndent(v, "", indent)}: no trailing newline. */
    public static String indent(Object value, String indent) {
        StringBuilder b = new StringBuilder(512);
        write(b, value, indent, "");
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent, String cur) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{');
            String next = indent == null ? "" : cur + indent;
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                newline(b, indent, next);
                string(b, String.valueOf(e.getKey()));
                b.append(indent == null ? ":" : ": ");
                write(b, e.getValue(), indent, next);
            }
            newline(b, indent, cur);
            b.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[');
            String next = indent == null ? "" : cur + indent;
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                newline(b, indent, next);
                write(b, l.get(i), indent, next);
            }
            newline(b, indent, cur);
            b.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass());
        }
    }

    private static void newline(StringBuilder b, String indent, String cur) {
        if (indent != null) {
            b.append('\n').append(cur);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A Go-escaped JSON string literal, quotes included. */
    public static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(b, c);
                default -> {
                    if (c < 0x20) {
                        unicode(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append("\\ufffd"); // Go replaces invalid UTF-8 the same way
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
