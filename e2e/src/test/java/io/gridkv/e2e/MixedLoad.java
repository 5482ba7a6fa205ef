package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Kv;
import io.gridkv.KvException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * The load the failure tests run under: callers — half through Java clients, half over HTTP — each alternate an
 * {@code incrementBy} on one of 10 shared counters with a {@code setIfAbsent} of a key of their own, and record what
 * was acknowledged, refused, or left with an unknown outcome.
 *
 * <p>An HTTP caller has a list of nodes and sticks to one; when it cannot even connect (the node is down, so the
 * request was never sent) it moves to the next and sends again — safe for any operation. A failure after the request
 * was sent is an unknown outcome and is not retried.
 */
final class MixedLoad implements AutoCloseable {
    static final int COUNTERS = 10;
    private static final String STORE = "failover";

    private final AtomicLongArray acknowledged = new AtomicLongArray(COUNTERS);
    private final AtomicLongArray unknown = new AtomicLongArray(COUNTERS);
    private final List<String> createdKeys = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicLong lostAnswers = new AtomicLong();
    private final Map<String, Integer> unknownCauses = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Future<?>> workers = new ArrayList<>();
    private final ExecutorService pool;
    private final CountDownLatch warmedUp;

    /**
     * Starts {@code javaThreads} callers spread over {@code clients} and {@code httpThreads} callers, caller i starting
     * at node {@code i % httpUrls.size()}.
     */
    MixedLoad(List<Kv> clients, int javaThreads, List<String> httpUrls, int httpThreads) {
        pool = Executors.newFixedThreadPool(javaThreads + httpThreads);
        warmedUp = new CountDownLatch(javaThreads + httpThreads);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int t = 0; t < javaThreads; t++) {
            Caller caller = new JavaCaller(clients.get(t % clients.size()));
            int thread = t;
            workers.add(pool.submit(() -> loop(thread, caller)));
        }
        for (int t = 0; t < httpThreads; t++) {
            Caller caller = new HttpCaller(http, httpUrls, t);
            int thread = javaThreads + t;
            workers.add(pool.submit(() -> loop(thread, caller)));
        }
    }

    /** Waits until every caller has made its first few calls. */
    void awaitWarmUp() throws InterruptedException {
        assertTrue(warmedUp.await(60, TimeUnit.SECONDS), "every caller made its first calls");
    }

    /** Keeps the load on while {@code d} passes. */
    static void pause(Duration d) throws InterruptedException {
        new CountDownLatch(1).await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the callers and waits for their last calls. */
    @Override
    public void close() throws Exception {
        running.set(false);
        try {
            for (Future<?> w : workers) {
                w.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Checks through {@code check} that every acknowledged write is there and nothing was applied beyond what may have
     * been: each counter lies between its acknowledged increments and those plus its unknown ones.
     *
     * @return the number of calls with an unknown outcome
     */
    long assertNothingLostOrDoubled(Kv check) {
        long totalUnknown = 0;
        for (int c = 0; c < COUNTERS; c++) {
            long value = ((Number) await(check.get("counter:" + c))).longValue();
            long acked = acknowledged.get(c);
            long maybe = unknown.get(c);
            totalUnknown += maybe;
            assertTrue(
                    value >= acked && value <= acked + maybe,
                    "counter:" + c + " = " + value + ", acknowledged " + acked + ", outcome unknown " + maybe);
        }
        synchronized (createdKeys) {
            for (String key : createdKeys) {
                assertTrue(await(check.exists(key)), "acknowledged setIfAbsent of " + key + " was lost");
            }
        }
        System.out.printf(
                "%d acknowledged increments, %d with unknown outcome (%d HTTP answers lost; store said %s), %d unique"
                        + " keys created, failures %s%n",
                sum(acknowledged), totalUnknown, lostAnswers.get(), unknownCauses, createdKeys.size(), failures);
        return totalUnknown;
    }

    /** HTTP requests sent whose connection closed before any answer came (their outcome is unknown). */
    long lostAnswers() {
        return lostAnswers.get();
    }

    /** Failures other than an unknown outcome, by description. */
    Map<String, Integer> failures() {
        return failures;
    }

    private void loop(int thread, Caller caller) {
        long n = 0;
        while (running.get()) {
            int counter = (int) ((thread + n) % COUNTERS);
            switch (caller.call("incrementBy", "counter:" + counter)) {
                case APPLIED -> acknowledged.incrementAndGet(counter);
                case UNKNOWN -> unknown.incrementAndGet(counter);
                default -> {}
            }
            String key = "unique:" + thread + ":" + n;
            if (caller.call("setIfAbsent", key) == Outcome.APPLIED) {
                createdKeys.add(key);
            }
            if (n++ == 10) {
                warmedUp.countDown();
            }
        }
        if (n <= 10) {
            warmedUp.countDown();
        }
    }

    private static long sum(AtomicLongArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }

    private enum Outcome {
        APPLIED,
        NOT_APPLIED,
        UNKNOWN
    }

    private interface Caller {
        /** {@code incrementBy(key, 1)} or {@code setIfAbsent(key, 1)}. */
        Outcome call(String op, String key);
    }

    private final class JavaCaller implements Caller {
        private final Kv kv;

        JavaCaller(Kv kv) {
            this.kv = kv;
        }

        @Override
        public Outcome call(String op, String key) {
            Supplier<Outcome> call = op.equals("incrementBy")
                    ? () -> {
                        kv.incrementBy(key, 1).join();
                        return Outcome.APPLIED;
                    }
                    : () -> kv.setIfAbsent(key, 1).join() ? Outcome.APPLIED : Outcome.NOT_APPLIED;
            try {
                return call.get();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof KvException k && k.name().equals("UnknownError")) {
                    unknownCauses.merge("java: " + k.getMessage(), 1, Integer::sum);
                } else {
                    failures.merge("java: " + cause, 1, Integer::sum);
                }
                return Outcome.UNKNOWN;
            }
        }
    }

    private final class HttpCaller implements Caller {
        private final HttpClient http;
        private final List<String> urls;
        private int current;

        HttpCaller(HttpClient http, List<String> urls, int first) {
            this.http = http;
            this.urls = urls;
            this.current = first % urls.size();
        }

        @Override
        public Outcome call(String op, String key) {
            String body = op.equals("incrementBy")
                    ? "{\"key\":\"" + key + "\",\"delta\":1}"
                    : "{\"key\":\"" + key + "\",\"value\":1}";
            for (int attempt = 0; attempt < 3 * urls.size(); attempt++) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create(urls.get(current) + "/v1/stores/" + STORE + "/" + op))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return op.equals("incrementBy") || r.body().equals("{\"result\":true}")
                                ? Outcome.APPLIED
                                : Outcome.NOT_APPLIED;
                    }
                    if (r.statusCode() == 503) { // this node is leaving: nothing was done, ask another
                        current = (current + 1) % urls.size();
                        continue;
                    }
                    (r.body().contains("\"UnknownError\"") ? unknownCauses : failures)
                            .merge("http " + r.statusCode() + ": " + r.body(), 1, Integer::sum);
                    return Outcome.UNKNOWN;
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    current = (current + 1) % urls.size(); // never sent: safe to send to the next node
                } catch (IOException e) {
                    // Sent, then the connection died without an answer (the node closed it while leaving): the
                    // request may or may not have run. Only an operation id would make resending it safe.
                    lostAnswers.incrementAndGet();
                    return Outcome.UNKNOWN;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.UNKNOWN;
                }
            }
            failures.merge("http: no node reachable", 1, Integer::sum);
            return Outcome.UNKNOWN;
        }
    }
}
