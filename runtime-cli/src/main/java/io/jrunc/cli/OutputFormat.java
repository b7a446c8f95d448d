package io.jrunc.cli;

import io.jrunc.core.JruncException;

/** The --format flag of dry runs and check: text (default) or json. */
final class OutputFormat {
    private OutputFormat() {
    }

    static boolean isJson(String format) throws JruncException {
        return switch (format) {
            case "", "text" -> false;
            case "json" -> true;
            default -> throw new JruncException("invalid --format \"" + format + "\": want text or json");
        };
    }
}
