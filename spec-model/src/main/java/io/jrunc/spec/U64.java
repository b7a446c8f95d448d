package io.jrunc.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigInteger;

/**
 * uint64 JSON numbers held in a Java long with unsigned meaning: 18446744073709551615
 * (RLIM_INFINITY, the Go zero-value trick of -1 as uint64) becomes -1L and is written back
 * as 18446744073709551615.
 */
public final class U64 {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private U64() {
    }

    public static String toString(long v) {
        return Long.toUnsignedString(v);
    }

    private static Long read(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return (Long) ctx.handleUnexpectedToken(Long.class, p);
        }
        BigInteger v = p.getBigIntegerValue();
        if (v.signum() < 0) {
            if (v.bitLength() > 63) {
                return (Long) ctx.handleWeirdNumberValue(Long.class, v, "out of range for a 64-bit value");
            }
            return v.longValue(); // tolerated: -1 as "unlimited"
        }
        if (v.compareTo(MAX) > 0) {
            return (Long) ctx.handleWeirdNumberValue(Long.class, v, "out of range for a uint64");
        }
        return v.longValue();
    }

    /** For nullable {@code Long} fields: absent or null stays null. */
    public static final class Deserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return read(p, ctx);
        }

        @Override
        public Long getEmptyValue(DeserializationContext ctx) {
            return 0L;
        }
    }

    /**
     * For primitive {@code long} fields. The nullable deserializer would hand the record
     * constructor a null for an absent field (an NPE inside Jackson); this one behaves like
     * Jackson's own primitives: absent or null is an error under FAIL_ON_NULL_FOR_PRIMITIVES,
     * and 0 for a component marked {@code @JsonSetter(nulls = Nulls.AS_EMPTY)}.
     */
    public static final class Primitive extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return read(p, ctx);
        }

        @Override
        public Long getNullValue(DeserializationContext ctx) throws JsonMappingException {
            if (ctx.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)) {
                ctx.reportInputMismatch(this, "Cannot map `null` into type `long`");
            }
            return 0L;
        }

        @Override
        public Long getEmptyValue(DeserializationContext ctx) {
            return 0L;
        }
    }

    public static final class Serializer extends JsonSerializer<Long> {
        @Override
        public void serialize(Long v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
        }
    }
}
