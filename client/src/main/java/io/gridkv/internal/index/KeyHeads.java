package io.gridkv.internal.index;

/**
 * "Heads": eight-byte windows of a key's UTF-8 packed into a {@code long}, so that hot loops can order most keys
 * by comparing two longs instead of following two pointers into two strings.
 *
 * <p>A head is big-endian and padded with zero bytes past the end of the key, with the sign bit flipped so that
 * signed comparison of heads is unsigned comparison of the bytes. If two keys' heads differ, the keys compare the
 * same way; equal heads decide nothing.
 *
 * <p>Only for <em>narrow</em> keys, with every char below U+D800: for those, UTF-16 order, code point order and
 * {@link String#compareTo} agree, and each char encodes to UTF-8 alone. Callers use heads only when the probe
 * and every key involved are narrow; the heads of other keys are computed but meaningless.
 */
final class KeyHeads {

    private KeyHeads() {
    }

    /** Every char is below U+D800: no surrogates, nothing in U+E000..U+FFFF. */
    static boolean narrow(String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (key.charAt(i) >= 0xD800) {
                return false;
            }
        }
        return true;
    }

    /** Bytes 0..7 of the key's UTF-8. */
    static long head(String key) {
        return encode(key, 0, 0, false);
    }

    /**
     * Bytes 0..7 of the UTF-8 of the key's chars from {@code fromChar} on. Keys that share their first
     * {@code fromChar} chars compare like these heads, where the heads differ.
     */
    static long head(String key, int fromChar) {
        return encode(key, fromChar, 0, false);
    }

    /**
     * Like {@link #head(String, int)} for a prefix, but padded with 0xFF instead of zero. Every key starting
     * with the prefix has a smaller or equal head; every other key above the prefix has a greater one. When
     * the prefix is shorter than 8 bytes no key's head equals it, as UTF-8 never contains 0xFF: the head
     * alone decides.
     */
    static long upperBound(String prefix, int fromChar) {
        return encode(prefix, fromChar, 0, true);
    }

    /** Bytes 0..7 of any byte string, for probes such as scan cursors. */
    static long head(byte[] bytes) {
        long packed = 0;
        for (int i = 0; i < 8; i++) {
            packed = packed << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return packed ^ Long.MIN_VALUE;
    }

    /** Bytes {@code skip..skip+7} of the key's UTF-8, zero-padded: the next head after the first. */
    static long window(String key, int skip) {
        return encode(key, 0, skip, false);
    }

    /**
     * Bytes {@code skip..skip+7} of the UTF-8 of the key's chars from {@code fromChar} on, padded with zero or,
     * if {@code padOnes}, 0xFF bytes.
     */
    private static long encode(String key, int fromChar, int skip, boolean padOnes) {
        long packed = 0;
        int at = 0; // bytes of UTF-8 produced so far
        int end = skip + 8;
        for (int i = fromChar, n = key.length(); i < n && at < end; i++) {
            int c = key.charAt(i);
            if (c < 0x80 && at >= skip) {
                // The common case, ASCII, without the general loop below.
                packed = packed << 8 | c;
                at++;
                continue;
            }
            int length;
            int utf8;
            if (c < 0x80) {
                length = 1;
                utf8 = c;
            } else if (c < 0x800) {
                length = 2;
                utf8 = 0xC080 | (c & 0x7C0) << 2 | (c & 0x3F);
            } else {
                length = 3;
                utf8 = 0xE08080 | (c & 0xF000) << 4 | (c & 0xFC0) << 2 | (c & 0x3F);
            }
            for (int k = length - 1; k >= 0 && at < end; k--, at++) {
                if (at >= skip) {
                    packed = packed << 8 | (utf8 >>> 8 * k & 0xFF);
                }
            }
        }
        int missing = end - Math.max(at, skip);
        if (missing > 0) {
            // Shift the bytes into place; the padding bytes become zero, or ones.
            packed = missing == 8 ? 0 : packed << 8 * missing;
            if (padOnes) {
                packed |= missing == 8 ? -1L : (1L << 8 * missing) - 1;
            }
        }
        return packed ^ Long.MIN_VALUE;
    }
}
