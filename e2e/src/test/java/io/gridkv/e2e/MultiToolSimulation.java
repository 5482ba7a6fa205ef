package io.gridkv.e2e;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.cluster.ClusterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Gatling part of {@link MultiToolIT}, in Gatling's Java DSL: {@code users} virtual users, each
 * {@code rounds} times incrementing the shared counter and claiming a random key of the pool with
 * {@code deleteIfExists}, through one gridkv Java client ({@code Kv.connect}) to the test's cluster.
 *
 * <p>Gatling has no gridkv protocol, so each call is a session function ({@code exec(session -> ...)}) that waits for
 * the client's answer. It is configured by system properties ({@code gridkv.multitool.*}, set by the test) and writes
 * what was acknowledged to {@code gridkv.multitool.gatling.out}: {@code increments N}, {@code failures N},
 * {@code first}/{@code last} (epoch millis of the first and last call) and one {@code claimed KEY} line per claim won.
 */
public class MultiToolSimulation extends Simulation {
    static final String PREFIX = "gridkv.multitool.";

    private final int users = Integer.getInteger(PREFIX + "gatling.users");
    private final int rounds = Integer.getInteger(PREFIX + "gatling.rounds");
    private final int pool = Integer.getInteger(PREFIX + "pool");
    private final String counter = System.getProperty(PREFIX + "counter");
    private final Path out = Path.of(System.getProperty(PREFIX + "gatling.out"));

    private final AtomicLong increments = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong();
    private final Queue<String> claimed = new ConcurrentLinkedQueue<>();
    private final Kv kv = Kv.connect(
            ClusterSettings.builder()
                    .clusterName(System.getProperty(PREFIX + "clusterName"))
                    .members(System.getProperty(PREFIX + "members"))
                    .build(),
            KvOptions.builder()
                    .store(System.getProperty(PREFIX + "store"))
                    .trackKeys(true)
                    .build());

    private final ScenarioBuilder callers = scenario("gridkv multitool")
            .exec(repeat(rounds)
                    .on(
                            exec(session -> {
                                call(() -> {
                                    kv.incrementBy(counter, 1).join();
                                    increments.incrementAndGet();
                                });
                                return session;
                            }),
                            exec(session -> {
                                String key = "pool:"
                                        + (1 + ThreadLocalRandom.current().nextInt(pool));
                                call(() -> {
                                    if (kv.deleteIfExists(key).join()) {
                                        claimed.add(key);
                                    }
                                });
                                return session;
                            })));

    {
        setUp(callers.injectOpen(atOnceUsers(users)));
    }

    private void call(Runnable operation) {
        first.accumulateAndGet(System.currentTimeMillis(), Math::min);
        try {
            operation.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
        last.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    @Override
    public void before() {
        try {
            kv.size().join(); // connected and the store open before the start
            MultiToolGate.current().arriveAndAwaitGo("gatling");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void after() {
        List<String> lines = new ArrayList<>();
        lines.add("increments " + increments.get());
        lines.add("failures " + failures.get());
        lines.add("first " + first.get());
        lines.add("last " + last.get());
        claimed.forEach(key -> lines.add("claimed " + key));
        try {
            Files.write(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            kv.close().join();
        }
    }
}
