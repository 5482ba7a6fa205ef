package io.gridkv.node.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java values to JSON for a request, and JSON answers back to the Java types the {@link io.gridkv.Kv} Javadoc promises:
 * {@code Long} (or {@code BigInteger}) for integers, {@code Double} for fractions, {@code Map}, {@code List},
 * {@code String}, {@code Boolean}, {@code null}.
 */
final class JsonValues {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonValues() {}

    /**
     * A value as JSON.
     *
     * @throws KvException {@code SerializerError} for what JSON cannot carry (NaN, infinities, cycles...), as the
     *     in-process encoder fails
     */
    static JsonNode toJson(Object value) {
        JsonNode node;
        try {
            node = MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new KvException(KvError.SerializerError, "json: unsupported value: " + e.getMessage(), e);
        }
        requireFinite(node);
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }

    /** A delta for {@code incrementBy}, as a JSON number; what JSON cannot spell (null, NaN) becomes null. */
    static JsonNode number(Number n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n == null) {
            return f.nullNode();
        }
        if (n instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (n instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (n instanceof Double || n instanceof Float) {
            // As JSON.stringify does: the node then rejects the missing number with ValueNumberRequiredError.
            return Double.isFinite(n.doubleValue()) ? f.numberNode(n.doubleValue()) : f.nullNode();
        }
        return f.numberNode(n.longValue());
    }

    /** An answer's JSON as a plain Java value. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        throw new KvException(KvError.UnexpectedStoreOutputError, "not a JSON value: " + node);
    }

    private static void requireFinite(JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new KvException(KvError.SerializerError, "json: unsupported value: " + node.doubleValue());
        }
        node.forEach(JsonValues::requireFinite);
    }
}
