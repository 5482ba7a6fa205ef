package io.gridkv.internal.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The one canonical JSON encoder of gridkv. Compare-and-swap compares serialized bytes, so every host must turn equal
 * values into identical bytes; this writes what Go's {@code encoding/json} (and so xk6-kv) writes: no whitespace,
 * object keys sorted by their UTF-8 bytes, Go's string escaping (HTML-safe), and Go's float64 number text.
 *
 * <p>One deviation, so that Java values survive a round trip: integers held exactly by Java ({@code long},
 * {@code BigInteger}, integral {@code BigDecimal}) are written exactly, not rounded to float64. Guarantee: for every
 * output {@code b}, {@code encode(decode(b))} with {@link ValueCodec#json()} is {@code b} again. (Only that decoder
 * keeps it for {@code -0}, which Go writes for negative zero and a plain Jackson parser reads as the integer 0.)
 *
 * <p>Floats use Jackson's copy of the Schubfach algorithm (the one in JDK 19+) rather than {@link Double#toString},
 * whose JDK 17 version sometimes prints more digits than needed: hosts on JDK 17 and 25 must agree byte for byte.
 */
public final class CanonicalJson {

    /** Deepest container nesting written or read; matches the read limit so every output can be read back. */
    static final int MAX_DEPTH = 1000;

    /** Longest number text read back. Exact integers are written only below it (3300 bits is at most 994 digits). */
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final int MAX_EXACT_INTEGER_BITS = 3300;
    private static final int MAX_EXACT_INTEGER_DIGITS = 994;

    /**
     * The shared mapper: turns Java objects into trees and makes parsers. Limits are raised so that any string or key
     * a client could store can be read back (Jackson's defaults stop at 20 M chars and 50 k-char names).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNameLength(Integer.MAX_VALUE)
                            .build())
                    .streamWriteConstraints(StreamWriteConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Per ASCII char: 0 = written raw, 'u' = a six-char unicode escape, else the letter after the backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['\t'] = 't';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        // HTML-safe, as Go's json.Marshal: the value may end up inside a <script> or an HTML page.
        ESCAPES['<'] = 'u';
        ESCAPES['>'] = 'u';
        ESCAPES['&'] = 'u';
    }

    private static final Comparator<Member> MEMBER_ORDER = (a, b) -> Utf8Order.compare(a.key(), b.key());

    private CanonicalJson() {}

    /**
     * The canonical bytes of a JSON tree ({@code null} and {@code MissingNode} give {@code null}).
     *
     * @throws KvException {@code SerializerError} for NaN or an infinite number, nesting deeper than 1000, an integer
     *     too large for float64 and too long to keep exactly, or a {@code POJONode} Jackson cannot convert
     */
    public static byte[] encode(JsonNode node) {
        ByteSink out = new ByteSink(64);
        writeValue(node, out, 0);
        return out.toByteArray();
    }

    /**
     * The canonical text of a number node, as {@link #encode} writes it: {@code 1}, {@code -0}, {@code 3.14159},
     * {@code 1e+21}, {@code 1e-7}.
     *
     * @throws KvException {@code SerializerError} for NaN and infinities
     * @throws IllegalArgumentException if the node is not a number
     */
    public static String formatNumber(JsonNode numberNode) {
        if (!numberNode.isNumber()) {
            throw new IllegalArgumentException("not a number node: " + numberNode.getNodeType());
        }
        String text = numberText(numberNode.numberValue());
        return text != null ? text : formatDouble(numberNode.doubleValue());
    }

    /** Canonical bytes of any Java value: the JSON codec's encoder. */
    static byte[] encodeValue(Object value) {
        ByteSink out = new ByteSink(64);
        writeValue(value, out, 0);
        return out.toByteArray();
    }

    /**
     * Canonical text of a Java number, or {@code null} for a {@code Number} type this class does not know (the caller
     * lets Jackson convert it).
     */
    static String numberText(Number n) {
        if (n instanceof Integer
                || n instanceof Long
                || n instanceof Short
                || n instanceof Byte
                || n instanceof AtomicInteger
                || n instanceof AtomicLong) {
            return Long.toString(n.longValue());
        } else if (n instanceof Double) {
            return formatDouble(n.doubleValue());
        } else if (n instanceof Float) {
            return formatFloat(n.floatValue());
        } else if (n instanceof BigInteger) {
            return integerText((BigInteger) n);
        } else if (n instanceof BigDecimal) {
            return decimalText((BigDecimal) n);
        }
        return null;
    }

    private static String integerText(BigInteger n) {
        if (n.bitLength() > MAX_EXACT_INTEGER_BITS) {
            throw tooLarge();
        }
        return n.toString();
    }

    private static String decimalText(BigDecimal n) {
        if (n.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = n.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            // Checked before toPlainString: 1E+1000000000 is short to hold but a gigabyte to print.
            if ((long) stripped.precision() - stripped.scale() > MAX_EXACT_INTEGER_DIGITS) {
                throw tooLarge();
            }
            return stripped.toPlainString();
        }
        return formatDouble(n.doubleValue());
    }

    private static KvException tooLarge() {
        return new KvException(
                KvError.SerializerError,
                "json: unsupported value: integer too large (more than " + MAX_EXACT_INTEGER_DIGITS + " digits)");
    }

    /** Go's {@code encoding/json} text of a float64. */
    static String formatDouble(double d) {
        checkFinite(d);
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        double abs = Math.abs(d);
        BigDecimal digits = shortestDigits(abs);
        return layout(d < 0, digits, abs < 1e-6 || abs >= 1e21);
    }

    /** Go's {@code encoding/json} text of a float32: its own shortest digits, and float32 thresholds. */
    static String formatFloat(float f) {
        checkFinite(f);
        if (f == 0) {
            return Float.floatToRawIntBits(f) < 0 ? "-0" : "0";
        }
        float abs = Math.abs(f);
        BigDecimal digits = shortestDigits(abs);
        return layout(f < 0, digits, abs < 1e-6f || abs >= 1e21f);
    }

    private static void checkFinite(double d) {
        if (!Double.isFinite(d)) {
            throw new KvException(
                    KvError.SerializerError,
                    "json: unsupported value: " + (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf"));
        }
    }

    /**
     * The shortest decimal that reads back as {@code abs}, nearest to it among equally short ones (Go's
     * {@code FormatFloat(x, 'e', -1, 64)} digits), trailing zeros stripped.
     */
    private static BigDecimal shortestDigits(double abs) {
        return shortestDigits(NumberOutput.toString(abs, true), abs, c -> c.doubleValue() == abs);
    }

    private static BigDecimal shortestDigits(float abs) {
        return shortestDigits(NumberOutput.toString(abs, true), abs, c -> c.floatValue() == abs);
    }

    /**
     * {@code schubfach} (the shortest digits Jackson prints) trailing zeros stripped — or, where Schubfach (as JDK 19+
     * {@code Double.toString}) prints two digits where one would do (4.9E-324 for Go's 5e-324), the one-digit decimal
     * that still {@code roundTrips}, nearest to {@code exact}.
     */
    private static BigDecimal shortestDigits(String schubfach, double exact, Predicate<BigDecimal> roundTrips) {
        BigDecimal digits = new BigDecimal(schubfach).stripTrailingZeros();
        if (digits.precision() != 2) {
            return digits;
        }
        BigDecimal best = null;
        BigDecimal exactValue = new BigDecimal(exact);
        for (BigDecimal candidate : oneDigitNeighbours(digits)) {
            if (roundTrips.test(candidate) && closer(candidate, best, exactValue)) {
                best = candidate;
            }
        }
        return best != null ? best : digits;
    }

    /** The one-digit decimals just below and above a two-digit one: 4 and 5 (times its power of ten) for 4.9. */
    private static BigDecimal[] oneDigitNeighbours(BigDecimal twoDigits) {
        int lead = twoDigits.unscaledValue().intValue() / 10;
        int scale = twoDigits.scale() - 1;
        // 9.9 rounds up to 10, which must be stripped to the one digit it is.
        return new BigDecimal[] {
            BigDecimal.valueOf(lead, scale), BigDecimal.valueOf(lead + 1, scale).stripTrailingZeros()
        };
    }

    private static boolean closer(BigDecimal candidate, BigDecimal best, BigDecimal exact) {
        if (best == null) {
            return true;
        }
        int cmp = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
        // Equally close: the even digit, as round-half-even would pick.
        return cmp < 0 || cmp == 0 && candidate.unscaledValue().intValue() % 2 == 0;
    }

    /**
     * Plain notation, or Go's {@code 'e'} form with encoding/json's exponent cleanup: {@code d[.ddd]e±X}, the exponent
     * without leading zeros.
     */
    private static String layout(boolean negative, BigDecimal digits, boolean exponent) {
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        if (!exponent) {
            return sb.append(digits.toPlainString()).toString();
        }
        String unscaled = digits.unscaledValue().toString();
        int exp = digits.precision() - digits.scale() - 1;
        sb.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        return sb.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp)).toString();
    }

    private static void writeValue(Object value, ByteSink out, int depth) {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof JsonNode) {
            writeNode((JsonNode) value, out, depth);
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.write((Boolean) value ? TRUE : FALSE);
        } else if (value instanceof Number) {
            String text = numberText((Number) value);
            if (text != null) {
                out.writeAscii(text);
            } else {
                writeNode(toTree(value), out, depth);
            }
        } else if (value instanceof Map && hasStringKeys((Map<?, ?>) value)) {
            writeMap((Map<?, ?>) value, out, enter(depth));
        } else if (value instanceof Collection) {
            int inner = enter(depth);
            out.write('[');
            boolean first = true;
            for (Object element : (Collection<?>) value) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                writeValue(element, out, inner);
            }
            out.write(']');
        } else if (value instanceof Object[]) {
            int inner = enter(depth);
            Object[] array = (Object[]) value;
            out.write('[');
            for (int i = 0; i < array.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                writeValue(array[i], out, inner);
            }
            out.write(']');
        } else {
            // Records, beans, primitive arrays, byte[] (base64, like Go's []byte), maps with non-string keys...
            writeNode(toTree(value), out, depth);
        }
    }

    private static JsonNode toTree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new KvException(
                    KvError.SerializerError,
                    "json: unsupported value of type " + value.getClass().getName() + ": " + jacksonMessage(e),
                    e);
        }
    }

    /** Jackson's reason without its location, cut short: for a cycle it lists thousands of references. */
    private static String jacksonMessage(IllegalArgumentException e) {
        String message = e.getCause() instanceof JacksonException
                ? ((JacksonException) e.getCause()).getOriginalMessage()
                : e.getMessage();
        message = String.valueOf(message);
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    private static int enter(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new KvException(
                    KvError.SerializerError,
                    "json: unsupported value: nested deeper than " + MAX_DEPTH + " levels (or cyclic)");
        }
        return depth + 1;
    }

    private static boolean hasStringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static void writeMap(Map<?, ?> map, ByteSink out, int inner) {
        Member[] members = new Member[map.size()];
        int n = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (n == members.length) {
                members = Arrays.copyOf(members, n * 2 + 1); // the map grew while we read it
            }
            members[n++] = new Member((String) e.getKey(), e.getValue());
        }
        writeMembers(members, n, out, inner);
    }

    private static void writeNode(JsonNode node, ByteSink out, int depth) {
        switch (node.getNodeType()) {
            case NULL:
            case MISSING:
                out.write(NULL);
                break;
            case BOOLEAN:
                out.write(node.booleanValue() ? TRUE : FALSE);
                break;
            case STRING:
                writeString(node.textValue(), out);
                break;
            case NUMBER:
                out.writeAscii(formatNumber(node));
                break;
            case BINARY:
                writeString(Base64.getEncoder().encodeToString(binaryValue(node)), out);
                break;
            case ARRAY: {
                int inner = enter(depth);
                out.write('[');
                for (int i = 0, n = node.size(); i < n; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    writeNode(node.get(i), out, inner);
                }
                out.write(']');
                break;
            }
            case OBJECT: {
                int inner = enter(depth);
                Member[] members = new Member[node.size()];
                int n = 0;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    members[n++] = new Member(e.getKey(), e.getValue());
                }
                writeMembers(members, n, out, inner);
                break;
            }
            case POJO:
                // The POJO may convert to another POJONode; the depth check ends such a loop.
                writeValue(((POJONode) node).getPojo(), out, enter(depth));
                break;
            default:
                throw new KvException(KvError.SerializerError, "json: unsupported node type " + node.getNodeType());
        }
    }

    private static byte[] binaryValue(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new KvException(KvError.SerializerError, "json: unreadable binary node: " + e.getMessage(), e);
        }
    }

    /**
     * Writes an object's members sorted by key bytes. Keys are sorted as written, that is with lone surrogates already
     * replaced by U+FFFD; two keys that only differ there would be written twice and read back as one, so they fail.
     */
    private static void writeMembers(Member[] members, int n, ByteSink out, int inner) {
        boolean replaced = false;
        for (int i = 0; i < n; i++) {
            Member m = members[i];
            if (Utf8Order.hasSurrogate(m.key())) {
                String clean = new String(Utf8.encode(m.key()), StandardCharsets.UTF_8);
                replaced |= !clean.equals(m.key());
                members[i] = new Member(clean, m.value());
            }
        }
        if (n > 1) {
            Arrays.sort(members, 0, n, MEMBER_ORDER);
        }
        out.write('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                if (replaced && members[i].key().equals(members[i - 1].key())) {
                    throw new KvException(
                            KvError.SerializerError,
                            "json: unsupported value: two object keys differ only in unpaired surrogates");
                }
                out.write(',');
            }
            writeString(members[i].key(), out);
            out.write(':');
            writeValue(members[i].value(), out, inner);
        }
        out.write('}');
    }

    /** A JSON string literal as Go writes it; lone surrogates become U+FFFD. */
    static void writeString(String s, ByteSink out) {
        out.write('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    out.write(c);
                } else if (escape == 'u') {
                    writeUnicodeEscape(c, out);
                } else {
                    out.write('\\');
                    out.write(escape);
                }
            } else if (c == '\u2028' || c == '\u2029') {
                // Valid JSON but not valid JavaScript source before ES2019; Go escapes them for that reason.
                writeUnicodeEscape(c, out);
            } else {
                int cp = Utf8.codePointAt(s, i);
                if (cp > 0xFFFF) {
                    i++;
                }
                out.writeCodePoint(cp);
            }
        }
        out.write('"');
    }

    private static void writeUnicodeEscape(char c, ByteSink out) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >>> 12) & 0xF]);
        out.write(HEX[(c >>> 8) & 0xF]);
        out.write(HEX[(c >>> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }
}
