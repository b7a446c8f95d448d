package io.jrunc.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes config.json-shaped documents with errors a user can act on. */
public final class SpecIO {
    /** Made on first use: building an ObjectMapper is itself tens of ms that a well-formed config never needs. */
    private static final class Databind {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    /** {@code -Djrunc.spec.databind=true}: bind every config with databind (to compare, in benchmarks). */
    private static final boolean DATABIND_ONLY = Boolean.getBoolean("jrunc.spec.databind");

    private SpecIO() {
    }

    public static ObjectMapper mapper() {
        return Databind.MAPPER;
    }

    /** Reads a bundle's config.json ("JSON specification file config.json not found" as runc). */
    public static Spec readConfig(Path file) throws ConfigException {
        return read(file, Spec.class);
    }

    public static <T> T read(Path file, Class<T> type) throws ConfigException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(name, in, type);
        } catch (NoSuchFileException e) {
            if (name.equals("config.json")) {
                throw new ConfigException("JSON specification file config.json not found");
            }
            throw new ConfigException(name, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(name, null, e.getMessage());
        }
    }

    /** Parses a document; {@code name} is how errors refer to it (e.g. "config.json"). */
    public static <T> T parse(String name, InputStream in, Class<T> type) throws ConfigException {
        try {
            if (type == Spec.class && !DATABIND_ONLY) {
                // a well-formed config binds without databind's reflection (FastSpecReader); anything
                // else, errors included, goes through databind below as before
                byte[] json = in.readAllBytes();
                Spec fast = FastSpecReader.read(json);
                if (fast != null) {
                    return type.cast(fast);
                }
                in = new java.io.ByteArrayInputStream(json);
            }
            T value = Databind.MAPPER.readValue(in, type);
            if (value == null) {
                throw new ConfigException(name, null, "empty document");
            }
            return value;
        } catch (JsonMappingException e) {
            // A syntax error met while binding a nested value arrives wrapped: it is still a syntax error.
            if (e.getCause() instanceof StreamReadException syntax) {
                throw invalidJson(name, syntax);
            }
            if (e.getPath().isEmpty() && e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
                // the document itself is a string, number, array…: Jackson's text would name a Java class
                throw new ConfigException(name, null, "invalid JSON: the document must be a JSON object");
            }
            throw new ConfigException(name, JsonPaths.of(e.getPath()), mappingProblem(e));
        } catch (JsonProcessingException e) {
            throw invalidJson(name, e);
        } catch (IOException e) {
            throw new ConfigException(name, null, e.getMessage());
        }
    }

    private static ConfigException invalidJson(String name, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return new ConfigException(name, null, "invalid JSON: " + where + e.getOriginalMessage());
    }

    private static String mappingProblem(JsonMappingException e) {
        String msg = e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie && mie.getTargetType() != null
                && msg.contains("io.jrunc.")) {
            // Jackson names our Java class: say what JSON the field takes instead
            JsonLocation at = e.getLocation();
            return "must be " + jsonKind(mie.getTargetType())
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        if (msg.startsWith("Cannot map `null` into type")) {
            return "must be set"; // a required number (or boolean) that is absent or null
        }
        // Jackson's messages name Java types; keep the first sentence, which says what was wrong.
        int cut = msg.indexOf('\n');
        if (cut > 0) {
            msg = msg.substring(0, cut);
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return msg + where;
    }

    private static String jsonKind(Class<?> t) {
        if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (t.isEnum()) {
            return "a string";
        }
        return "a JSON object";
    }

    /** config.json as runc writes it: two-space indent, trailing newline absent. */
    public static String write(Object value) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                .withArrayIndenter(new DefaultIndenter("\t", "\n"));
        try {
            return Databind.MAPPER.writer(pp).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
