package io.jrunc.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict JSON token reader for {@link FastSpecReader}, shaped like the part of jackson-core's
 * JsonParser it used: jackson-core's first parser costs a create ~15-20 ms of class set-up
 * (factory, symbol tables, recycler pools, BigInteger/BigDecimal constants). It accepts only
 * RFC 8259 JSON (valid UTF-8, no comments, no leading zeros, no raw control characters in
 * strings, nesting ≤ 1000, numbers ≤ 1000 characters: jackson's defaults) and throws
 * IOException on anything else; FastSpecReader then declines and databind reports the error.
 */
final class JsonLexer {
    enum Token { START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, FIELD_NAME, VALUE_STRING, VALUE_NUMBER_INT,
        VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL }

    enum NumberType { INT, LONG, BIG_INTEGER }

    private static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER = 1000;

    private final String s;
    private int i;
    /** Open containers: true = object. */
    private final boolean[] stack = new boolean[MAX_DEPTH];
    private int depth;
    /** A value was completed in the current container (a comma must come next) or at top level. */
    private boolean needComma;
    private boolean afterName;
    private boolean topDone;
    private Token current;
    private String text;
    private String name;
    private NumberType numberType;

    JsonLexer(byte[] json) throws IOException {
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("invalid UTF-8");
        }
    }

    private static IOException bad() {
        return new IOException("not plain JSON");
    }

    Token currentToken() {
        return current;
    }

    String currentName() {
        return name;
    }

    String getText() {
        return text;
    }

    NumberType getNumberType() {
        return numberType;
    }

    long getLongValue() throws IOException {
        if (numberType == NumberType.BIG_INTEGER) {
            throw bad();
        }
        return Long.parseLong(text);
    }

    int getIntValue() throws IOException {
        if (numberType != NumberType.INT) {
            throw bad();
        }
        return Integer.parseInt(text);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    /** The next token, or null at the end of a complete document. */
    Token nextToken() throws IOException {
        ws();
        if (depth == 0) {
            if (topDone) {
                if (i < s.length()) {
                    throw bad(); // trailing content
                }
                return current = null;
            }
            return current = value();
        }
        if (i >= s.length()) {
            throw bad();
        }
        char c = s.charAt(i);
        boolean object = stack[depth - 1];
        if (object && afterName) {
            if (c != ':') {
                throw bad();
            }
            i++;
            afterName = false;
            ws();
            return current = value();
        }
        if (c == (object ? '}' : ']')) {
            i++;
            depth--;
            valueDone();
            return current = object ? Token.END_OBJECT : Token.END_ARRAY;
        }
        if (needComma) {
            if (c != ',') {
                throw bad();
            }
            i++;
            ws();
            needComma = false;
            if (i >= s.length()) {
                throw bad();
            }
            c = s.charAt(i);
            if (c == '}' || c == ']') {
                throw bad(); // trailing comma
            }
        }
        if (object) {
            if (c != '"') {
                throw bad();
            }
            i++;
            name = string();
            afterName = true;
            return current = Token.FIELD_NAME;
        }
        return current = value();
    }

    private void valueDone() {
        if (depth == 0) {
            topDone = true;
        } else {
            needComma = true;
        }
    }

    private Token value() throws IOException {
        if (i >= s.length()) {
            throw bad();
        }
        char c = s.charAt(i);
        switch (c) {
            case '{', '[' -> {
                if (depth == MAX_DEPTH) {
                    throw bad();
                }
                i++;
                stack[depth++] = c == '{';
                needComma = false;
                return c == '{' ? Token.START_OBJECT : Token.START_ARRAY;
            }
            case '"' -> {
                i++;
                text = string();
                valueDone();
                return Token.VALUE_STRING;
            }
            case 't' -> {
                literal("true");
                return Token.VALUE_TRUE;
            }
            case 'f' -> {
                literal("false");
                return Token.VALUE_FALSE;
            }
            case 'n' -> {
                literal("null");
                return Token.VALUE_NULL;
            }
            default -> {
                return number();
            }
        }
    }

    private void literal(String word) throws IOException {
        if (!s.startsWith(word, i)) {
            throw bad();
        }
        i += word.length();
        if (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
            throw bad();
        }
        valueDone();
    }

    private Token number() throws IOException {
        int from = i;
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        if (i < s.length() && s.charAt(i) == '0') {
            i++;
        } else {
            digits();
        }
        if (i == intStart) {
            throw bad();
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            if (digits() == 0) {
                throw bad();
            }
            integral = false;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (digits() == 0) {
                throw bad();
            }
            integral = false;
        }
        if (i - from > MAX_NUMBER || (i < s.length() && Character.isLetterOrDigit(s.charAt(i)))) {
            throw bad();
        }
        text = s.substring(from, i);
        valueDone();
        if (!integral) {
            return Token.VALUE_NUMBER_FLOAT;
        }
        int len = i - intStart;
        if (len < 10) {
            numberType = NumberType.INT;
        } else if (len <= 19) {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                numberType = NumberType.BIG_INTEGER;
                return Token.VALUE_NUMBER_INT;
            }
            numberType = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? NumberType.INT : NumberType.LONG;
        } else {
            numberType = NumberType.BIG_INTEGER;
        }
        return Token.VALUE_NUMBER_INT;
    }

    private int digits() {
        int from = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** The rest of a string whose opening quote was read. */
    private String string() throws IOException {
        StringBuilder b = null;
        int from = i;
        while (true) {
            if (i >= s.length()) {
                throw bad();
            }
            char c = s.charAt(i);
            if (c == '"') {
                String out = b == null ? s.substring(from, i) : b.append(s, from, i).toString();
                i++;
                return out;
            }
            if (c < 0x20) {
                throw bad();
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
                throw bad();
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
                        throw bad();
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw bad();
                        }
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                    i += 4;
                }
                default -> throw bad();
            }
            from = i;
        }
    }

    /** On START_OBJECT/START_ARRAY: moves to the matching end; otherwise nothing. */
    void skipChildren() throws IOException {
        if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
            return;
        }
        int open = 1;
        while (open > 0) {
            Token t = nextToken();
            if (t == null) {
                throw bad();
            }
            if (t == Token.START_OBJECT || t == Token.START_ARRAY) {
                open++;
            } else if (t == Token.END_OBJECT || t == Token.END_ARRAY) {
                open--;
            }
        }
    }
}
