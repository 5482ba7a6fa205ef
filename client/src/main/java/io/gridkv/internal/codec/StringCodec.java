package io.gridkv.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code string} serialization: a string is stored as its UTF-8 bytes; anything else as the text Go's {@code %v}
 * gives the value xk6-kv would have received ({@code 5}, {@code true}, {@code <nil>}, {@code [1 2]},
 * {@code map[a:1]}). Numbers use the json codec's canonical text so that {@code "1"} and {@code 1} store alike under
 * both serializations; NaN and infinities, which json refuses, are {@code NaN}, {@code +Inf}, {@code -Inf} as in Go.
 * Only strings round-trip: reads always return the stored text.
 */
final class StringCodec implements ValueCodec {

    static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {}

    @Override
    public String name() {
        return "string";
    }

    @Override
    public byte[] encode(Object value) {
        if (value instanceof String) {
            return Utf8.encode((String) value);
        }
        StringBuilder sb = new StringBuilder();
        format(value, sb, 0);
        return Utf8.encode(sb.toString());
    }

    @Override
    public Object decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void format(Object value, StringBuilder sb, int depth) {
        if (value == null) {
            sb.append("<nil>");
        } else if (value instanceof String) {
            sb.append((String) value);
        } else if (value instanceof Boolean) {
            sb.append(((Boolean) value).booleanValue());
        } else if (value instanceof Number) {
            sb.append(numberText((Number) value));
        } else if (value instanceof JsonNode) {
            formatNode((JsonNode) value, sb, depth);
        } else if (value instanceof Map) {
            List<Member> members = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                members.add(new Member(keyText(e.getKey(), depth), e.getValue()));
            }
            formatMap(members, sb, enter(depth));
        } else if (value instanceof Collection) {
            formatList(((Collection<?>) value).iterator(), sb, enter(depth));
        } else if (value instanceof byte[]) {
            // Go prints a []byte as its unsigned byte values: [104 105].
            byte[] bytes = (byte[]) value;
            sb.append('[');
            for (int i = 0; i < bytes.length; i++) {
                sb.append(i > 0 ? " " : "").append(bytes[i] & 0xFF);
            }
            sb.append(']');
        } else if (value instanceof char[]) {
            sb.append((char[]) value); // a string to Jackson too
        } else if (value.getClass().isArray()) {
            int inner = enter(depth);
            sb.append('[');
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                format(Array.get(value, i), sb, inner);
            }
            sb.append(']');
        } else {
            sb.append(value);
        }
    }

    private static void formatNode(JsonNode node, StringBuilder sb, int depth) {
        switch (node.getNodeType()) {
            case NULL:
            case MISSING:
                sb.append("<nil>");
                break;
            case STRING:
                sb.append(node.textValue());
                break;
            case BOOLEAN:
                sb.append(node.booleanValue());
                break;
            case NUMBER:
                sb.append(numberText(node.numberValue()));
                break;
            case BINARY:
                format(binaryValue(node), sb, depth);
                break;
            case ARRAY:
                formatList(node.elements(), sb, enter(depth));
                break;
            case OBJECT: {
                List<Member> members = new ArrayList<>(node.size());
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    members.add(new Member(e.getKey(), e.getValue()));
                }
                formatMap(members, sb, enter(depth));
                break;
            }
            case POJO:
                format(((POJONode) node).getPojo(), sb, enter(depth));
                break;
            default:
                sb.append(node);
        }
    }

    private static byte[] binaryValue(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new KvException(KvError.SerializerError, "string: unreadable binary node: " + e.getMessage(), e);
        }
    }

    private static void formatList(Iterator<?> elements, StringBuilder sb, int inner) {
        sb.append('[');
        boolean first = true;
        while (elements.hasNext()) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            format(elements.next(), sb, inner);
        }
        sb.append(']');
    }

    /** {@code map[k:v k:v]}, sorted by the key's text in UTF-8 order, as Go's fmt sorts string keys. */
    private static void formatMap(List<Member> members, StringBuilder sb, int inner) {
        members.sort((a, b) -> Utf8Order.compare(a.key(), b.key()));
        sb.append("map[");
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(members.get(i).key()).append(':');
            format(members.get(i).value(), sb, inner);
        }
        sb.append(']');
    }

    private static String keyText(Object key, int depth) {
        if (key instanceof String) {
            return (String) key;
        }
        StringBuilder sb = new StringBuilder();
        format(key, sb, enter(depth));
        return sb.toString();
    }

    private static String numberText(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            } else if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
        } else if (n instanceof BigInteger) {
            return n.toString(); // no length cap here: string values never have to be read back as numbers
        } else if (n instanceof BigDecimal) {
            BigDecimal stripped = ((BigDecimal) n).stripTrailingZeros();
            if (stripped.signum() != 0 && stripped.scale() <= 0) {
                // Exact, as json writes it; past 1000 digits in E form, or 1E+1000000000 would print a gigabyte.
                return (long) stripped.precision() - stripped.scale() > 1000
                        ? stripped.toString()
                        : stripped.toPlainString();
            }
        }
        String text = CanonicalJson.numberText(n);
        return text != null ? text : String.valueOf(n);
    }

    private static int enter(int depth) {
        if (depth >= CanonicalJson.MAX_DEPTH) {
            throw new KvException(
                    KvError.SerializerError,
                    "string: unsupported value: nested deeper than " + CanonicalJson.MAX_DEPTH + " levels (or cyclic)");
        }
        return depth + 1;
    }
}
