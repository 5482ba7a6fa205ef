package io.gridkv.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded polling for conditions that become true asynchronously: retries the assertion until it passes or the
 * deadline passes, then rethrows the last failure — never a bare sleep standing in for synchronisation.
 */
public final class Eventually {
    private Eventually() {}

    /** An assertion that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    public static void assertEventually(Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseNanos = 1_000_000;
        while (true) {
            try {
                check.run();
                return;
            } catch (Throwable failure) {
                if (System.nanoTime() > deadline) {
                    AssertionError e =
                            new AssertionError("condition not met within " + timeout + ": " + failure, failure);
                    throw e;
                }
            }
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, 100_000_000);
        }
    }
}
