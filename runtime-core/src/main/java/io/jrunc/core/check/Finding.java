package io.jrunc.core.check;

/**
 * One thing {@code check --bundle} found: an ERROR means this bundle will not run here,
 * a WARNING that part of the config will not take effect.
 *
 * @param field the config.json field (JSON path), or "" for the whole document
 */
public record Finding(Severity severity, String field, String message) {
    public enum Severity { ERROR, WARNING }

    static Finding error(String field, String message) {
        return new Finding(Severity.ERROR, field == null ? "" : field, message);
    }

    static Finding warning(String field, String message) {
        return new Finding(Severity.WARNING, field == null ? "" : field, message);
    }
}
