package io.gridkv.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void encode_scalars_likeGo() {
        assertEquals("null", text(NullNode.getInstance()));
        assertEquals("null", text(MissingNode.getInstance()));
        assertEquals("true", text(BooleanNode.TRUE));
        assertEquals("false", text(BooleanNode.FALSE));
        assertEquals("\"x\"", text(TextNode.valueOf("x")));
    }

    @Test
    void encode_objectKeys_sortedByUtf8Bytes() {
        ObjectNode node = NODES.objectNode();
        node.put("\uD83D\uDE00", 1); // U+1F600, F0 9F 98 80
        node.put("\uFF61", 2); // U+FF61, EF BD A1: smaller in UTF-8, larger in UTF-16
        node.put("b", 3);
        node.put("\u00E9", 4);
        node.put("a", 5);
        node.put("", 6);
        node.put("ab", 7);

        assertEquals("{\"\":6,\"a\":5,\"ab\":7,\"b\":3,\"\u00E9\":4,\"\uFF61\":2,\"\uD83D\uDE00\":1}", text(node));
    }

    @Test
    void encode_objectKeys_sameBytesWhateverInsertionOrder() {
        ObjectNode ba = NODES.objectNode().put("b", 2).put("a", 1);
        ObjectNode ab = NODES.objectNode().put("a", 1).put("b", 2);

        assertArrayEquals(CanonicalJson.encode(ab), CanonicalJson.encode(ba));
        assertEquals("{\"a\":1,\"b\":2}", text(ba));
    }

    @Test
    void encode_nestedContainers_noWhitespace() {
        ObjectNode node = NODES.objectNode();
        node.putArray("list").add(1).add("two").addNull().add(false).addObject().put("z", 0);
        node.putObject("empty");
        node.putArray("none");

        assertEquals("{\"empty\":{},\"list\":[1,\"two\",null,false,{\"z\":0}],\"none\":[]}", text(node));
    }

    @Test
    void encode_string_escapedLikeGo() {
        assertEscaped("\"", "\"\\\"\"");
        assertEscaped("\\", "\"\\\\\"");
        assertEscaped("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
        assertEscaped("\u0000\u0001\u000b\u001f", "\"\\u0000\\u0001\\u000b\\u001f\"");
        assertEscaped("<b>&amp;</b>", "\"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\"");
        assertEscaped("\u2028\u2029", "\"\\u2028\\u2029\"");
        assertEscaped("\u007f", "\"\u007f\"");
        assertEscaped("caf\u00e9 \u4e2d \uD83D\uDE00", "\"caf\u00e9 \u4e2d \uD83D\uDE00\"");
        assertEscaped("/ ' ` \u0080 \uFEFF", "\"/ ' ` \u0080 \uFEFF\"");
    }

    private static void assertEscaped(String value, String expected) {
        assertEquals(expected, text(TextNode.valueOf(value)), () -> Utf8OrderTest.escape(value));
    }

    @Test
    void encode_string_loneSurrogateBecomesReplacementChar() {
        byte[] encoded = CanonicalJson.encode(TextNode.valueOf("a\uD800b\uDC00"));
        assertArrayEquals(
                new byte[] {
                    '"', 'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'b', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, '"'
                },
                encoded);
    }

    @Test
    void encode_string_supplementaryCharIsFourRawBytes() {
        byte[] encoded = CanonicalJson.encode(TextNode.valueOf("\uD83D\uDE00"));
        assertArrayEquals(new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'}, encoded);
    }

    @Test
    void encode_integerNodes_exact() {
        assertEquals("0", text(IntNode.valueOf(0)));
        assertEquals("-456", text(IntNode.valueOf(-456)));
        assertEquals("7", text(ShortNode.valueOf((short) 7)));
        assertEquals("9223372036854775807", text(LongNode.valueOf(Long.MAX_VALUE)));
        assertEquals("-9223372036854775808", text(LongNode.valueOf(Long.MIN_VALUE)));
        assertEquals("9007199254740993", text(LongNode.valueOf(9007199254740993L)));
        assertEquals("9007199254740993", text(BigIntegerNode.valueOf(new BigInteger("9007199254740993"))));
        assertEquals(
                "123456789012345678901234567890",
                text(BigIntegerNode.valueOf(new BigInteger("123456789012345678901234567890"))));
    }

    /** Expected texts are what Go 1.19's {@code json.Marshal(float64)} printed for the same bits. */
    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({
        "0000000000000001, 4.9E-324, 5e-324",
        "0000000000000002, 1.0E-323, 1e-323",
        "0000000000000003, 1.5E-323, 1.5e-323",
        "0010000000000000, 2.2250738585072014E-308, 2.2250738585072014e-308",
        "7fefffffffffffff, 1.7976931348623157E308, 1.7976931348623157e+308",
        "3fb999999999999a, 0.1, 0.1",
        "3fd3333333333334, 0.30000000000000004, 0.30000000000000004",
        "444b1ae4d6e2ef50, 1e21, 1e+21",
        "4415af1d78b58c40, 1e20, 100000000000000000000",
        "441ac53a7e04bcda, 1.2345678901234568E20, 123456789012345680000",
        "444b1ae4d6e2ef4f, 9.999999999999999E20, 999999999999999900000",
        "3e7ad7f29abcaf48, 1e-7, 1e-7",
        "3eb0c6f7a0b5ed8d, 0.000001, 0.000001",
        "44b52d02c7e14af6, 1e23 (JDK 17 prints 9.999999999999999E22), 1e+23",
        "c4952d02c7e14af6, -2.5e22 (JDK 17 prints -2.4999999999999998E22), -2.5e+22",
        "3ea0c6f7a0b5ed8d, 5e-7, 5e-7",
        "7e41eb2d66005835, 1.5e300, 1.5e+300",
        "3de0f782bf7cc83f, 1.2345e-10, 1.2345e-10",
        "400921f9f01b866e, 3.14159, 3.14159",
        "4059000000000000, 100.0, 100",
        "3ff0000000000000, 1.0, 1",
        "bff0000000000000, -1.0, -1",
        "4340000000000000, 9007199254740992.0, 9007199254740992",
        "4341c37937e08000, 1e16, 10000000000000000",
        "40fe240c9fbe76c9, 123456.789, 123456.789",
        "3efa36e2eb1c432d, 2.5e-5, 0.000025",
        "4011666666666666, 4.35, 4.35",
        "4480f0cf064dd592, 1e22, 1e+22",
        "41b1de784a000000, 299792458.0, 299792458",
        "44dfe185ca57c517, 6.02214076e23, 6.02214076e+23",
        "bc07a4da290c1653, -1.602176634e-19, -1.602176634e-19",
        "0000000000000000, 0.0, 0",
        "8000000000000000, -0.0, -0",
    })
    void encode_doubleNode_formattedLikeGo(String hexBits, String description, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertEquals(expected, text(DoubleNode.valueOf(d)), description);
        assertEquals(expected, CanonicalJson.formatNumber(DoubleNode.valueOf(d)), description);
    }

    /** Expected texts are what Go 1.19's {@code json.Marshal(float32)} printed for the same bits. */
    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({
        "00000001, 1.4E-45, 1e-45",
        "00000003, 4.2E-45, 4e-45",
        "3dcccccd, 0.1f, 0.1",
        "358637bd, 1e-6f, 0.000001",
        "358637bc, 9.999999E-7f, 9.999999e-7",
        "6258d727, 1e21f, 1e+21",
        "7f7fffff, Float.MAX_VALUE, 3.4028235e+38",
        "4b800000, 16777216f, 16777216",
        "00800000, Float.MIN_NORMAL (JDK 17 prints 1.17549435E-38), 1.1754944e-38",
    })
    void encode_floatNode_formattedLikeGoFloat32(String hexBits, String description, String expected) {
        float f = Float.intBitsToFloat(Integer.parseUnsignedInt(hexBits, 16));
        assertEquals(expected, text(FloatNode.valueOf(f)), description);
    }

    @Test
    void encode_decimalNode_integralExactOtherwiseAsDouble() {
        assertEquals("100", text(DecimalNode.valueOf(new BigDecimal("1E+2"))));
        assertEquals("100", text(DecimalNode.valueOf(new BigDecimal("100.000"))));
        assertEquals("0", text(DecimalNode.valueOf(new BigDecimal("0.000"))));
        assertEquals("0", text(DecimalNode.valueOf(new BigDecimal("-0E+5"))));
        assertEquals("1.5", text(DecimalNode.valueOf(new BigDecimal("1.50"))));
        assertEquals("0.1", text(DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001"))));
        assertEquals("12345678901234567890123", text(DecimalNode.valueOf(new BigDecimal("12345678901234567890123.0"))));
        assertEquals("1e-7", text(DecimalNode.valueOf(new BigDecimal("1E-7"))));
    }

    @Test
    void encode_nonFiniteNumber_throwsSerializerError() {
        for (JsonNode node : List.of(
                DoubleNode.valueOf(Double.NaN),
                DoubleNode.valueOf(Double.POSITIVE_INFINITY),
                DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
                FloatNode.valueOf(Float.NaN),
                NODES.arrayNode().add(1).add(Double.NaN))) {
            KvException e = assertThrows(KvException.class, () -> CanonicalJson.encode(node), node::toString);
            assertEquals(KvError.SerializerError, e.error());
        }
    }

    @Test
    void encode_integerTooLongToReadBack_throwsSerializerError() {
        KvException big = assertThrows(
                KvException.class, () -> CanonicalJson.encode(BigIntegerNode.valueOf(BigInteger.TWO.pow(4000))));
        assertEquals(KvError.SerializerError, big.error());

        // Must fail fast: printing this exactly would take a gigabyte.
        JsonNode huge = DecimalNode.valueOf(new BigDecimal("1E+1000000000"));
        KvException decimal = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> assertThrows(KvException.class, () -> CanonicalJson.encode(huge)));
        assertEquals(KvError.SerializerError, decimal.error());
    }

    @Test
    void encode_largestExactInteger_readsBack() {
        BigInteger largest = BigInteger.TWO.pow(3300).subtract(BigInteger.ONE);
        byte[] encoded = CanonicalJson.encode(BigIntegerNode.valueOf(largest));
        assertEquals(largest, ValueCodec.json().decode(encoded));
    }

    @Test
    void encode_binaryNode_isBase64StringLikeGoBytes() {
        assertEquals("\"aGk/Pj8=\"", text(BinaryNode.valueOf("hi?>?".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void encode_pojoNode_encodesConvertedPojo() {
        assertEquals("{\"count\":2,\"name\":\"x\"}", text(new POJONode(new Sample("x", 2))));
        assertEquals("null", text(new POJONode(null)));
    }

    @Test
    void encode_maxDepth_encodesAndDecodes() {
        JsonNode node = nestedArrays(CanonicalJson.MAX_DEPTH);
        byte[] encoded = CanonicalJson.encode(node);
        assertEquals(2 * CanonicalJson.MAX_DEPTH, encoded.length);
        assertArrayEquals(encoded, ValueCodec.json().encode(ValueCodec.json().decode(encoded)));
    }

    @Test
    void encode_tooDeep_throwsSerializerError() {
        JsonNode node = nestedArrays(CanonicalJson.MAX_DEPTH + 1);
        KvException e = assertThrows(KvException.class, () -> CanonicalJson.encode(node));
        assertEquals(KvError.SerializerError, e.error());
    }

    @Test
    void encode_keysEqualAfterReplacingLoneSurrogates_throwsSerializerError() {
        ObjectNode node = NODES.objectNode().put("\uD800", 1).put("\uDC00", 2);
        KvException e = assertThrows(KvException.class, () -> CanonicalJson.encode(node));
        assertEquals(KvError.SerializerError, e.error());
    }

    @Test
    void encode_loneSurrogateKey_sortedAsWritten() {
        // Sorted as U+FFFD, which is how it is written, so decoding and encoding again gives the same bytes.
        ObjectNode node = NODES.objectNode().put("\uD800", 1).put("\uFFFF", 2).put("\uFFFC", 3);
        byte[] encoded = CanonicalJson.encode(node);
        assertEquals("{\"\uFFFC\":3,\"\uFFFD\":1,\"\uFFFF\":2}", new String(encoded, StandardCharsets.UTF_8));
        assertArrayEquals(encoded, ValueCodec.json().encode(ValueCodec.json().decode(encoded)));
    }

    @Test
    void formatNumber_notANumber_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.formatNumber(TextNode.valueOf("1")));
    }

    @Test
    void formatNumber_integralAndFractional() {
        assertEquals("1", CanonicalJson.formatNumber(DoubleNode.valueOf(1.0)));
        assertEquals("1", CanonicalJson.formatNumber(IntNode.valueOf(1)));
        assertEquals("1.5", CanonicalJson.formatNumber(FloatNode.valueOf(1.5f)));
    }

    private static JsonNode nestedArrays(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.addArray();
        }
        return root;
    }

    private static String text(JsonNode node) {
        return new String(CanonicalJson.encode(node), StandardCharsets.UTF_8);
    }

    /** A record: Jackson converts it to an object of its components. */
    record Sample(String name, int count) {}
}
