package io.gridkv.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code json} serialization. Reads with a streaming parser rather than {@code ObjectMapper.readValue} so that it
 * alone decides the Java types, which {@link CanonicalJson} must turn back into the same bytes: {@code -0} becomes
 * {@code -0.0} (Jackson would say integer 0 and lose the sign), integers {@code Long}, others {@code Double}.
 */
final class JsonCodec implements ValueCodec {

    static final JsonCodec INSTANCE = new JsonCodec();

    private JsonCodec() {}

    @Override
    public String name() {
        return "json";
    }

    @Override
    public byte[] encode(Object value) {
        return CanonicalJson.encodeValue(value);
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try (JsonParser p = open(bytes)) {
            Object value = readValue(p, p.nextToken());
            expectEnd(p);
            return value;
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    private static JsonParser open(byte[] bytes) throws IOException {
        if (!Utf8.isWellFormed(bytes)) {
            throw new KvException(KvError.SerializerError, "stored value is not valid JSON: invalid UTF-8");
        }
        // Jackson guesses UTF-16/32 from a NUL in the first two bytes and skips a UTF-8 BOM. Neither can begin JSON
        // text, which Go reads as UTF-8 only, so both are refused here before Jackson sees them.
        if (bytes[0] == 0 || bytes.length > 1 && bytes[1] == 0 || (bytes[0] & 0x80) != 0) {
            throw new KvException(KvError.SerializerError, "stored value is not valid JSON: unexpected first bytes");
        }
        return CanonicalJson.MAPPER.getFactory().createParser(bytes);
    }

    private static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new KvException(
                    KvError.SerializerError, "stored value is not valid JSON: data after the top-level value");
        }
    }

    private static KvException invalid(IOException e) {
        String detail = e instanceof com.fasterxml.jackson.core.JacksonException
                ? ((com.fasterxml.jackson.core.JacksonException) e).getOriginalMessage()
                : e.getMessage();
        return new KvException(KvError.SerializerError, "stored value is not valid JSON: " + detail, e);
    }

    private static Object readValue(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new KvException(KvError.SerializerError, "stored value is not valid JSON: no value");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(readValue(p, t));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getBigIntegerValue();
                }
                long n = p.getLongValue();
                if (n == 0 && isNegativeZero(p)) {
                    return -0.0d;
                }
                return n;
            case VALUE_NUMBER_FLOAT:
                return finite(p.getDoubleValue());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new KvException(KvError.SerializerError, "stored value is not valid JSON: unexpected " + token);
        }
    }

    /** Whether an integer token that parsed as 0 was written {@code -0} (JSON forbids {@code 00}, so length says). */
    private static boolean isNegativeZero(JsonParser p) throws IOException {
        return p.getTextLength() > 1;
    }

    /** Go refuses to decode a number float64 cannot hold ({@code 1e400}); so do we, rather than return Infinity. */
    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new KvException(KvError.SerializerError, "stored value is not valid JSON: number out of range");
        }
        return d;
    }
}
