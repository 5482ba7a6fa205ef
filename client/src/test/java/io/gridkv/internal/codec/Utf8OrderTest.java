package io.gridkv.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8OrderTest {
    private static final long SEED = 0x5EED_0001L;
    private static final int ITERATIONS = 20_000;

    @Test
    void compare_surrogatePairVersusCharAboveE000_followsCodePointNotUtf16() {
        String halfwidthStop = "\uFF61"; // U+FF61: 3 UTF-8 bytes, EF BD A1
        String grinning = "\uD83D\uDE00"; // U+1F600: 4 UTF-8 bytes, F0 9F 98 80

        assertTrue(grinning.compareTo(halfwidthStop) < 0, "precondition: UTF-16 order says the emoji is smaller");
        assertTrue(Utf8Order.compare(halfwidthStop, grinning) < 0);
        assertTrue(Utf8Order.compare(grinning, halfwidthStop) > 0);
        assertTrue(Utf8Order.COMPARATOR.compare(halfwidthStop, grinning) < 0);
    }

    @Test
    void compare_properPrefix_isSmaller() {
        assertTrue(Utf8Order.compare("ab", "abc") < 0);
        assertTrue(Utf8Order.compare("abc", "ab") > 0);
        assertTrue(Utf8Order.compare("", "a") < 0);
        assertEquals(0, Utf8Order.compare("", ""));
        assertEquals(0, Utf8Order.compare("a\uD83D\uDE00", "a\uD83D\uDE00"));
    }

    @Test
    void compare_randomWellFormedStrings_sameSignAsUtf8Bytes() {
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            String a = randomString(random, false);
            String b = random.nextInt(4) == 0 ? mutate(random, a, false) : randomString(random, false);
            int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), utf8(b)));
            int iteration = i;
            assertEquals(
                    expected,
                    Integer.signum(Utf8Order.compare(a, b)),
                    () -> "seed " + SEED + " iteration " + iteration + ": " + escape(a) + " vs " + escape(b));
            assertEquals(
                    -expected,
                    Integer.signum(Utf8Order.compare(b, a)),
                    () -> "seed " + SEED + " iteration " + iteration + " (reversed)");
        }
    }

    @Test
    void compareWithBytes_randomWellFormedStrings_sameSignAsUtf8Bytes() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < ITERATIONS; i++) {
            String a = randomString(random, false);
            String b = random.nextInt(4) == 0 ? mutate(random, a, false) : randomString(random, false);
            byte[] bBytes = utf8(b);
            int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), bBytes));
            int iteration = i;
            assertEquals(
                    expected,
                    Integer.signum(Utf8Order.compare(a, bBytes)),
                    () -> "seed " + SEED + " iteration " + iteration + ": " + escape(a) + " vs " + escape(b));
        }
    }

    @Test
    void compareWithBytes_arbitraryInvalidBytes_sameSignAsEncodedString() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < ITERATIONS; i++) {
            String a = randomString(random, true);
            byte[] encoded = Utf8Order.utf8(a);
            byte[] b = random.nextBoolean() ? randomBytes(random) : mutate(random, encoded);
            int expected = Integer.signum(Arrays.compareUnsigned(encoded, b));
            int iteration = i;
            assertEquals(
                    expected,
                    Integer.signum(Utf8Order.compare(a, b)),
                    () -> "seed " + SEED + " iteration " + iteration + ": " + escape(a) + " vs " + Arrays.toString(b));
        }
    }

    @Test
    void compare_anyStrings_keepStringsWithAPrefixContiguous() {
        // The key index and prefix scans find a prefix's keys as one range: this must hold for every string,
        // lone surrogates and prefixes cut inside a surrogate pair included.
        Random random = new Random(SEED + 3);
        for (int round = 0; round < 200; round++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add(randomString(random, true));
            }
            keys.sort(Utf8Order.COMPARATOR);
            for (int p = 0; p < 20; p++) {
                String key = keys.get(random.nextInt(keys.size()));
                String prefix = key.substring(0, random.nextInt(key.length() + 1));
                int first = -1;
                int last = -1;
                for (int i = 0; i < keys.size(); i++) {
                    if (keys.get(i).startsWith(prefix)) {
                        first = first < 0 ? i : first;
                        last = i;
                    }
                }
                for (int i = first; i <= last; i++) {
                    assertTrue(
                            keys.get(i).startsWith(prefix),
                            "seed " + SEED + " round " + round + ": " + escape(keys.get(i))
                                    + " sorts inside the range of prefix " + escape(prefix));
                }
            }
        }
    }

    @Test
    void compareWithBytes_loneSurrogates_useTheirThreeByteForm() {
        String[] tricky = {
            "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD800\uDC00", "\uDBFF\uDFFF", "\uD800a", "\uD800\uD800",
            "\uD800\uD800\uDC00", "\uDC00\uD800", "a\uDC00", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\uD800\uE000",
            "\uD800\uDC00\uDC00", "\uDBFF\uDC00", "x\uD800", "x\uD800\uDC00", "x\uDC00", "x\uE000"
        };
        for (String a : tricky) {
            assertArrayEquals(generalizedUtf8(a), Utf8Order.utf8(a), escape(a));
            assertEquals(0, Utf8Order.compare(a, Utf8Order.utf8(a)), escape(a));
            for (String b : tricky) {
                int expected = Integer.signum(Arrays.compareUnsigned(generalizedUtf8(a), generalizedUtf8(b)));
                assertEquals(
                        expected,
                        Integer.signum(Utf8Order.compare(a, Utf8Order.utf8(b))),
                        escape(a) + " vs bytes of " + escape(b));
            }
        }
    }

    @Test
    void compare_distinctStrings_neverEqual() {
        // A total order: TreeMap keys must never collapse, lone surrogates or not.
        assertNotEquals(0, Utf8Order.compare("\uD800", "\uFFFD"));
        assertNotEquals(0, Utf8Order.compare("\uD800", "\uDC00"));
        assertNotEquals(0, Utf8Order.compare("a\uD800", "a\uD801"));
    }

    @Test
    void comparator_sortsLikeUtf8Bytes() {
        List<String> keys = new ArrayList<>(List.of("b", "a", "\uD83D\uDE00", "\uFF61", "\u00E9", "", "ab", "\uE000"));
        keys.sort(Utf8Order.COMPARATOR);
        assertEquals(List.of("", "a", "ab", "b", "\u00E9", "\uE000", "\uFF61", "\uD83D\uDE00"), keys);
    }

    @Test
    void utf8_wellFormedString_equalsGetBytes() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < 2_000; i++) {
            String s = randomString(random, false);
            assertArrayEquals(utf8(s), Utf8Order.utf8(s), escape(s));
        }
    }

    @Test
    void utf8_loneSurrogate_isItsThreeByteForm() {
        assertArrayEquals(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'}, Utf8Order.utf8("a\uD800b"));
        assertArrayEquals(new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, Utf8Order.utf8("\uDFFF"));
    }

    // ---- generators and a reference encoder, independent of the code under test

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 with each lone surrogate as its 3-byte form, written from the definition. */
    private static byte[] generalizedUtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            int cp = s.charAt(i);
            if (Character.isHighSurrogate(s.charAt(i))
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(s.charAt(i), s.charAt(++i));
            }
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** Strings from ASCII, Latin-1, the BMP around the surrogate gap and U+E000..U+FFFF, and supplementary chars. */
    static String randomString(Random random, boolean loneSurrogates) {
        int length = random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            appendRandomChar(random, sb, loneSurrogates);
        }
        return sb.toString();
    }

    private static void appendRandomChar(Random random, StringBuilder sb, boolean loneSurrogates) {
        switch (random.nextInt(loneSurrogates ? 8 : 7)) {
            case 0:
                sb.append((char) ('a' + random.nextInt(4))); // few letters: many shared prefixes
                break;
            case 1:
                sb.append((char) random.nextInt(0x80));
                break;
            case 2:
                sb.append((char) (0x80 + random.nextInt(0x180)));
                break;
            case 3:
                sb.append((char) (0xD000 + random.nextInt(0x800))); // just below the surrogates
                break;
            case 4:
                sb.append((char) (0xE000 + random.nextInt(0x2000)));
                break;
            case 5:
                sb.append((char) (0xF000 + random.nextInt(0x1000))); // up to U+FFFF
                break;
            case 6:
                sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                break;
            default:
                sb.append((char) (0xD800 + random.nextInt(0x800)));
        }
    }

    private static String mutate(Random random, String s, boolean loneSurrogates) {
        StringBuilder sb = new StringBuilder(s);
        if (sb.length() > 0 && random.nextBoolean()) {
            sb.setLength(random.nextInt(sb.length()));
        }
        appendRandomChar(random, sb, loneSurrogates);
        return sb.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(10)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random random, byte[] bytes) {
        byte[] b = Arrays.copyOf(bytes, bytes.length == 0 ? 1 : random.nextInt(bytes.length + 2));
        if (b.length > 0) {
            b[random.nextInt(b.length)] += (byte) (random.nextInt(3) - 1);
        }
        return b;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
