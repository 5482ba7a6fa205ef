package io.gridkv.internal.codec;

import java.nio.charset.StandardCharsets;

/** UTF-8 the way Go treats it: lone surrogates become U+FFFD on the way out, and only well-formed bytes count. */
final class Utf8 {

    private Utf8() {}

    /**
     * UTF-8 bytes of {@code s} with each lone surrogate written as U+FFFD. Not {@code getBytes(UTF_8)}, which writes
     * {@code '?'} there: Go writes U+FFFD, and so must every host that stores the same value.
     */
    static byte[] encode(String s) {
        if (!Utf8Order.hasSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteSink out = new ByteSink(s.length() * 3);
        int len = s.length();
        for (int i = 0; i < len; i++) {
            out.writeCodePoint(codePointAt(s, i));
            if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            }
        }
        return out.toByteArray();
    }

    /** The code point starting at char {@code i}; U+FFFD for a lone surrogate (Go's replacement for bad UTF-8). */
    static int codePointAt(String s, int i) {
        char c = s.charAt(i);
        if (!Character.isSurrogate(c)) {
            return c;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            return Character.toCodePoint(c, s.charAt(i + 1));
        }
        return 0xFFFD;
    }

    /**
     * Whether {@code b} is well-formed UTF-8 (Unicode table 3-7): no overlong forms, no encoded surrogates, nothing
     * above U+10FFFF, no truncated sequence. Stricter than Jackson, which accepts some of those.
     */
    static boolean isWellFormed(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int size;
            int lo = 0x80;
            int hi = 0xBF;
            if (c < 0xC2) {
                return false;
            } else if (c < 0xE0) {
                size = 2;
            } else if (c < 0xF0) {
                size = 3;
                if (c == 0xE0) {
                    lo = 0xA0;
                } else if (c == 0xED) {
                    hi = 0x9F;
                }
            } else if (c < 0xF5) {
                size = 4;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return false;
            }
            if (i + size > n) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k < size; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += size;
        }
        return true;
    }
}
