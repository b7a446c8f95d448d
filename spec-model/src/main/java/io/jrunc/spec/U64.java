package io.jrunc.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
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

    public static final class Deserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
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
    }

    public static final class Serializer extends JsonSerializer<Long> {
        @Override
        public void serialize(Long v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
        }
    }
}
