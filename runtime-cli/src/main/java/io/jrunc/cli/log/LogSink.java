package io.jrunc.cli.log;

import io.jrunc.cli.GoJson;
import io.jrunc.core.state.Rfc3339;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

/**
 * Where jrunc's log lines go, in runc's (logrus's) formats. One per command run, installed
 * by Main before anything logs; the logback appender ({@link LogrusAppender}) and Main's
 * error report both write through it, so there is one format and one destination.
 * <ul>
 *   <li>text: {@code time="2024-01-02T15:04:05Z" level=error msg="container does not exist"}</li>
 *   <li>json: {@code {"level":"error","msg":"container does not exist","time":"2024-01-02T15:04:05Z"}}</li>
 * </ul>
 * Levels are logrus's words: debug, info, warning, error, fatal. With {@code --log FILE}
 * lines are appended to the file (O_APPEND|O_SYNC, created 0644, opened on the first line),
 * otherwise they go to stderr.
 */
public final class LogSink {
    public enum Format { TEXT, JSON }

    /** Set by {@link JruncLogbackConfigurator} once logback has initialized in this JVM. */
    static volatile boolean logbackConfigured;

    private static volatile LogSink current = new LogSink(System.err, null, Format.TEXT, false);

    private final PrintStream err;
    private final Path file;
    private final Format format;
    private final boolean debug;
    private OutputStream fileOut;
    private boolean fileFailed;

    public LogSink(PrintStream err, Path file, Format format, boolean debug) {
        this.err = err;
        this.file = file;
        this.format = format;
        this.debug = debug;
    }

    public static LogSink current() {
        return current;
    }

    /** Makes {@code sink} the destination of every later log line (closing the previous one). */
    public static void install(LogSink sink) {
        LogSink old = current;
        current = sink;
        if (old != sink) {
            old.close();
        }
        if (logbackConfigured) {
            // only touch logback's classes when logback is already up (start-up: docs/cli.md)
            JruncLogbackConfigurator.levelChanged(sink.debug);
        }
    }

    public boolean debug() {
        return debug;
    }

    public boolean hasFile() {
        return file != null;
    }

    public boolean enabled(String level) {
        return debug || !level.equals("debug");
    }

    public void log(String level, String msg) {
        if (!enabled(level)) {
            return;
        }
        String line = format(format, Instant.now(), level, msg, null);
        synchronized (this) {
            if (file == null) {
                err.print(line);
                err.flush();
            } else {
                writeFile(line);
            }
        }
    }

    /**
     * A failed command's report, as runc's fatal(): the error goes to the log; when the log
     * is a file, the bare message also goes to stderr. Exactly one line on stderr either way.
     */
    public void fatal(String msg) {
        log("error", msg);
        if (file != null) {
            synchronized (this) {
                err.println(msg);
                err.flush();
            }
        }
    }

    private void writeFile(String line) {
        if (fileFailed) {
            return;
        }
        try {
            if (fileOut == null) {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                fileOut = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                setModeIfNew();
            }
            fileOut.write(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            fileFailed = true;
            err.println("unable to write log file " + file + ": " + e.getMessage());
        }
    }

    private void setModeIfNew() {
        try {
            if (Files.size(file) == 0) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // the mode is cosmetic; the log itself works
        }
    }

    public synchronized void close() {
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
            fileOut = null;
        }
        err.flush();
    }

    /** One log line (with its newline) in the given format. {@code fields} may be null. */
    public static String format(Format format, Instant time, String level, String msg, Map<String, String> fields) {
        String t = Rfc3339.formatSeconds(time);
        if (format == Format.JSON) {
            Map<String, Object> m = new java.util.TreeMap<>();
            if (fields != null) {
                m.putAll(fields);
            }
            m.put("level", level);
            m.put("msg", msg);
            m.put("time", t);
            return GoJson.compact(m) + "\n";
        }
        StringBuilder b = new StringBuilder(64 + msg.length());
        b.append("time=");
        value(b, t);
        b.append(" level=");
        value(b, level);
        b.append(" msg=");
        value(b, msg);
        if (fields != null) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(fields).entrySet()) {
                b.append(' ').append(e.getKey()).append('=');
                value(b, e.getValue());
            }
        }
        return b.append('\n').toString();
    }

    /** logrus quotes a value (Go %q) unless it is only [A-Za-z0-9-._/@^+]. */
    private static void value(StringBuilder b, String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
        }
        if (plain) {
            b.append(v);
        } else {
            goQuote(b, v);
        }
    }

    /** Go's strconv.Quote. */
    static void goQuote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else if (c >= 0x80 && c < 0xa0) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
