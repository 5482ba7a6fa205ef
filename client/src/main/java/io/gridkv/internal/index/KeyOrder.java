package io.gridkv.internal.index;

/**
 * The one key order of gridkv: by the UTF-8 bytes of the key, which is Unicode code point order.
 *
 * <p>Java's {@link String#compareTo} compares UTF-16 code units and disagrees with that order when a
 * surrogate (half of a supplementary character) meets a char in U+E000..U+FFFF: the code unit is smaller
 * but the code point is larger. Here a surrogate therefore sorts above every char &ge; U+E000.
 *
 * <p>A private copy of {@code io.gridkv.internal.codec.Utf8Order}, kept until the two are merged: both must
 * order alike, or the index would disagree with scans and cursors.
 */
final class KeyOrder {

    private KeyOrder() {
    }

    /**
     * Compares two keys in code point order; a proper prefix is smaller. Only the sign of the result means
     * anything. Lone surrogates are ordered by the same rule, so this stays a total order on every string.
     */
    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * Compares the UTF-8 encoding of {@code a} with arbitrary bytes (possibly invalid UTF-8), unsigned and
     * byte by byte; a proper prefix is smaller. Only the sign of the result means anything. Allocation-free:
     * {@code a} is encoded on the fly.
     *
     * <p>A lone surrogate has no UTF-8 form; it is compared as U+FFFD, the character Go and
     * {@code CharsetEncoder}-based decoders put in its place, so such a key still has a stable position.
     */
    static int compare(String a, byte[] utf8) {
        int len = a.length();
        int j = 0;
        for (int i = 0; i < len; i++) {
            int c = a.charAt(i);
            if (c < 0x80) {
                if (j == utf8.length) {
                    return 1;
                }
                int d = c - (utf8[j++] & 0xFF);
                if (d != 0) {
                    return d;
                }
                continue;
            }
            int cp = c;
            if (Character.isSurrogate((char) c)) {
                if (Character.isHighSurrogate((char) c) && i + 1 < len
                        && Character.isLowSurrogate(a.charAt(i + 1))) {
                    cp = Character.toCodePoint((char) c, a.charAt(++i));
                } else {
                    cp = 0xFFFD;
                }
            }
            int bytes = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 0; k < bytes; k++) {
                if (j == utf8.length) {
                    return 1;
                }
                int d = utf8Byte(cp, bytes, k) - (utf8[j++] & 0xFF);
                if (d != 0) {
                    return d;
                }
            }
        }
        return j == utf8.length ? 0 : -1;
    }

    /** Byte {@code k} of the {@code bytes}-long UTF-8 encoding of {@code cp} (2 to 4 bytes). */
    private static int utf8Byte(int cp, int bytes, int k) {
        int shift = 6 * (bytes - 1 - k);
        if (k == 0) {
            // Lead byte: 110xxxxx, 1110xxxx or 11110xxx.
            return ((0xF00 >>> bytes) & 0xFF) | (cp >>> shift);
        }
        return 0x80 | ((cp >>> shift) & 0x3F);
    }

    /**
     * Maps a UTF-16 code unit to a rank whose order is code point order: surrogates (which stand for code
     * points above U+FFFF) move to the top, U+E000..U+FFFF move down into the gap they left. A bijection, so
     * equal ranks mean equal chars.
     */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
