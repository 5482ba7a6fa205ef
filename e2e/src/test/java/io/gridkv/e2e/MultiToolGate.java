package io.gridkv.e2e;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The starting line of {@link MultiToolIT}: each load tool reports itself ready (its engine started, its connections
 * open) and waits until the test lets all of them go at once, so that their loads really overlap however long each
 * tool takes to start. Every wait is bounded.
 */
final class MultiToolGate {
    static final Duration WAIT = Duration.ofSeconds(90);

    private static volatile MultiToolGate current;

    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);

    private MultiToolGate(int tools) {
        ready = new CountDownLatch(tools);
    }

    /** A new gate for {@code tools} tools, the one {@link #current()} returns from now on. */
    static MultiToolGate open(int tools) {
        current = new MultiToolGate(tools);
        return current;
    }

    static MultiToolGate current() {
        MultiToolGate gate = current;
        if (gate == null) {
            throw new IllegalStateException("no MultiToolGate: the tools are started by MultiToolIT");
        }
        return gate;
    }

    /** Called by a tool: it is ready; returns when every tool may start. */
    void arriveAndAwaitGo(String tool) throws InterruptedException {
        ready.countDown();
        if (!go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(tool + " was not let go within " + WAIT);
        }
    }

    /** Called by the test on behalf of a tool in another process (which it tells to go itself). */
    void arrived() {
        ready.countDown();
    }

    /** Whether every tool arrived within {@code timeout}. */
    boolean awaitAllReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    void letGo() {
        go.countDown();
    }
}
