package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.UUID;
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
import java.util.stream.IntStream;

/**
 * The load the failure tests run under: callers — half through Java clients, half over HTTP — each alternate an
 * {@code incrementBy} on one of 10 shared counters with a {@code setIfAbsent} of a key of their own, deleting every
 * other such key again with {@code deleteIfExists}, and record what was acknowledged.
 *
 * <p>Every call is retried until it is answered, as the clients do: the Java client resends an operation whose
 * outcome a member failure hid, with its operation id; an HTTP caller sends each call with an {@code Idempotency-Key}
 * and, when the answer is lost or a node says it cannot tell the outcome, sends it again ({@code Gridkv-Resend: true})
 * to the next node. So the state must be exact: every counter equals its acknowledged increments, and each
 * acknowledged increment answered a different sum. The one outcome allowed to stay open is by design: a
 * {@code deleteIfExists} redone after a member failure that finds its key gone says it cannot tell.
 */
final class MixedLoad implements AutoCloseable {
    static final int COUNTERS = 10;
    private static final String STORE = "failover";

    private final AtomicLongArray acknowledged = new AtomicLongArray(COUNTERS);
    private final AtomicLongArray unknown = new AtomicLongArray(COUNTERS);
    /**
     * Per counter, the sum each acknowledged increment answered, and when and by whom: with every increment +1 from
     * 0 and applied once, they are exactly 1..n — a repeat means two callers were told the same sum (a forked
     * history), a gap an increment counted but answered to nobody.
     */
    private final List<Map<Long, String>> answers = IntStream.range(0, COUNTERS)
            .mapToObj(c -> (Map<Long, String>) new ConcurrentHashMap<Long, String>())
            .toList();

    private final List<String> repeatedAnswers = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> createdKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> deletedKeys = ConcurrentHashMap.newKeySet();
    /** Keys whose last call's outcome stayed unknown: either state is right for them. */
    private final Set<String> unsettledKeys = ConcurrentHashMap.newKeySet();
    /**
     * Keys of {@code deleteIfExists} calls answered "outcome unknown" by design: a member failed under them and their
     * retry found the key gone, which a removal leaves no trace to tell apart (docs/http-api.md, "Exactly-once").
     */
    private final Set<String> uncertainDeletes = ConcurrentHashMap.newKeySet();
    /** How the node and the engine word that answer. */
    private static final String UNCERTAIN_DELETE = "its retry found the key already deleted";

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicLong lostAnswers = new AtomicLong();
    private final Map<String, Integer> unknownCauses = new ConcurrentHashMap<>();

    // When calls were acknowledged (System.nanoTime()): how long the cluster stood still, and whom it served when.
    private final long started = System.nanoTime();
    private volatile long stopped;
    /** Per second since {@link #started}: a load runs for less than the e2e tests' 10-minute timeout. */
    private final AtomicLongArray acknowledgedPerSecond = new AtomicLongArray(600);

    private final AtomicLong acknowledgedCalls = new AtomicLong();
    private final AtomicLong lastAcknowledgement = new AtomicLong(started);
    private final AtomicLong longestSilence = new AtomicLong();
    private final AtomicLongArray lastAcknowledgementByCaller;
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
        lastAcknowledgementByCaller = new AtomicLongArray(javaThreads + httpThreads);
        for (int c = 0; c < lastAcknowledgementByCaller.length(); c++) {
            lastAcknowledgementByCaller.set(c, started);
        }
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

    /** How many calls have been acknowledged so far. */
    long acknowledgedCalls() {
        return acknowledgedCalls.get();
    }

    /** How many callers there are. */
    int callers() {
        return lastAcknowledgementByCaller.length();
    }

    /** How many callers have had a call acknowledged since {@code since} (a {@link System#nanoTime()}). */
    int callersServedSince(long since) {
        int served = 0;
        for (int c = 0; c < lastAcknowledgementByCaller.length(); c++) {
            if (lastAcknowledgementByCaller.get(c) - since > 0) {
                served++;
            }
        }
        return served;
    }

    /** The longest time in which no call of any caller was acknowledged. */
    Duration longestSilence() {
        return Duration.ofNanos(longestSilence.get());
    }

    /**
     * The calls acknowledged in each whole second from {@code since} (a {@link System#nanoTime()}) until the load
     * stopped, or until now while it runs.
     */
    List<Long> acknowledgedPerSecondSince(long since) {
        long end = stopped != 0 ? stopped : System.nanoTime();
        List<Long> counts = new ArrayList<>();
        for (long s = Math.max(0, since - started) / 1_000_000_000L;
                s <= (end - started) / 1_000_000_000L && s < acknowledgedPerSecond.length();
                s++) {
            counts.add(acknowledgedPerSecond.get((int) s));
        }
        return counts;
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
            stopped = System.nanoTime();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Checks through {@code check} that the store is exactly what was acknowledged: each counter equals its
     * acknowledged increments, every key created and not deleted exists, every deleted one is gone — and that no call
     * was left with an unknown outcome.
     */
    void assertExact(Kv check) {
        // First, so that a failure below is read with the unknown outcomes and failed calls that may explain it.
        System.out.printf(
                "%d acknowledged increments, %d unique keys created, %d deleted (%d deletes uncertain); %d HTTP answers"
                        + " lost and resent; unknown outcomes %s; failures %s%n",
                sum(acknowledged),
                createdKeys.size(),
                deletedKeys.size(),
                uncertainDeletes.size(),
                lostAnswers.get(),
                unknownCauses,
                failures);
        assertEquals(List.of(), repeatedAnswers, "increments answered the same sum twice");
        for (int c = 0; c < COUNTERS; c++) {
            long value = ((Number) await(check.get("counter:" + c))).longValue();
            List<String> missing = new ArrayList<>();
            for (long sum = 1; sum <= acknowledged.get(c) && missing.size() < 10; sum++) {
                if (!answers.get(c).containsKey(sum)) {
                    missing.add(sum + " (" + (sum - 1) + " answered to "
                            + answers.get(c).get(sum - 1) + ", " + (sum + 1) + " to "
                            + answers.get(c).get(sum + 1) + ")");
                }
            }
            assertEquals(
                    List.of(),
                    missing,
                    "counter:" + c + " = " + value + " after " + acknowledged.get(c) + " acknowledged increments ("
                            + unknown.get(c) + " more with an unknown outcome): sums no acknowledged increment"
                            + " answered");
            assertEquals(
                    acknowledged.get(c),
                    value,
                    "counter:" + c + " against its acknowledged increments (" + unknown.get(c)
                            + " more with an unknown outcome)");
        }
        for (String key : createdKeys) {
            if (!unsettledKeys.contains(key) && !uncertainDeletes.contains(key) && !deletedKeys.contains(key)) {
                assertTrue(await(check.exists(key)), "acknowledged setIfAbsent of " + key + " was lost");
            }
        }
        for (String key : deletedKeys) {
            if (!unsettledKeys.contains(key)) {
                assertFalse(await(check.exists(key)), "acknowledged deleteIfExists of " + key + " came back");
            }
        }
        assertEquals(
                0, sum(unknown) + unsettledKeys.size(), () -> "calls left with an unknown outcome: " + unknownCauses);
        assertTrue(failures.isEmpty(), () -> "failed calls: " + failures);
    }

    private void loop(int thread, Caller caller) {
        long n = 0;
        while (running.get()) {
            int counter = (int) ((thread + n) % COUNTERS);
            switch (caller.call("incrementBy", "counter:" + counter)) {
                case APPLIED -> {
                    acknowledged(thread);
                    acknowledged.incrementAndGet(counter);
                    String who = caller + " at " + java.time.LocalTime.now();
                    String before = answers.get(counter).putIfAbsent(caller.lastSum(), who);
                    if (before != null) {
                        repeatedAnswers.add("counter:" + counter + " = " + caller.lastSum() + " answered to " + before
                                + " and to " + who);
                    }
                }
                case UNKNOWN -> unknown.incrementAndGet(counter);
                default -> {}
            }
            String key = "unique:" + thread + ":" + n;
            settle(thread, key, caller.call("setIfAbsent", key), createdKeys, "setIfAbsent");
            if (n % 2 == 1 && createdKeys.contains(key)) {
                settle(thread, key, caller.call("deleteIfExists", key), deletedKeys, "deleteIfExists");
            }
            if (n++ == 10) {
                warmedUp.countDown();
            }
        }
        if (n <= 10) {
            warmedUp.countDown();
        }
    }

    /** Records what a call on a unique key did: only this caller touches the key, so it must have applied. */
    private void settle(int thread, String key, Outcome outcome, Set<String> applied, String op) {
        switch (outcome) {
            case APPLIED -> {
                acknowledged(thread);
                applied.add(key);
            }
            case UNKNOWN -> unsettledKeys.add(key);
            case DELETE_UNCERTAIN -> uncertainDeletes.add(key);
            case NOT_APPLIED -> failures.merge(op + " of a key only this caller uses answered false", 1, Integer::sum);
        }
    }

    private void acknowledged(int thread) {
        long now = System.nanoTime();
        acknowledgedCalls.incrementAndGet();
        lastAcknowledgementByCaller.set(thread, now);
        longestSilence.accumulateAndGet(now - lastAcknowledgement.getAndSet(now), Math::max);
        long second = (now - started) / 1_000_000_000L;
        if (second < acknowledgedPerSecond.length()) {
            acknowledgedPerSecond.incrementAndGet((int) second);
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
        UNKNOWN,
        DELETE_UNCERTAIN
    }

    private interface Caller {
        /** {@code incrementBy(key, 1)}, {@code setIfAbsent(key, 1)} or {@code deleteIfExists(key)}. */
        Outcome call(String op, String key);

        /** The sum the last acknowledged {@code incrementBy} answered. */
        long lastSum();
    }

    private final class JavaCaller implements Caller {
        private final Kv kv;
        private long lastSum;

        @Override
        public long lastSum() {
            return lastSum;
        }

        @Override
        public String toString() {
            return "a Java caller";
        }

        JavaCaller(Kv kv) {
            this.kv = kv;
        }

        @Override
        public Outcome call(String op, String key) {
            Supplier<Outcome> call =
                    switch (op) {
                        case "incrementBy" ->
                            () -> {
                                lastSum = kv.incrementBy(key, 1).join();
                                return Outcome.APPLIED;
                            };
                        case "setIfAbsent" ->
                            () -> kv.setIfAbsent(key, 1).join() ? Outcome.APPLIED : Outcome.NOT_APPLIED;
                        default -> () -> kv.deleteIfExists(key).join() ? Outcome.APPLIED : Outcome.NOT_APPLIED;
                    };
            try {
                return call.get();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof KvException k && k.getMessage().contains(UNCERTAIN_DELETE)) {
                    return Outcome.DELETE_UNCERTAIN;
                }
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
        private long lastSum;

        @Override
        public long lastSum() {
            return lastSum;
        }

        @Override
        public String toString() {
            return "an HTTP caller of " + urls.get(current);
        }

        HttpCaller(HttpClient http, List<String> urls, int first) {
            this.http = http;
            this.urls = urls;
            this.current = first % urls.size();
        }

        @Override
        public Outcome call(String op, String key) {
            String body =
                    switch (op) {
                        case "incrementBy" -> "{\"key\":\"" + key + "\",\"delta\":1}";
                        case "setIfAbsent" -> "{\"key\":\"" + key + "\",\"value\":1}";
                        default -> "{\"key\":\"" + key + "\"}";
                    };
            String idempotencyKey = UUID.randomUUID().toString();
            boolean sent = false;
            String lastFailure = "no node reachable";
            for (int attempt = 0; attempt < 3 * urls.size(); attempt++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(
                                URI.create(urls.get(current) + "/v1/stores/" + STORE + "/" + op))
                        .timeout(Duration.ofSeconds(60))
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (sent) {
                    request.header("Gridkv-Resend", "true");
                }
                try {
                    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        if (op.equals("incrementBy")) {
                            lastSum = Long.parseLong(r.body().replaceAll("[^0-9]", ""));
                        }
                        return op.equals("incrementBy") || r.body().equals("{\"result\":true}")
                                ? Outcome.APPLIED
                                : Outcome.NOT_APPLIED;
                    }
                    if (r.body().contains(UNCERTAIN_DELETE)) {
                        return Outcome.DELETE_UNCERTAIN; // final: a resend would be told the same
                    }
                    sent = true;
                    lastFailure = "http " + r.statusCode() + ": " + r.body();
                    if (r.statusCode() == 503 || r.body().contains("\"UnknownError\"")) {
                        // the node is leaving, or could not tell the outcome: the same key makes a resend safe
                        current = (current + 1) % urls.size();
                        continue;
                    }
                    failures.merge(lastFailure, 1, Integer::sum);
                    return Outcome.UNKNOWN;
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    current = (current + 1) % urls.size(); // never sent
                } catch (IOException e) {
                    // Sent, then the connection died without an answer (the node closed it while leaving): resend.
                    sent = true;
                    lostAnswers.incrementAndGet();
                    lastFailure = "answer lost: " + e;
                    current = (current + 1) % urls.size();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.UNKNOWN;
                }
            }
            unknownCauses.merge("http: " + lastFailure, 1, Integer::sum);
            return Outcome.UNKNOWN;
        }
    }
}
