package io.gridkv.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    private static final int[] CODE_POINTS = {0, 'a', 'z', 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD,
        0xFFFF, 0x10000, 0x1F600, 0x10FFFF};

    @Test
    void compare_surrogateAgainstPrivateUse_surrogateIsGreater() {
        // String.compareTo gets this one wrong: 0xD83D < 0xE000 as code units.
        assertTrue("\uD83D\uDE00".compareTo("\uE000") < 0);
        assertTrue(KeyOrder.compare("\uD83D\uDE00", "\uE000") > 0);
        assertTrue(KeyOrder.compare("\uE000", "\uD83D\uDE00") < 0);
        assertTrue(KeyOrder.compare("\uFFFF", "\uD800") < 0);
        assertTrue(KeyOrder.compare("\uD7FF", "\uD800") < 0);
        assertTrue(KeyOrder.compare("\uD800", "\uDC00") < 0);
        assertTrue(KeyOrder.compare("ab", "abc") < 0);
        assertTrue(KeyOrder.compare("abc", "ab") > 0);
        assertEquals(0, KeyOrder.compare("a\uD83D\uDE00", "a\uD83D\uDE00"));
        assertEquals(0, KeyOrder.compare("", ""));
    }

    @Test
    void compare_matchesUtf8ByteOrder_onRandomValidStrings() {
        long seed = 42;
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            String a = randomString(random);
            String b = random.nextInt(4) == 0 ? a + randomString(random) : randomString(random);
            int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), utf8(b)));
            assertEquals(expected, Integer.signum(KeyOrder.compare(a, b)), "seed=" + seed + " i=" + i);
            assertEquals(-expected, Integer.signum(KeyOrder.compare(b, a)), "seed=" + seed + " i=" + i);
        }
    }

    @Test
    void compareWithBytes_matchesUtf8ByteOrder_includingInvalidBytes() {
        long seed = 43;
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            String a = randomString(random);
            byte[] b = utf8(random.nextBoolean() ? a : randomString(random));
            if (random.nextBoolean()) {
                // Cut anywhere (even inside a character) and maybe append any byte: often invalid UTF-8.
                b = Arrays.copyOf(b, random.nextInt(b.length + 2));
                if (b.length > 0 && random.nextBoolean()) {
                    b[b.length - 1] = (byte) random.nextInt(256);
                }
            }
            int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), b));
            assertEquals(expected, Integer.signum(KeyOrder.compare(a, b)), "seed=" + seed + " i=" + i);
        }
    }

    @Test
    void compareWithBytes_loneSurrogate_comparesAsReplacementCharacter() {
        byte[] replacement = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
        assertEquals(0, KeyOrder.compare("\uD800", replacement));
        assertEquals(0, KeyOrder.compare("\uDC00", replacement));
        assertTrue(KeyOrder.compare("\uD800x", replacement) > 0);
        assertTrue(KeyOrder.compare("\uD800", new byte[] {(byte) 0xF0}) < 0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(5); n > 0; n--) {
            int cp = random.nextInt(3) == 0
                    ? random.nextInt(0x110000) : CODE_POINTS[random.nextInt(CODE_POINTS.length)];
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 'x'; // no lone surrogates: they have no UTF-8 to compare against
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
