package io.gridkv.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.gridkv.KvException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on gridkv futures in tests, always with a bound. */
public final class Futures {
    private static final long TIMEOUT_SECONDS = 30;

    private Futures() {}

    /** The future's value; fails the test with the cause if it failed or took longer than 30 s. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("call did not complete within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The {@link KvException} the future failed with; fails the test if it succeeded or failed otherwise. */
    public static KvException failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KvException k) {
                return k;
            }
            throw new AssertionError("expected a KvException, got " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("call did not complete within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
