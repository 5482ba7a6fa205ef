package io.gridkv.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyHeadsTest {

    private static final char[] CHARS = {0, 1, 'a', 'b', 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF};

    @Test
    void windows_areTheUtf8Bytes() {
        byte[] bytes = "h\u00E9llo w\u0800rld, a long key".getBytes(StandardCharsets.UTF_8);
        String key = "h\u00E9llo w\u0800rld, a long key";
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
    void heads_orderLikeKeys_andUpperBoundsCoverPrefixes() {
        long seed = 44;
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            String a = randomNarrow(random);
            String b = random.nextBoolean() ? a + randomNarrow(random) : randomNarrow(random);
            int order = Integer.signum(a.compareTo(b));
            int heads = Long.compare(KeyHeads.head(a), KeyHeads.head(b));
            assertTrue(heads == 0 || heads == order, "seed=" + seed + " i=" + i);
            // upperBound(prefix): >= the head of every key under the prefix, < the head of any key above them.
            long bound = KeyHeads.upperBound(a, 0);
            boolean under = b.startsWith(a);
            int versusBound = Long.compare(KeyHeads.head(b), bound);
            if (under) {
                assertTrue(versusBound <= 0, "seed=" + seed + " i=" + i);
            } else if (versusBound > 0) {
                assertTrue(b.compareTo(a) > 0, "seed=" + seed + " i=" + i);
            } else if (versusBound < 0) {
                assertTrue(b.compareTo(a) < 0, "seed=" + seed + " i=" + i);
            }
            if (a.getBytes(StandardCharsets.UTF_8).length < 8) {
                assertTrue(versusBound != 0, "short prefix bound is never a key's head; seed=" + seed + " i=" + i);
            }
            // The same past chars both share: heads from there order the rest.
            int shared = 0;
            while (shared < Math.min(a.length(), b.length()) && a.charAt(shared) == b.charAt(shared)) {
                shared++;
            }
            int skip = random.nextInt(shared + 1);
            int suffixHeads = Long.compare(KeyHeads.head(a, skip), KeyHeads.head(b, skip));
            assertTrue(suffixHeads == 0 || suffixHeads == order, "seed=" + seed + " i=" + i + " skip=" + skip);
        }
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

    private static String randomNarrow(Random random) {
        char[] chars = new char[random.nextInt(11)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0xD800) : CHARS[random.nextInt(CHARS.length)];
        }
        return new String(chars);
    }
}
