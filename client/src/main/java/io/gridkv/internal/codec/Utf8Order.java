package io.gridkv.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The one key order of gridkv: by the UTF-8 bytes of the key, as Go orders strings, which is Unicode code point order.
 *
 * <p>Java's {@link String#compareTo} compares UTF-16 code units and disagrees with that order when a surrogate (half of
 * a supplementary character) meets a char in U+E000..U+FFFF: the code unit is smaller, the code point larger.
 *
 * <p>Lone surrogates have no UTF-8 form, and no rule can satisfy both the byte view and the char view for them. The
 * string order compares char by char with every surrogate above every other char, so the strings that start with a
 * given prefix ({@link String#startsWith}) are always contiguous — which prefix counts, prefix scans and the key index
 * rely on. The byte view ({@link #compare(String, byte[])}, {@link #utf8(String)}) writes a lone surrogate as its
 * 3-byte generalized UTF-8 form ({@code ED A0 80}..{@code ED BF BF}, as CESU-8/WTF-8 do). For well-formed strings —
 * every key that arrives as JSON or UTF-8 — the two views are the same order; a key holding a lone surrogate may sit at
 * a slightly different place relative to a cursor, but never equal to a different key's cursor.
 */
public final class Utf8Order {

    /** {@link #compare(String, String)} as a comparator, for sorted maps and sorts. */
    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {}

    /**
     * Compares two strings by their UTF-8 bytes (see the class comment for lone surrogates); a proper prefix is smaller.
     * Only the sign of the result means anything. Allocation-free.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * Where a char sorts among all chars that may differ at the same place: surrogates (which start or end a code
     * point above U+FFFF) above every BMP char, otherwise the char value. The first difference between two well-formed
     * strings is never a low surrogate against a non-surrogate, so this is code point order for them.
     */
    private static int rank(char c) {
        return Character.isSurrogate(c) ? c + 0x10000 : c;
    }

    /**
     * Compares the UTF-8 form of {@code a} (see the class comment for lone surrogates) with arbitrary bytes, unsigned
     * and byte by byte; a proper prefix is smaller. {@code b} may be invalid UTF-8: it can come from a user's cursor.
     * Only the sign of the result means anything. Allocation-free: {@code a} is encoded on the fly.
     */
    public static int compare(String a, byte[] b) {
        int len = a.length();
        int j = 0;
        for (int i = 0; i < len; i++) {
            int c = a.charAt(i);
            if (c < 0x80) {
                if (j == b.length) {
                    return 1;
                }
                int d = c - (b[j++] & 0xFF);
                if (d != 0) {
                    return d;
                }
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate((char) c) && i + 1 < len && Character.isLowSurrogate(a.charAt(i + 1))) {
                cp = Character.toCodePoint((char) c, a.charAt(++i));
            }
            int size = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 0; k < size; k++) {
                if (j == b.length) {
                    return 1;
                }
                int d = utf8Byte(cp, size, k) - (b[j++] & 0xFF);
                if (d != 0) {
                    return d;
                }
            }
        }
        return j == b.length ? 0 : -1;
    }

    /** Byte {@code k} of the {@code size}-byte (2 to 4) UTF-8 form of {@code cp}. */
    private static int utf8Byte(int cp, int size, int k) {
        int shift = 6 * (size - 1 - k);
        if (k == 0) {
            // Lead byte: 110xxxxx, 1110xxxx or 11110xxx.
            return ((0xF00 >>> size) & 0xFF) | (cp >>> shift);
        }
        return 0x80 | ((cp >>> shift) & 0x3F);
    }

    /**
     * The bytes keys are ordered by: UTF-8, with a lone surrogate as its 3-byte form (see the class comment). For a
     * well-formed string this is exactly {@code s.getBytes(UTF_8)}.
     */
    public static byte[] utf8(String s) {
        if (!hasSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteSink out = new ByteSink(s.length() * 3);
        int len = s.length();
        for (int i = 0; i < len; i++) {
            int cp = s.charAt(i);
            if (Character.isHighSurrogate((char) cp) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint((char) cp, s.charAt(++i));
            }
            out.writeCodePoint(cp);
        }
        return out.toByteArray();
    }

    static boolean hasSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
