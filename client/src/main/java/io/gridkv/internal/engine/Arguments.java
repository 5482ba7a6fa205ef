package io.gridkv.internal.engine;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.codec.Utf8Order;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/** Checks of call arguments that options builders can't do, each failing with the name xk6-kv uses. */
final class Arguments {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Arguments() {}

    /** Keys are non-empty strings everywhere (an xk6-kv bug once accepted {@code ""}). */
    static String key(String key) {
        if (key == null || key.isEmpty()) {
            throw new KvException(KvError.InvalidOptionsError, "key must be a non-empty string");
        }
        return key;
    }

    /**
     * The delta of {@code incrementBy}: a finite integral number within int64. {@code 1.5}, {@code NaN},
     * {@code 1e20} and {@code null} are refused up front rather than coerced.
     */
    static long delta(Number delta) {
        if (delta instanceof Long || delta instanceof Integer || delta instanceof Short || delta instanceof Byte) {
            return delta.longValue();
        }
        if (delta instanceof BigInteger big && big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0) {
            return big.longValue();
        }
        if (delta instanceof BigDecimal dec) {
            try {
                return dec.longValueExact();
            } catch (ArithmeticException e) {
                throw notADelta(delta);
            }
        }
        if (delta instanceof Double || delta instanceof Float) {
            double d = delta.doubleValue();
            // 2^63 is exactly representable; anything >= it is out of range, as is anything non-integral.
            if (Double.isFinite(d) && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                return (long) d;
            }
        }
        throw notADelta(delta);
    }

    private static KvException notADelta(Object delta) {
        return new KvException(
                KvError.ValueNumberRequiredError,
                "incrementBy delta must be a finite integer within int64, got " + delta);
    }

    /** The key a scan cursor points after, or {@code null} for "from the start". */
    static byte[] cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new KvException(KvError.InvalidCursorError, "invalid scan cursor: not standard base64: " + cursor);
        }
    }

    /** The cursor that continues strictly after {@code lastKey}: standard, padded base64 of its UTF-8 bytes. */
    static String cursorAfter(String lastKey) {
        return Base64.getEncoder().encodeToString(Utf8Order.utf8(lastKey));
    }
}
