package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.TestMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The key index invariant: after writes stop, every participant's replica equals the map's key set within a bounded
 * time — even when a member crashes in the middle of a stream of writes (its undelivered events are lost).
 */
@Timeout(180)
class KeyIndexConvergenceTest {
    private static final KvOptions OPTIONS =
            KvOptions.builder().store("convergence").trackKeys(true).build();

    private final List<HazelcastInstance> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        TestMembers.shutdownAll(started);
    }

    @Test
    void replicas_convergeToTheMap_afterAMemberCrashMidStream() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster(3);
        List<HazelcastInstance> members = TestMembers.start(settings);
        started.addAll(members);
        HazelcastInstance client = TestMembers.client(settings);
        started.add(0, client);

        Kv onClient = Kv.using(client, OPTIONS);
        Kv onSurvivor = Kv.using(members.get(0), OPTIONS);
        Kv onVictim = Kv.using(members.get(2), OPTIONS);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (Kv kv : List.of(onClient, onSurvivor, onVictim)) {
            writers.add(CompletableFuture.runAsync(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    String key = "k" + random.nextInt(2_000);
                    CompletableFuture<?> write = random.nextInt(3) == 0 ? kv.delete(key) : kv.set(key, 1);
                    try {
                        write.get(30, TimeUnit.SECONDS);
                        acknowledged.incrementAndGet();
                    } catch (ExecutionException | TimeoutException e) {
                        if (kv == onVictim) {
                            return; // its member is gone
                        }
                        // an in-flight write to the crashed member may fail; the stream goes on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }

        Eventually.assertEventually(Duration.ofSeconds(30), () -> assertTrue(acknowledged.get() > 3_000));
        members.get(2).getLifecycleService().terminate(); // a crash: no graceful hand-over
        int before = acknowledged.get();
        Eventually.assertEventually(Duration.ofSeconds(30), () -> assertTrue(acknowledged.get() > before + 3_000));
        stop.set(true);
        writers.forEach(w -> w.handle((v, t) -> null).join());

        Set<String> truth = new TreeSet<>(members.get(0)
                .<String, Object>getMap("gridkv.store.convergence")
                .keySet());
        assertTrue(truth.size() > 100, "the store holds keys: " + truth.size());
        for (Kv kv : List.of(onClient, onSurvivor)) {
            Eventually.assertEventually(Duration.ofSeconds(60), () -> {
                assertEquals(truth, new TreeSet<>(await(kv.listKeys())));
                assertEquals((long) truth.size(), await(kv.count("k")));
            });
        }
        Set<String> sampled = new HashSet<>(await(onClient.randomKeys(RandomKeysOptions.count(50))));
        assertTrue(truth.containsAll(sampled));
    }
}
