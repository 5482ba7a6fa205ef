package io.gridkv.internal.index;

/**
 * "Heads": eight-byte windows of a key's <em>order encoding</em> packed into a {@code long}, so that hot loops
 * can order most keys by comparing two longs instead of following two pointers into two strings.
 *
 * <p>The order encoding writes each UTF-16 char as the UTF-8 form (1 to 3 bytes) of its rank in {@link io.gridkv.internal.codec.Utf8Order}:
 * a char below U+D800 is its own rank, so a <em>narrow</em> key (every char below U+D800) encodes to exactly its
 * UTF-8; U+E000..U+FFFF and the surrogates are renumbered so that surrogates come last. That code is prefix-free
 * and keeps the order of ranks, so byte order of encodings is {@link io.gridkv.internal.codec.Utf8Order} for every string, lone surrogates
 * included, and it never produces a 0xFF byte.
 *
 * <p>A head is big-endian and padded with zero bytes past the end of the key, with the sign bit flipped so that
 * signed comparison of heads is unsigned comparison of the bytes. If two keys' heads differ, the keys compare the
 * same way; equal heads decide nothing.
 */
final class KeyHeads {

    private KeyHeads() {}

    /**
     * Every char is below U+D800 (no surrogates, nothing in U+E000..U+FFFF): {@link String#compareTo} orders such
     * keys like {@link io.gridkv.internal.codec.Utf8Order}, and their heads are their real UTF-8.
     */
    static boolean narrow(String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (key.charAt(i) >= 0xD800) {
                return false;
            }
        }
        return true;
    }

    /** Bytes 0..7 of the key's order encoding. */
    static long head(String key) {
        return encode(key, 0, 0, false);
    }

    /**
     * Bytes 0..7 of the order encoding of the key's chars from {@code fromChar} on. Keys that share their first
     * {@code fromChar} chars compare like these heads, where the heads differ.
     */
    static long head(String key, int fromChar) {
        return encode(key, fromChar, 0, false);
    }

    /**
     * Like {@link #head(String, int)} for a prefix, but padded with 0xFF instead of zero. Every key starting with
     * the prefix has a smaller or equal head; every other key above the prefix has a greater one. When the prefix
     * encodes to fewer than 8 bytes no key's head equals it, as the encoding has no 0xFF: the head alone decides.
     */
    static long upperBound(String prefix, int fromChar) {
        return encode(prefix, fromChar, 0, true);
    }

    /**
     * Bytes 0..7 of any byte string, for probes such as scan cursors. Comparable with the heads of narrow keys
     * only: only theirs are real UTF-8.
     */
    static long head(byte[] bytes) {
        long packed = 0;
        for (int i = 0; i < 8; i++) {
            packed = packed << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return packed ^ Long.MIN_VALUE;
    }

    /** Bytes {@code skip..skip+7} of the key's order encoding, zero-padded: the next head after the first. */
    static long window(String key, int skip) {
        return encode(key, 0, skip, false);
    }

    /**
     * Bytes {@code skip..skip+7} of the order encoding of the key's chars from {@code fromChar} on, padded with
     * zero or, if {@code padOnes}, 0xFF bytes.
     */
    private static long encode(String key, int fromChar, int skip, boolean padOnes) {
        long packed = 0;
        int at = 0; // bytes of encoding produced so far
        int end = skip + 8;
        for (int i = fromChar, n = key.length(); i < n && at < end; i++) {
            int c = key.charAt(i);
            if (c < 0x80 && at >= skip) {
                // The common case, ASCII, without the general loop below.
                packed = packed << 8 | c;
                at++;
                continue;
            }
            if (c >= 0xD800) {
                // Code point order: surrogates (which stand for code points above U+FFFF) after U+E000..U+FFFF.
                c = c >= 0xE000 ? c - 0x800 : c + 0x2000;
            }
            int length;
            int encoded;
            if (c < 0x80) {
                length = 1;
                encoded = c;
            } else if (c < 0x800) {
                length = 2;
                encoded = 0xC080 | (c & 0x7C0) << 2 | (c & 0x3F);
            } else {
                length = 3;
                encoded = 0xE08080 | (c & 0xF000) << 4 | (c & 0xFC0) << 2 | (c & 0x3F);
            }
            for (int k = length - 1; k >= 0 && at < end; k--, at++) {
                if (at >= skip) {
                    packed = packed << 8 | (encoded >>> 8 * k & 0xFF);
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
