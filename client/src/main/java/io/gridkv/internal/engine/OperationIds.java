package io.gridkv.internal.engine;

import io.gridkv.internal.processor.OperationId;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Where a mutating call gets its {@link OperationId}: the one its caller gave (the node passes on an HTTP request's
 * {@code Idempotency-Key}, so a request sent again is recognised), else a fresh one — a random origin for this JVM and
 * the next number in it. A caller also says whether it is sending the operation again (see
 * {@code MutatingProcessor#retry}).
 */
public final class OperationIds {
    private static final long ORIGIN = new SecureRandom().nextLong();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /**
     * Numbers a thread takes from {@link #SEQUENCE} at once: one shared counter, bumped by every mutating call of every
     * thread, kept a cache line bouncing between cores.
     */
    private static final int BLOCK = 1024;
    /** This thread's block: the next number, and the end of the block. */
    private static final ThreadLocal<long[]> BLOCKS = ThreadLocal.withInitial(() -> new long[2]);

    private static final ThreadLocal<Given> GIVEN = new ThreadLocal<>();

    /**
     * An operation's id, whether an earlier attempt of it may have been applied, and whether it was made here for this
     * call (then no attempt of it can have come before the first).
     */
    record Given(OperationId id, boolean resent, boolean made) {}

    private OperationIds() {}

    /**
     * Calls {@code call} (which starts one mutating {@code Kv} call in this thread) with {@code id} as that
     * mutation's identity; a call that mutates nothing ignores it. {@code resent}: the caller sent it before and does
     * not know the outcome.
     */
    public static <T> T with(OperationId id, boolean resent, Supplier<T> call) {
        GIVEN.set(new Given(id, resent, false));
        try {
            return call.get();
        } finally {
            GIVEN.remove();
        }
    }

    static Given next() {
        Given given = GIVEN.get();
        if (given != null) {
            GIVEN.remove();
            return given;
        }
        return new Given(new OperationId(ORIGIN, nextNumber()), false, true);
    }

    private static long nextNumber() {
        long[] block = BLOCKS.get();
        if (block[0] == block[1]) {
            block[1] = SEQUENCE.addAndGet(BLOCK) + 1;
            block[0] = block[1] - BLOCK;
        }
        return block[0]++;
    }
}
