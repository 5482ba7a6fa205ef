package io.gridkv.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.KvError;
import io.gridkv.KvException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountersTest {
    private static final long SEED = 0x5EED_0002L;

    @Test
    void parse_emptyBytes_isZero() {
        assertEquals(0, Counters.parse(new byte[0]));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "42|42",
                "-7|-7",
                "+5|5",
                "0|0",
                "-0|0",
                "007|7",
                "\"42\"|42",
                "\"-3\"|-3",
                "\"+5\"|5",
                "9223372036854775807|9223372036854775807",
                "-9223372036854775808|-9223372036854775808",
                "\"9223372036854775807\"|9223372036854775807",
                "\"-9223372036854775808\"|-9223372036854775808",
                "00000000000000000000009223372036854775807|9223372036854775807",
            })
    void parse_acceptedForm_givesValue(String stored, long expected) {
        assertEquals(expected, Counters.parse(bytes(stored)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "not-a-number",
                "1.5",
                "{}",
                "\"\"",
                "\"abc\"",
                "1e3",
                "1E3",
                " 42",
                "42 ",
                "\"42 \"",
                "-",
                "+",
                "\"",
                "\"42",
                "42\"",
                "--1",
                "+-1",
                "0x10",
                "1_000",
                "[1]",
                "true",
                "null",
                "\"\\u0034\"",
                "\uFF14\uFF12",
                "4\u00002",
                "\"\"42\"\"",
                "\"-\"",
                "1.0",
                "-1.0",
            })
    void parse_rejectedForm_throwsValueParseError(String stored) {
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes(stored)));
        assertEquals(KvError.ValueParseError, e.error());
        assertTrue(e.getMessage().startsWith("value is not an integer counter: "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "9223372036854775808",
                "-9223372036854775809",
                "\"9223372036854775808\"",
                "99999999999999999999999999",
                "-99999999999999999999999999",
            })
    void parse_beyondInt64_throwsValueParseError(String stored) {
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes(stored)));
        assertEquals(KvError.ValueParseError, e.error());
        assertEquals("value is out of int64 range: \"" + stored.replace("\"", "\\\"") + "\"", e.getMessage());
    }

    @Test
    void parse_overflowFollowedByGarbage_isNotACounter() {
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes("99999999999999999999x")));
        assertTrue(e.getMessage().startsWith("value is not an integer counter"), e.getMessage());
    }

    @Test
    void parse_message_quotesValue() {
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes("1.5")));
        assertEquals("value is not an integer counter: \"1.5\"", e.getMessage());
        KvException quoted = assertThrows(KvException.class, () -> Counters.parse(bytes("\"a\nb\"")));
        assertEquals("value is not an integer counter: \"\\\"a\\u000ab\\\"\"", quoted.getMessage());
    }

    @Test
    void parse_message_truncatesLongValues() {
        String stored = "x".repeat(10_000);
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes(stored)));
        assertEquals("value is not an integer counter: \"" + "x".repeat(64) + "\"...", e.getMessage());
    }

    @Test
    void parse_message_doesNotSplitSurrogatePairs() {
        String stored = "a".repeat(63) + "\uD83D\uDE00tail";
        KvException e = assertThrows(KvException.class, () -> Counters.parse(bytes(stored)));
        assertEquals("value is not an integer counter: \"" + "a".repeat(63) + "\"...", e.getMessage());
    }

    @Test
    void add_withinRange_isSum() {
        assertEquals(5, Counters.add(2, 3));
        assertEquals(-1, Counters.add(2, -3));
        assertEquals(Long.MAX_VALUE, Counters.add(Long.MAX_VALUE, 0));
        assertEquals(Long.MAX_VALUE - 1, Counters.add(Long.MAX_VALUE, -1));
        assertEquals(Long.MAX_VALUE, Counters.add(Long.MAX_VALUE - 1, 1));
        assertEquals(Long.MIN_VALUE, Counters.add(Long.MIN_VALUE + 1, -1));
        assertEquals(-1, Counters.add(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void add_maxPlusOne_throwsValueParseError() {
        KvException e = assertThrows(KvException.class, () -> Counters.add(Long.MAX_VALUE, 1));
        assertEquals(KvError.ValueParseError, e.error());
        assertEquals("increment overflows int64: 9223372036854775807 + 1", e.getMessage());
    }

    @Test
    void add_minMinusOne_throwsValueParseError() {
        KvException e = assertThrows(KvException.class, () -> Counters.add(Long.MIN_VALUE, -1));
        assertEquals(KvError.ValueParseError, e.error());
    }

    @Test
    void format_edgeValues_plainDecimal() {
        assertEquals("0", text(Counters.format(0)));
        assertEquals("-1", text(Counters.format(-1)));
        assertEquals("10", text(Counters.format(10)));
        assertEquals("9223372036854775807", text(Counters.format(Long.MAX_VALUE)));
        assertEquals("-9223372036854775808", text(Counters.format(Long.MIN_VALUE)));
    }

    @Test
    void format_randomValues_matchesLongToStringAndParsesBack() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextInt(3) == 0 ? random.nextInt(2001) - 1000 : random.nextLong() >> random.nextInt(64);
            byte[] formatted = Counters.format(v);
            assertArrayEquals(bytes(Long.toString(v)), formatted, "seed " + SEED + " iteration " + i);
            assertEquals(v, Counters.parse(formatted), "seed " + SEED + " iteration " + i);
        }
    }

    @Test
    void format_equalsJsonEncodingOfTheNumber() {
        // SPEC a.2: a counter of 50 must compare equal to the json value 50 (get then compareAndSwap).
        assertArrayEquals(ValueCodec.json().encode(50L), Counters.format(50));
        assertEquals(50L, ValueCodec.json().decode(Counters.format(50)));
        assertEquals("-3", ValueCodec.string().decode(Counters.format(-3)));
    }

    @Test
    void parse_jsonEncodedCounters_accepted() {
        assertEquals(42, Counters.parse(ValueCodec.json().encode(42)));
        assertEquals(42, Counters.parse(ValueCodec.json().encode("42")));
        assertEquals(42, Counters.parse(ValueCodec.string().encode("42")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
