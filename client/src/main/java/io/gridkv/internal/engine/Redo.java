package io.gridkv.internal.engine;

import io.gridkv.internal.Outcomes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends an identified mutation again while its outcome is unknown because a member or the connection to one went
 * away. Safe only because the operation keeps its id across attempts (see {@code Record}): an attempt that was in fact
 * applied is recognised, not applied twice. The first retry goes at once: a record remembers only its last few
 * writers' ids (see {@code Record}), and other callers' writes to the key keep coming while this one waits. Gives up
 * after {@value #ATTEMPTS} attempts (about 15 s of waiting, long enough for a partition to get a new owner or a
 * client to reconnect) and reports the last failure.
 */
final class Redo {
    static final int ATTEMPTS = 20;
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 1000;

    private Redo() {}

    /** Runs {@code attempt(0)}, then {@code attempt(1)}, ... while the previous one's outcome is unknown. */
    static <R> CompletableFuture<R> untilKnown(IntFunction<? extends CompletionStage<R>> attempt) {
        CompletableFuture<R> result = new CompletableFuture<>();
        run(attempt, 0, result);
        return result;
    }

    private static <R> void run(IntFunction<? extends CompletionStage<R>> attempt, int n, CompletableFuture<R> result) {
        CompletionStage<R> sent;
        try {
            sent = attempt.apply(n);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        // Looked at in the completing thread (direct), also when sent is one of Hazelcast's futures, whose plain
        // stages would hand off to another executor.
        sent.whenCompleteAsync(
                (answer, failure) -> {
                    if (failure == null) {
                        result.complete(answer);
                    } else if (n + 1 < ATTEMPTS && Outcomes.unknown(failure)) {
                        // Never from the completing thread: it may be one of Hazelcast's that must not make remote
                        // calls.
                        long pause =
                                n == 0 ? 0 : Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(n - 1, 10));
                        KvExecutors.timer().schedule(() -> run(attempt, n + 1, result), pause, TimeUnit.MILLISECONDS);
                    } else {
                        result.completeExceptionally(failure);
                    }
                },
                KvExecutors.direct());
    }
}
