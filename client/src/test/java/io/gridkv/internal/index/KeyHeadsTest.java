package io.gridkv.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.internal.codec.Utf8Order;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyHeadsTest {

    /** Boundaries of the 1-, 2- and 3-byte forms, and the chars where UTF-16 and code point order part. */
    private static final char[] CHARS = {
        0, 1, 'a', 'b', 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000,
        0xFFFD, 0xFFFF
    };

    @Test
    void narrowKeys_headsAreTheirUtf8() {
        String key = "h\u00E9llo w\u0800rld, a long key";
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (int skip = 0; skip < bytes.length + 8; skip += 3) {
            assertEquals(packed(bytes, skip), KeyHeads.window(key, skip), "skip " + skip);
        }
        assertEquals(KeyHeads.head(bytes), KeyHeads.head(key));
        for (int from = 0; from <= key.length(); from++) {
            byte[] rest = key.substring(from).getBytes(StandardCharsets.UTF_8);
            assertEquals(packed(rest, 0), KeyHeads.head(key, from), "from " + from);
        }
    }

    @Test
    void heads_orderLikeUtf8Order_andUpperBoundsCoverPrefixes() {
        long seed = 44;
        Random random = new Random(seed);
        for (int i = 0; i < 300_000; i++) {
            String where = "seed=" + seed + " i=" + i;
            String a = randomString(random);
            String b = random.nextBoolean() ? a + randomString(random) : randomString(random);
            int order = Integer.signum(Utf8Order.compare(a, b));
            int heads = Long.compare(KeyHeads.head(a), KeyHeads.head(b));
            assertTrue(heads == 0 || heads == order, where);
            // Past chars both share, heads from there order the rest.
            int shared = 0;
            while (shared < Math.min(a.length(), b.length()) && a.charAt(shared) == b.charAt(shared)) {
                shared++;
            }
            int skip = random.nextInt(shared + 1);
            int suffixHeads = Long.compare(KeyHeads.head(a, skip), KeyHeads.head(b, skip));
            assertTrue(suffixHeads == 0 || suffixHeads == order, where + " skip=" + skip);
            // upperBound(prefix): >= the head of every key under the prefix, < the head of any key above them.
            long bound = KeyHeads.upperBound(a, skip);
            int versusBound = Long.compare(KeyHeads.head(b, skip), bound);
            if (b.startsWith(a)) {
                assertTrue(versusBound < 0 || versusBound == 0 && encodedLength(a, skip) >= 8, where);
            } else if (versusBound != 0) {
                assertEquals(versusBound, Integer.signum(Utf8Order.compare(b, a)), where);
            }
        }
    }

    @Test
    void surrogatesEncodeAbovePrivateUse() {
        assertTrue(KeyHeads.head("\uD83D\uDE00") > KeyHeads.head("\uFFFF"));
        assertTrue(KeyHeads.head("\uE000") > KeyHeads.head("\uD7FF"));
        assertTrue(KeyHeads.head("\uDC00") > KeyHeads.head("\uDBFF\uDFFF"));
        assertNotEquals(KeyHeads.head("\uD800"), KeyHeads.head("\uFFFD"));
    }

    @Test
    void narrow_isFalseFromTheFirstSurrogateUp() {
        assertTrue(KeyHeads.narrow(""));
        assertTrue(KeyHeads.narrow("abc\uD7FF"));
        assertFalse(KeyHeads.narrow("abc\uD800"));
        assertFalse(KeyHeads.narrow("\uE000"));
        assertFalse(KeyHeads.narrow("a\uFFFF"));
    }

    private static long packed(byte[] bytes, int skip) {
        long packed = 0;
        for (int i = skip; i < skip + 8; i++) {
            packed = packed << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return packed ^ Long.MIN_VALUE;
    }

    /** Bytes of the order encoding from char {@code from} on: chars below U+0800 as in UTF-8, the rest 3. */
    private static int encodedLength(String s, int from) {
        int length = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return length;
    }

    /** Any UTF-16, lone surrogates included: the order encoding covers every string. */
    private static String randomString(Random random) {
        char[] chars = new char[random.nextInt(11)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : CHARS[random.nextInt(CHARS.length)];
        }
        return new String(chars);
    }
}
