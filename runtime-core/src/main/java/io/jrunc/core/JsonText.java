package io.jrunc.core;

/** JSON string literals written by hand where loading jackson would cost start-up (state.json, hook state). */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends {@code s} as a JSON string literal, escaped as jackson-core does it: quote,
     * backslash and the short escapes, other control characters as upper-case {@code \}u00XX.
     */
    public static StringBuilder quote(StringBuilder b, String s) {
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
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                                .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
