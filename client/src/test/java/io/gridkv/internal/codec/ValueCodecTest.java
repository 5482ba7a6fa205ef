package io.gridkv.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.Serialization;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCodecTest {
    private static final long SEED = 0x5EED_0003L;
    private static final int ITERATIONS = 4_000;
    private static final String SPECIAL_CHARS = "\"\\<>&/\u007f\u2028\u2029";

    private final ValueCodec json = ValueCodec.json();
    private final ValueCodec string = ValueCodec.string();

    // ---- json: the round-trip property compare-and-swap relies on

    @Test
    void json_randomValues_encodeDecodeEncodeIsByteStable() {
        Random random = new Random(SEED);
        ObjectMapper plainJackson = new ObjectMapper();
        for (int i = 0; i < ITERATIONS; i++) {
            Object value = randomValue(random, 0);
            byte[] encoded = json.encode(value);
            int iteration = i;
            String context = "seed " + SEED + " iteration " + iteration + ": " + render(encoded);

            assertTrue(Utf8.isWellFormed(encoded), context);
            assertArrayEquals(encoded, json.encode(json.decode(encoded)), context);
            // Valid JSON to a parser that knows nothing of ours (which reads -0 as the integer 0, hence no byte check).
            readWithPlainJackson(plainJackson, encoded);
        }
    }

    @Test
    void json_randomMaps_insertionOrderDoesNotMatter() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int k = random.nextInt(12); k > 0; k--) {
                putRandom(random, map, randomValue(random, 3));
            }
            List<String> keys = new ArrayList<>(map.keySet());
            Collections.shuffle(keys, random);
            Map<String, Object> shuffled = new LinkedHashMap<>();
            for (String key : keys) {
                shuffled.put(key, map.get(key));
            }
            int iteration = i;
            assertArrayEquals(
                    json.encode(map), json.encode(shuffled), () -> "seed " + SEED + " iteration " + iteration);
        }
    }

    // ---- json: canonical form

    @Test
    void json_encode_objectKeyOrderDoesNotMatter() {
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertEquals("{\"a\":1,\"b\":2}", jsonText(ba));
        assertArrayEquals(json.encode(Map.of("a", 1, "b", 2)), json.encode(ba));
    }

    @Test
    void json_encode_objectKeys_sortedByUtf8Bytes() {
        Map<String, Object> map = new HashMap<>();
        map.put("\uD83D\uDE00", 1);
        map.put("\uFF61", 2);
        map.put("z", 3);
        assertEquals("{\"z\":3,\"\uFF61\":2,\"\uD83D\uDE00\":1}", jsonText(map));
    }

    @Test
    void json_encode_integralNumbers_sameBytesWhateverJavaType() {
        for (Object one : List.of(1, 1L, (short) 1, (byte) 1, 1.0, 1.0f, BigInteger.ONE, new BigDecimal("1.00"))) {
            assertEquals("1", jsonText(one), one.getClass().getSimpleName());
        }
        assertArrayEquals(json.encode(List.of(1, 2)), json.encode(new double[] {1.0, 2.0}));
    }

    @Test
    void json_encode_stringOneDiffersFromNumberOne() {
        assertEquals("\"1\"", jsonText("1"));
        assertFalse(Arrays.equals(json.encode("1"), json.encode(1)));
    }

    @Test
    void json_encode_numbers_likeGo() {
        assertEquals("-456", jsonText(-456));
        assertEquals("3.14159", jsonText(3.14159));
        assertEquals("1e+21", jsonText(1e21));
        assertEquals("100000000000000000000", jsonText(1e20));
        assertEquals("0.000001", jsonText(0.000001));
        assertEquals("1e-7", jsonText(1e-7));
        assertEquals("1.5e+300", jsonText(1.5e300));
        assertEquals("1.2345e-10", jsonText(1.2345e-10));
        assertEquals("-2.5e+22", jsonText(-2.5e22));
        assertEquals("9007199254740993", jsonText(9007199254740993L));
        assertEquals("-0", jsonText(-0.0));
    }

    @Test
    void json_encode_scalarsAndNull() {
        assertEquals("null", jsonText(null));
        assertEquals("true", jsonText(true));
        assertEquals("false", jsonText(false));
        assertEquals("\"\\u003cscript\\u003e\"", jsonText("<script>"));
    }

    @Test
    void json_encode_javaTypes_convertedLikeJackson() {
        assertEquals("{\"count\":2,\"name\":\"x\"}", jsonText(new CanonicalJsonTest.Sample("x", 2)));
        assertEquals("[1,2,3]", jsonText(new int[] {1, 2, 3}));
        assertEquals("[\"a\",null]", jsonText(new Object[] {"a", null}));
        assertEquals("\"aGk=\"", jsonText("hi".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("{\"1\":\"a\",\"2\":\"b\"}", jsonText(Map.of(2, "b", 1, "a")));
        assertEquals("\"SECONDS\"", jsonText(java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(
                "{\"a\":[1,{\"b\":null}]}", jsonText(Map.of("a", List.of(1, Collections.singletonMap("b", null)))));
    }

    @Test
    void json_encode_jsonNode_sameAsEquivalentJavaValue() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("b", 1.5).put("a", "x");
        assertArrayEquals(json.encode(Map.of("a", "x", "b", 1.5)), json.encode(node));
    }

    @Test
    void json_encode_nanOrInfinity_throwsSerializerError() {
        List<Object> values = List.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Float.NaN,
                List.of(1, Double.NaN),
                Map.of("a", Double.POSITIVE_INFINITY),
                new double[] {Double.NaN});
        for (Object value : values) {
            assertSerializerError(() -> json.encode(value));
        }
    }

    @Test
    void json_encode_cyclicStructures_throwsSerializerError() {
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        assertSerializerError(() -> json.encode(map));

        List<Object> list = new ArrayList<>();
        list.add(List.of(list));
        assertSerializerError(() -> json.encode(list));

        Node a = new Node();
        Node b = new Node();
        a.next = b;
        b.next = a;
        assertSerializerError(() -> json.encode(a));
    }

    @Test
    void json_encode_unserializableObjects_throwsSerializerError() {
        assertSerializerError(() -> json.encode(new Object()));
        assertSerializerError(() -> json.encode(Optional.of(1)));
        assertSerializerError(() -> json.encode(java.time.Instant.EPOCH));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertSerializerError(() -> json.encode(nullKey));
    }

    // ---- json: decoding

    @Test
    void json_decode_plainJavaTypes_inStoredKeyOrder() {
        Object decoded = json.decode(bytes(
                "{\"b\":[1,2.5,\"x\",true,false,null],\"a\":9223372036854775808,\"c\":{},\"d\":-9223372036854775808}"));

        assertInstanceOf(LinkedHashMap.class, decoded);
        Map<?, ?> map = (Map<?, ?>) decoded;
        assertEquals(List.of("b", "a", "c", "d"), new ArrayList<>(map.keySet()));
        assertEquals(Arrays.asList(1L, 2.5, "x", true, false, null), map.get("b"));
        assertInstanceOf(ArrayList.class, map.get("b"));
        assertEquals(new BigInteger("9223372036854775808"), map.get("a"));
        assertEquals(Map.of(), map.get("c"));
        assertEquals(Long.MIN_VALUE, map.get("d"));
    }

    @Test
    void json_decode_scalars() {
        assertEquals(42L, json.decode(bytes("42")));
        assertEquals(1.5, json.decode(bytes("1.5")));
        assertEquals(1e21, json.decode(bytes("1e+21")));
        assertEquals("x", json.decode(bytes("\"x\"")));
        assertEquals(true, json.decode(bytes("true")));
        assertNull(json.decode(bytes("null")));
        assertEquals(7L, json.decode(bytes(" \t\n7\r\n ")));
    }

    @Test
    void json_decode_negativeZero_keepsItsSign() {
        Object decoded = json.decode(bytes("-0"));
        assertEquals(-0.0, decoded);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decoded));
        assertEquals(0L, json.decode(bytes("0")));
    }

    @Test
    void json_decode_emptyBytes_isNull() {
        assertNull(json.decode(new byte[0]));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "{",
                "}",
                "nope",
                "1 2",
                "[1]]",
                "{}x",
                "01",
                "-",
                "1.",
                ".5",
                "NaN",
                "Infinity",
                "'a'",
                "\"a",
                " ",
                "1e400",
                "-1e400",
                "{\"a\"}",
                "{a:1}",
                "[1,]",
                "{\"a\":1,}",
                "\"tab\there\"",
                "// c\n1",
                "\uFEFF1",
                "[1] [2]",
            })
    void json_decode_invalidJson_throwsSerializerError(String stored) {
        assertSerializerError(() -> json.decode(bytes(stored)));
    }

    @Test
    void json_decode_invalidUtf8_throwsSerializerError() {
        byte[][] invalid = {
            {'"', (byte) 0xFF, '"'},
            {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // encoded surrogate
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
            {'"', (byte) 0xE2, (byte) 0x82, '"'}, // truncated
            {'1', 0}, // what Jackson would read as UTF-16LE "1"
            {0, '1'},
        };
        for (byte[] b : invalid) {
            assertSerializerError(() -> json.decode(b));
        }
    }

    // ---- string serialization

    @Test
    void string_encode_examplesFromSpec() {
        assertEquals("5", stringText(5));
        assertEquals("1.5", stringText(1.5));
        assertEquals("true", stringText(true));
        assertEquals("<nil>", stringText(null));
        assertEquals("[1 2]", stringText(List.of(1, 2)));
        assertEquals("map[a:1]", stringText(Map.of("a", 1)));
    }

    @Test
    void string_encode_nestedValues_likeGoPercentV() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", "x y");
        map.put("a", Arrays.asList(1, null, 2.5));
        map.put("\uD83D\uDE00", Map.of("c", false));
        map.put("\uFF61", new Object[] {});
        assertEquals("map[a:[1 <nil> 2.5] b:x y \uFF61:[] \uD83D\uDE00:map[c:false]]", stringText(map));
    }

    @Test
    void string_encode_numbers_canonical() {
        assertEquals("1", stringText(1.0));
        assertEquals("1e+21", stringText(1e21));
        assertEquals("9223372036854775807", stringText(Long.MAX_VALUE));
        assertEquals("123456789012345678901234567890", stringText(new BigInteger("123456789012345678901234567890")));
        assertEquals("100", stringText(new BigDecimal("1E+2")));
        assertEquals("NaN", stringText(Double.NaN));
        assertEquals("+Inf", stringText(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", stringText(Float.NEGATIVE_INFINITY));
    }

    @Test
    void string_encode_stringIsRawUtf8() {
        String s = "caf\u00e9 <&> \"q\" \n \uD83D\uDE00";
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), string.encode(s));
        assertArrayEquals(new byte[] {'a', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, string.encode("a\uD800"));
    }

    @Test
    void string_encode_stringOneEqualsNumberOne() {
        assertArrayEquals(string.encode("1"), string.encode(1));
        assertArrayEquals(string.encode("1"), string.encode(1.0));
    }

    @Test
    void string_encode_otherJavaTypes() {
        assertEquals("[104 105 255]", stringText(new byte[] {'h', 'i', (byte) 0xFF}));
        assertEquals("[1 2]", stringText(new int[] {1, 2}));
        assertEquals("Sample[name=x, count=2]", stringText(new CanonicalJsonTest.Sample("x", 2)));
        assertEquals("map[1:a 2:b]", stringText(new TreeMap<>(Map.of(2, "b", 1, "a"))));
    }

    @Test
    void string_encode_jsonNodes_formattedByContent() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("b", 1.0).put("a", "x");
        node.putArray("c").add(1).addNull();
        assertEquals("map[a:x b:1 c:[1 <nil>]]", stringText(node));
        assertEquals("text", stringText(TextNode.valueOf("text")));
        assertEquals("<nil>", stringText(NullNode.getInstance()));
    }

    @Test
    void string_encode_cyclicStructure_throwsSerializerError() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertSerializerError(() -> string.encode(list));
    }

    @Test
    void string_decode_alwaysText_malformedReplaced() {
        assertEquals("42", string.decode(bytes("42")));
        assertEquals("{\"a\":1}", string.decode(bytes("{\"a\":1}")));
        assertEquals("", string.decode(new byte[0]));
        assertEquals("a\uFFFDb", string.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
    }

    // ---- factories

    @Test
    void of_wireNames_selectCodec() {
        assertSame(json, ValueCodec.of("json"));
        assertSame(string, ValueCodec.of("string"));
        assertSame(json, ValueCodec.of(Serialization.JSON));
        assertSame(string, ValueCodec.of(Serialization.STRING));
        assertEquals("json", json.name());
        assertEquals("string", string.name());
    }

    @Test
    void of_unknownName_throwsInvalidSerializationError() {
        for (String name : Arrays.asList("JSON", "", "xml", null)) {
            KvException e = assertThrows(KvException.class, () -> ValueCodec.of(name));
            assertEquals(KvError.InvalidSerializationError, e.error());
        }
    }

    // ---- helpers

    private String jsonText(Object value) {
        return new String(json.encode(value), StandardCharsets.UTF_8);
    }

    private String stringText(Object value) {
        return new String(string.encode(value), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode readWithPlainJackson(ObjectMapper mapper, byte[] encoded) {
        try {
            return mapper.readTree(encoded);
        } catch (java.io.IOException e) {
            throw new AssertionError("not valid JSON: " + render(encoded), e);
        }
    }

    private static String render(byte[] encoded) {
        String s = new String(encoded, StandardCharsets.UTF_8);
        return Utf8OrderTest.escape(s.length() > 300 ? s.substring(0, 300) + "..." : s);
    }

    private static void assertSerializerError(org.junit.jupiter.api.function.Executable call) {
        KvException e = assertThrows(KvException.class, call);
        assertEquals(KvError.SerializerError, e.error(), e.getMessage());
    }

    /** A value of any kind json accepts, nested at most 6 deep. */
    private static Object randomValue(Random random, int depth) {
        switch (random.nextInt(depth >= 6 ? 9 : 12)) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
            case 3:
                return randomString(random);
            case 4:
                return randomLong(random);
            case 5:
                return random.nextInt();
            case 6:
            case 7:
                return randomDouble(random);
            case 8:
                return randomBigNumber(random);
            case 9: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int k = random.nextInt(6); k > 0; k--) {
                    putRandom(random, map, randomValue(random, depth + 1));
                }
                return map;
            }
            case 10: {
                List<Object> list = new ArrayList<>();
                for (int k = random.nextInt(6); k > 0; k--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> members = new LinkedHashMap<>();
                putRandom(random, members, randomDouble(random));
                putRandom(random, members, List.of(randomString(random), randomLong(random)));
                return new ObjectMapper().valueToTree(members);
            }
        }
    }

    /**
     * Adds a value under a random key, unless the key equals one already there once lone surrogates are replaced:
     * such a pair is refused by the encoder (and tested on its own).
     */
    private static void putRandom(Random random, Map<String, Object> map, Object value) {
        String key = randomString(random);
        String written = new String(Utf8.encode(key), StandardCharsets.UTF_8);
        for (String existing : map.keySet()) {
            if (!existing.equals(key) && written.equals(new String(Utf8.encode(existing), StandardCharsets.UTF_8))) {
                return;
            }
        }
        map.put(key, value);
    }

    private static long randomLong(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return Long.MAX_VALUE - random.nextInt(3);
            case 1:
                return Long.MIN_VALUE + random.nextInt(3);
            case 2:
                return random.nextInt(2001) - 1000;
            default:
                return random.nextLong() >> random.nextInt(64);
        }
    }

    private static Object randomBigNumber(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return BigInteger.valueOf(random.nextLong()).shiftLeft(1 + random.nextInt(64));
            case 1:
                return new BigInteger(1 + random.nextInt(3300), random).negate();
            case 2:
                return BigDecimal.valueOf(random.nextLong(), random.nextInt(61) - 30);
            default:
                return Float.intBitsToFloat(random.nextInt() & 0x7F7FFFFF | (random.nextBoolean() ? 0x80000000 : 0));
        }
    }

    /** Doubles of every shape: random bits, subnormals, near powers of ten and the 1e-6 / 1e21 switches, -0. */
    private static double randomDouble(Random random) {
        double d;
        switch (random.nextInt(8)) {
            case 0:
                d = Double.longBitsToDouble(random.nextLong());
                break;
            case 1:
                d = Double.longBitsToDouble(random.nextLong() & 0x000FFFFFFFFFFFFFL >>> random.nextInt(52));
                break;
            case 2:
                d = Math.pow(10, random.nextInt(650) - 325);
                break;
            case 3:
                double p = Math.pow(10, random.nextBoolean() ? -6 : 21);
                d = random.nextBoolean() ? Math.nextUp(p) : Math.nextDown(p);
                break;
            case 4:
                d = (double) (random.nextLong() >> random.nextInt(64));
                break;
            case 5:
                d = random.nextInt(1_000_000) / Math.pow(10, random.nextInt(12));
                break;
            case 6:
                d = random.nextBoolean() ? -0.0 : Double.MIN_VALUE * random.nextInt(100);
                break;
            default:
                d = random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30);
        }
        d = random.nextBoolean() ? d : -d;
        return Double.isFinite(d) ? d : random.nextDouble();
    }

    /** Strings from every UTF-8 length, with control chars, HTML chars, U+2028 and the odd lone surrogate. */
    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(7); n > 0; n--) {
            switch (random.nextInt(9)) {
                case 0:
                    sb.append((char) random.nextInt(0x20));
                    break;
                case 1:
                    sb.append(SPECIAL_CHARS.charAt(random.nextInt(SPECIAL_CHARS.length())));
                    break;
                case 2:
                    sb.append((char) (0x80 + random.nextInt(0x780)));
                    break;
                case 3:
                    sb.append((char) (0xE000 + random.nextInt(0x2000)));
                    break;
                case 4:
                    sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    break;
                case 5:
                    if (random.nextInt(8) == 0) {
                        sb.append((char) (0xD800 + random.nextInt(0x800)));
                    }
                    break;
                default:
                    sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    /** A bean in a cycle: Jackson cannot convert it. */
    static final class Node {
        public Node next;
    }
}
