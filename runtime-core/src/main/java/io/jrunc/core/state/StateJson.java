package io.jrunc.core.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * state.json &lt;-&gt; {@link ContainerRecord} with jackson-core's streaming API only (light
 * commands must not load databind). Compact, no trailing newline; unknown keys are skipped
 * so that an older jrunc reads a newer file. The format is described in docs/state-format.md.
 */
public final class StateJson {
    /** Bumped only for incompatible changes; readers refuse a version they do not know. */
    public static final int VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {
    }

    public static byte[] write(ContainerRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("id", r.id());
            g.writeNumberField("init_process_pid", r.pid());
            g.writeNumberField("init_process_start", r.pidStartTime());
            g.writeStringField("bundle", r.bundle());
            g.writeStringField("rootfs", r.rootfs());
            g.writeStringField("created", Rfc3339.formatNano(r.created()));
            writeMap(g, "annotations", r.annotations());
            g.writeStringField("owner", r.owner());
            writeMap(g, "namespace_paths", r.namespacePaths());
            writeMap(g, "cgroup_paths", r.cgroupPaths());
            writeMap(g, "extra", r.extra());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
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
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("state.json is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "version" -> {
                        int v = p.getIntValue();
                        if (v > VERSION) {
                            throw new IOException("state.json version " + v + " is newer than this jrunc knows ("
                                    + VERSION + ")");
                        }
                    }
                    case "id" -> id = text(p, t);
                    case "init_process_pid" -> pid = p.getIntValue();
                    case "init_process_start" -> start = p.getLongValue();
                    case "bundle" -> bundle = text(p, t);
                    case "rootfs" -> rootfs = text(p, t);
                    case "created" -> {
                        try {
                            created = Rfc3339.parse(text(p, t));
                        } catch (IllegalArgumentException e) {
                            throw new IOException(e.getMessage(), e);
                        }
                    }
                    case "owner" -> owner = text(p, t);
                    case "annotations" -> annotations = readMap(p, t);
                    case "namespace_paths" -> ns = readMap(p, t);
                    case "cgroup_paths" -> cg = readMap(p, t);
                    case "extra" -> extra = readMap(p, t);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("state.json: unexpected " + p.currentToken());
            }
        }
        if (id == null || created == null) {
            throw new IOException("state.json lacks " + (id == null ? "id" : "created"));
        }
        return new ContainerRecord(id, pid, start, bundle, rootfs, created, annotations, owner, ns, cg, extra);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IOException("state.json: " + p.currentName() + " is not a string");
        }
        return p.getText();
    }

    private static Map<String, String> readMap(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new IOException("state.json: " + p.currentName() + " is not an object");
        }
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            m.put(k, text(p, p.nextToken()));
        }
        return m;
    }
}
