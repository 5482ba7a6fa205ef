package io.gridkv.node.http;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.codec.CanonicalJson;
import java.io.IOException;
import java.util.Map;

/** Reading request bodies and writing answers: strict JSON in, {@code {"result"}} or {@code {"error"}} out. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    // Fractions as xk6-kv's Go encoder writes them (1e+21, not Java's 1.0E21): one number text
                    // whichever client reads the store.
                    .addDecorator((factory, generator) -> new GoNumbers(generator))
                    .build())
            // A duplicated argument is ambiguous: refuse it rather than let the last one win.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /**
     * The body as a JSON object; an empty body is {@code {}}.
     *
     * @throws KvException {@code InvalidOptionsError} for malformed JSON, invalid UTF-8 or a non-object
     */
    static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(body)) {
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw Args.invalid("request body: one JSON object expected, found more after it");
            }
        } catch (JsonProcessingException e) {
            throw Args.invalid("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KvException(KvError.InvalidOptionsError, "request body could not be read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw Args.invalid("request body must be a JSON object, e.g. {\"key\": \"k\"}");
        }
        if (hasUnicodeEscape(body)) {
            requireUnicode(node);
        }
        return (ObjectNode) node;
    }

    /** Whether {@code body} may hold a {@code \\u} escape: only an escape can make an unpaired surrogate. */
    private static boolean hasUnicodeEscape(byte[] body) {
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a string (value or field name) holding an unpaired surrogate such as {@code "\\ud800"}: valid JSON text
     * but no Unicode text, it has no UTF-8 form, so a key would be stored as another key ({@code "?"}) and a value
     * read back as something else (U+FFFD).
     */
    private static void requireUnicode(JsonNode node) {
        if (node.isTextual()) {
            requireUnicode(node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                requireUnicode(field.getKey());
                requireUnicode(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                requireUnicode(element);
            }
        }
    }

    private static void requireUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Args.invalid(String.format(
                        "request body: a string holds the unpaired surrogate \\u%04x, which is not Unicode text",
                        (int) c));
            }
        }
    }

    /** {@code {"result": result}}. */
    static byte[] ok(Object result) {
        return write(new Ok(result));
    }

    /** {@code {"error": {"name": name, "message": message}}}. */
    static byte[] error(String name, String message) {
        return write(new Failure(new ErrorBody(name, message)));
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new KvException(
                    KvError.SerializerError, "the answer could not be written as JSON: " + e.getMessage());
        }
    }

    /** Writes floating-point numbers in the canonical (Go {@code encoding/json}) form. */
    private static final class GoNumbers extends JsonGeneratorDelegate {
        GoNumbers(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            writeRawValue(CanonicalJson.formatNumber(DoubleNode.valueOf(v)));
        }

        @Override
        public void writeNumber(float v) throws IOException {
            writeRawValue(CanonicalJson.formatNumber(FloatNode.valueOf(v)));
        }
    }

    record Ok(Object result) {}

    record Failure(ErrorBody error) {}

    record ErrorBody(String name, String message) {}
}
