package io.jrunc.core.state;

import io.jrunc.core.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * state.json &lt;-&gt; {@link ContainerRecord}, by hand: every light command (state, start, kill,
 * delete, list) reads it, and jackson-core's first parser costs them ~20 ms of class
 * initialisation (JsonFactory, symbol tables, recycler pools, BigInteger/BigDecimal), a third
 * of a light command's own time (docs/performance.md). The format is small and ours: a flat
 * object of strings, integers and string maps. Compact, no trailing newline; unknown keys (of
 * any JSON type) are skipped so that an older jrunc reads a newer file. The format is
 * described in docs/state-format.md.
 */
public final class StateJson {
    /** Bumped only for incompatible changes; readers refuse a version they do not know. */
    public static final int VERSION = 1;

    private StateJson() {
    }

    public static byte[] write(ContainerRecord r) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"version\":").append(VERSION);
        field(b, "id").append(quote(r.id()));
        field(b, "init_process_pid").append(r.pid());
        field(b, "init_process_start").append(r.pidStartTime());
        field(b, "bundle").append(quote(r.bundle()));
        field(b, "rootfs").append(quote(r.rootfs()));
        field(b, "created").append(quote(Rfc3339.formatNano(r.created())));
        writeMap(b, "annotations", r.annotations());
        field(b, "owner").append(quote(r.owner()));
        writeMap(b, "namespace_paths", r.namespacePaths());
        writeMap(b, "cgroup_paths", r.cgroupPaths());
        writeMap(b, "extra", r.extra());
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder b, String name) {
        return b.append(",\"").append(name).append("\":");
    }

    private static void writeMap(StringBuilder b, String name, Map<String, String> m) {
        field(b, name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        b.append('}');
    }

    /** A JSON string as jackson-core writes it (io.jrunc.core.JsonText). */
    static String quote(String s) {
        return JsonText.quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /** @throws IOException on malformed JSON, a missing id/created, or an unknown version */
    public static ContainerRecord read(byte[] json) throws IOException {
        String id = null;
        int pid = 0;
        long start = 0;
        String bundle = "";
        String rootfs = "";
        Instant created = null;
        String owner = "";
        Map<String, String> annotations = null;
        Map<String, String> ns = null;
        Map<String, String> cg = null;
        Map<String, String> extra = null;
        Lexer p = new Lexer(new String(json, StandardCharsets.UTF_8));
        p.expect('{');
        if (!p.consume('}')) {
            do {
                String key = p.string();
                p.expect(':');
                switch (key) {
                    case "version" -> {
                        long v = p.integer(key);
                        if (v > VERSION) {
                            throw new IOException("state.json version " + v + " is newer than this jrunc knows ("
                                    + VERSION + ")");
                        }
                    }
                    case "id" -> id = p.text(key);
                    case "init_process_pid" -> pid = (int) p.integer(key);
                    case "init_process_start" -> start = p.integer(key);
                    case "bundle" -> bundle = p.text(key);
                    case "rootfs" -> rootfs = p.text(key);
                    case "created" -> {
                        try {
                            created = Rfc3339.parse(p.text(key));
                        } catch (IllegalArgumentException e) {
                            throw new IOException(e.getMessage(), e);
                        }
                    }
                    case "owner" -> owner = p.text(key);
                    case "annotations" -> annotations = p.map(key);
                    case "namespace_paths" -> ns = p.map(key);
                    case "cgroup_paths" -> cg = p.map(key);
                    case "extra" -> extra = p.map(key);
                    default -> p.skipValue();
                }
            } while (p.consume(','));
            p.expect('}');
        }
        p.end();
        if (id == null || created == null) {
            throw new IOException("state.json lacks " + (id == null ? "id" : "created"));
        }
        return new ContainerRecord(id, pid, start, bundle, rootfs, created, annotations, owner, ns, cg, extra);
    }

    /** Just enough JSON for state.json: strings, integers, string maps, and skipping anything else. */
    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        private IOException error(String what) {
            return new IOException("invalid state.json: " + what + " at offset " + i);
        }

        private void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\r'
                    || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private char peek() throws IOException {
            ws();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        void expect(char c) throws IOException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        boolean consume(char c) throws IOException {
            if (peek() == c) {
                i++;
                return true;
            }
            return false;
        }

        void end() throws IOException {
            ws();
            if (i != s.length()) {
                throw error("trailing content");
            }
        }

        private boolean literal(String word) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return true;
            }
            return false;
        }

        String string() throws IOException {
            expect('"');
            StringBuilder b = null;
            int from = i;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i);
                if (c == '"') {
                    String out = b == null ? s.substring(from, i) : b.append(s, from, i).toString();
                    i++;
                    return out;
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    i++;
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, from, i);
                if (i + 1 >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
                from = i;
            }
        }

        /** A string value; null reads as "". */
        String text(String key) throws IOException {
            if (peek() == 'n' && literal("null")) {
                return "";
            }
            if (peek() != '"') {
                throw new IOException("state.json: " + key + " is not a string");
            }
            return string();
        }

        long integer(String key) throws IOException {
            peek();
            int from = i;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            try {
                return Long.parseLong(s.substring(from, i));
            } catch (NumberFormatException e) {
                throw new IOException("state.json: " + key + " is not an integer");
            }
        }

        /** A string map; null reads as null (the record makes it empty). */
        Map<String, String> map(String key) throws IOException {
            if (peek() == 'n' && literal("null")) {
                return null;
            }
            if (peek() != '{') {
                throw new IOException("state.json: " + key + " is not an object");
            }
            i++;
            Map<String, String> m = new LinkedHashMap<>();
            if (consume('}')) {
                return m;
            }
            do {
                String k = string();
                expect(':');
                m.put(k, text(k));
            } while (consume(','));
            expect('}');
            return m;
        }

        /** Skips any JSON value (an unknown key's). */
        void skipValue() throws IOException {
            char c = peek();
            switch (c) {
                case '"' -> string();
                case '{' -> {
                    i++;
                    if (!consume('}')) {
                        do {
                            string();
                            expect(':');
                            skipValue();
                        } while (consume(','));
                        expect('}');
                    }
                }
                case '[' -> {
                    i++;
                    if (!consume(']')) {
                        do {
                            skipValue();
                        } while (consume(','));
                        expect(']');
                    }
                }
                default -> {
                    if (!(literal("true") || literal("false") || literal("null"))) {
                        int from = i;
                        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                            i++;
                        }
                        if (i == from) {
                            throw error("unexpected '" + c + "'");
                        }
                    }
                }
            }
        }
    }
}
