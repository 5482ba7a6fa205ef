package io.gridkv.internal.engine;

import io.gridkv.internal.processor.OperationId;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Where a mutating call gets its {@link OperationId}: the one its caller gave (the node passes on an HTTP request's
 * {@code Idempotency-Key}, so a request sent again is recognised), else a fresh one — a random origin for this JVM and
 * the next number in it.
 */
public final class OperationIds {
    private static final long ORIGIN = new SecureRandom().nextLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final ThreadLocal<OperationId> GIVEN = new ThreadLocal<>();

    private OperationIds() {}

    /**
     * Calls {@code call} (which starts one mutating {@code Kv} call in this thread) with {@code id} as that
     * mutation's identity; a call that mutates nothing ignores it.
     */
    public static <T> T with(OperationId id, Supplier<T> call) {
        GIVEN.set(id);
        try {
            return call.get();
        } finally {
            GIVEN.remove();
        }
    }

    static OperationId next() {
        OperationId given = GIVEN.get();
        if (given != null) {
            GIVEN.remove();
            return given;
        }
        return new OperationId(ORIGIN, SEQUENCE.incrementAndGet());
    }
}
