package io.gridkv.internal.codec;

import io.gridkv.KvError;
import io.gridkv.KvException;
import java.nio.charset.StandardCharsets;

/**
 * Stored values as the int64 counters of {@code incrementBy} (SPEC.md a.4 item 7). A counter is kept as plain decimal
 * text, which is also the json encoding of the number, so {@code get} returns a number under json and a string under
 * string serialization without either codec knowing about counters.
 *
 * <p>Runs inside entry processors on partition threads: parsing reads the bytes directly and allocates nothing unless
 * it fails.
 */
public final class Counters {

    private static final int MAX_SHOWN_CHARS = 64;
    private static final byte[] MIN_VALUE_TEXT = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private Counters() {}

    /**
     * The counter held by stored bytes. Accepted, with no surrounding whitespace: zero-length bytes (0); decimal int64
     * text with an optional sign and leading zeros, as Go's {@code strconv.ParseInt} reads it ({@code 42}, {@code -7},
     * {@code +5}), which covers every JSON integer; the same inside JSON string quotes ({@code "42"}).
     *
     * @throws KvException {@code ValueParseError} for anything else ({@code 1.5}, {@code 1e3}, {@code "abc"},
     *     {@code {}}) and for integers outside int64
     */
    public static long parse(byte[] stored) {
        int end = stored.length;
        if (end == 0) {
            return 0;
        }
        int i = 0;
        if (stored[0] == '"') {
            if (end < 2 || stored[end - 1] != '"') {
                throw notACounter(stored);
            }
            i = 1;
            end--;
        }
        boolean negative = false;
        if (i < end && (stored[i] == '-' || stored[i] == '+')) {
            negative = stored[i] == '-';
            i++;
        }
        if (i == end) {
            throw notACounter(stored);
        }
        // Accumulated as a negative number, as Long.parseLong does, because Long.MIN_VALUE has no positive twin.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long limitBeforeDigit = limit / 10;
        long acc = 0;
        boolean overflow = false;
        for (; i < end; i++) {
            int digit = stored[i] - '0';
            if (digit < 0 || digit > 9) {
                throw notACounter(stored);
            }
            if (acc < limitBeforeDigit || acc * 10 < limit + digit) {
                overflow = true; // keep scanning: "99999999999999999999x" is not a number at all
            } else {
                acc = acc * 10 - digit;
            }
        }
        if (overflow) {
            throw new KvException(KvError.ValueParseError, "value is out of int64 range: " + shown(stored));
        }
        return negative ? acc : -acc;
    }

    /**
     * {@code current + delta}.
     *
     * @throws KvException {@code ValueParseError} if the sum overflows int64
     */
    public static long add(long current, long delta) {
        try {
            return Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new KvException(KvError.ValueParseError, "increment overflows int64: " + current + " + " + delta, e);
        }
    }

    /** The stored form of a counter: plain decimal ASCII, {@code -} for negatives. */
    public static byte[] format(long value) {
        if (value == Long.MIN_VALUE) {
            return MIN_VALUE_TEXT.clone();
        }
        long rest = Math.abs(value);
        int digits = 1;
        for (long t = rest; t >= 10; t /= 10) {
            digits++;
        }
        int sign = value < 0 ? 1 : 0;
        byte[] out = new byte[sign + digits];
        for (int i = out.length - 1; i >= sign; i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (sign == 1) {
            out[0] = '-';
        }
        return out;
    }

    private static KvException notACounter(byte[] stored) {
        return new KvException(KvError.ValueParseError, "value is not an integer counter: " + shown(stored));
    }

    /** The stored value quoted for a message, cut to 64 chars: it may be megabytes, or binary. */
    private static String shown(byte[] stored) {
        String text = new String(stored, 0, Math.min(stored.length, MAX_SHOWN_CHARS * 4), StandardCharsets.UTF_8);
        boolean cut = stored.length > MAX_SHOWN_CHARS * 4;
        if (text.length() > MAX_SHOWN_CHARS) {
            int end = Character.isLowSurrogate(text.charAt(MAX_SHOWN_CHARS)) ? MAX_SHOWN_CHARS - 1 : MAX_SHOWN_CHARS;
            text = text.substring(0, end);
            cut = true;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        return cut ? sb.append("...").toString() : sb.toString();
    }
}
