package io.gridkv.internal.processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The identity of one mutating call, the same on every attempt of it, so a record can tell a retry of an operation it
 * already applied from a new one (see {@link Record}). 128 bits: a random origin (one per participant, or a hash of
 * a caller's own id) and a sequence within it; {@code (0, 0)} means "no identity".
 */
public record OperationId(long high, long low) {
    public static final OperationId NONE = new OperationId(0, 0);

    /**
     * The id for a caller-chosen text (an HTTP {@code Idempotency-Key}, say): its SHA-256, truncated. A digest rather
     * than a cheaper hash because callers from many hosts choose these texts independently; collisions must stay
     * out of reach.
     */
    public static OperationId ofText(String text) {
        byte[] d = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (d[i] & 0xff);
            low = (low << 8) | (d[8 + i] & 0xff);
        }
        return new OperationId(high, low);
    }

    public boolean isNone() {
        return high == 0 && low == 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
