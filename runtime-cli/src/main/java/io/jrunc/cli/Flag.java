package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One command-line flag as runc spells it: a long name, an optional one-letter alias, a
 * kind, a help text. While parsing, the raw values of every occurrence are collected;
 * {@link #apply()} then converts them with Go's flag-package rules and messages and hands
 * them to the command's field (the last occurrence wins for single-valued flags).
 */
public final class Flag {
    public enum Kind { BOOL, STRING, INT, STRINGS, INTS }

    final String name;
    final String alias;
    final Kind kind;
    final String help;
    final String defaultText;
    final boolean hidden;
    private final Consumer<Object> sink;
    final List<String> raw = new ArrayList<>();

    @SuppressWarnings("unchecked")
    Flag(String name, String alias, Kind kind, String help, String defaultText, boolean hidden, Consumer<?> sink) {
        this.name = name;
        this.alias = alias;
        this.kind = kind;
        this.help = help;
        this.defaultText = defaultText;
        this.hidden = hidden;
        this.sink = (Consumer<Object>) sink;
    }

    public String name() {
        return name;
    }

    public String alias() {
        return alias;
    }

    public Kind kind() {
        return kind;
    }

    public boolean hidden() {
        return hidden;
    }

    boolean takesValue() {
        return kind != Kind.BOOL;
    }

    /** Converts and delivers what was parsed; a bad value is a usage error worded as Go's. */
    void apply() throws UsageException {
        if (raw.isEmpty()) {
            return;
        }
        switch (kind) {
            case BOOL -> sink.accept(parseBool(raw.getLast()));
            case STRING -> sink.accept(raw.getLast());
            case INT -> sink.accept(parseInt(raw.getLast()));
            case STRINGS -> raw.forEach(sink::accept);
            case INTS -> {
                for (String v : raw) {
                    sink.accept(parseLong(v));
                }
            }
        }
    }

    private boolean parseBool(String v) throws UsageException {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new UsageException("invalid boolean value \"" + v + "\" for -" + name + ": parse error");
        };
    }

    private int parseInt(String v) throws UsageException {
        try {
            return Integer.decode(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag -" + name + ": parse error");
        }
    }

    private long parseLong(String v) throws UsageException {
        try {
            return Long.decode(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag -" + name + ": parse error");
        }
    }

    /** urfave/cli's help line: {@code --bundle value, -b value}. */
    String synopsis() {
        String v = takesValue() ? " value" : "";
        String s = "--" + name + v;
        if (alias != null) {
            s += ", " + (alias.length() == 1 ? "-" : "--") + alias + v;
        }
        return s;
    }

    String helpText() {
        return defaultText == null ? help : help + " (default: " + defaultText + ")";
    }
}
