package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Backend;
import io.gridkv.GetOrSetResult;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.SwapResult;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.internal.engine.OperationIds;
import io.gridkv.internal.engine.Participants;
import io.gridkv.internal.processor.CompareAndDeleteProcessor;
import io.gridkv.internal.processor.DeleteProcessor;
import io.gridkv.internal.processor.Durability;
import io.gridkv.internal.processor.OperationId;
import io.gridkv.internal.processor.ProcessorFailure;
import io.gridkv.internal.processor.ProcessorResult;
import io.gridkv.internal.processor.Record;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.TestMembers;
import io.gridkv.testing.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exactly-once mutations: an operation sent again with the id of one already applied answers its first result and
 * changes nothing, through every way into a store; and counters stay exact while a member crashes under load, because
 * calls whose outcome the crash hid are sent again with their id.
 */
@ExtendWith(SharedClusters.Resolver.class)
@Timeout(180)
class ExactlyOnceTest {
    private static final KvOptions OPTIONS =
            KvOptions.builder().store("exactly-once").trackKeys(true).build();

    private static <T> T as(OperationId id, Supplier<CompletableFuture<T>> call) {
        return await(OperationIds.with(id, false, call));
    }

    private static OperationId fresh() {
        return OperationId.ofText(UUID.randomUUID().toString());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aRepeatedIncrement_answersItsFirstSum_andCountsOnce(Topology topology, SharedClusters clusters) {
        Kv kv = clusters.open(topology, OPTIONS);
        String key = "counter-" + UUID.randomUUID();
        OperationId id = fresh();
        assertEquals(5L, as(id, () -> kv.incrementBy(key, 5)));
        assertEquals(6L, await(kv.incrementBy(key, 1)));
        assertEquals(5L, as(id, () -> kv.incrementBy(key, 5)), "the retry answers the first result");
        assertEquals(6L, await(kv.get(key)));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aRepeatedWrite_doesNotOverwriteALaterOne(Topology topology, SharedClusters clusters) {
        Kv kv = clusters.open(topology, OPTIONS);
        String key = "key-" + UUID.randomUUID();
        OperationId set = fresh();
        as(set, () -> kv.set(key, "first"));
        await(kv.set(key, "later"));
        as(set, () -> kv.set(key, "first"));
        assertEquals("later", await(kv.get(key)));

        OperationId swap = fresh();
        assertEquals("later", as(swap, () -> kv.swap(key, "swapped")).previous());
        await(kv.set(key, "after swap"));
        SwapResult again = as(swap, () -> kv.swap(key, "swapped"));
        assertEquals("later", again.previous());
        assertTrue(again.loaded());
        assertEquals("after swap", await(kv.get(key)));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aRepeatedConditionalWrite_keepsItsFirstVerdict(Topology topology, SharedClusters clusters) {
        Kv kv = clusters.open(topology, OPTIONS);
        String key = "key-" + UUID.randomUUID();
        OperationId ifAbsent = fresh();
        assertTrue(as(ifAbsent, () -> kv.setIfAbsent(key, 1)));
        assertTrue(as(ifAbsent, () -> kv.setIfAbsent(key, 1)), "not false: the key exists because of this call");

        OperationId cas = fresh();
        assertTrue(as(cas, () -> kv.compareAndSwap(key, 1, 2)));
        assertTrue(as(cas, () -> kv.compareAndSwap(key, 1, 2)));
        assertEquals(2L, await(kv.get(key)));

        String other = "key-" + UUID.randomUUID();
        OperationId getOrSet = fresh();
        assertFalse(as(getOrSet, () -> kv.getOrSet(other, "mine")).loaded());
        GetOrSetResult again = as(getOrSet, () -> kv.getOrSet(other, "mine"));
        assertFalse(again.loaded(), "the retry reports the value as set by it, as the first attempt did");
        assertEquals("mine", again.value());
    }

    @Test
    void aLargeFirstResult_isNotKept_andItsRetrySaysSo(SharedClusters clusters) {
        Kv kv = clusters.open(Topology.CLIENT, OPTIONS);
        String key = "key-" + UUID.randomUUID();
        await(kv.set(key, "x".repeat(5_000)));
        OperationId swap = fresh();
        as(swap, () -> kv.swap(key, "small"));
        var error = failure(OperationIds.with(swap, false, () -> kv.swap(key, "small")));
        assertEquals("UnknownError", error.name());
        assertTrue(error.getMessage().contains("already been applied"), error.getMessage());
        assertEquals("small", await(kv.get(key)));
    }

    /**
     * A hot key's record keeps only its last 32 writers' ids; the member that applied a write still recognises it
     * after many more (the case of a backup that never acknowledged: the retry comes 5 s later).
     */
    @Test
    void anId_isRecognisedAfterManyLaterWritesOfItsKey_byTheMemberThatAppliedIt(SharedClusters clusters) {
        Kv kv = clusters.open(Topology.TWO_MEMBERS, OPTIONS);
        String key = "counter-" + UUID.randomUUID();
        OperationId id = fresh();
        as(id, () -> kv.incrementBy(key, 1));
        for (int i = 0; i < 100; i++) {
            await(kv.incrementBy(key, 1));
        }
        assertEquals(1L, as(id, () -> kv.incrementBy(key, 1)), "recognised: its first answer");
        assertEquals(101L, await(kv.get(key)));
    }

    /**
     * The memory of recent answers goes where a key's partition goes: to a member that joins and takes partitions
     * over (owner or backup), and to a backup promoted when its owner crashes — so a retry is recognised there too,
     * long after the record's own memory of 32 writers has moved on.
     */
    @Test
    void anId_isRecognisedAfterItsKeyMovedToAnotherMember_andManyLaterWrites() {
        List<ClusterSettings> settings = TestMembers.cluster(2);
        List<HazelcastInstance> started = new ArrayList<>(TestMembers.start(settings.subList(0, 1)));
        try {
            Kv first = Kv.using(started.get(0), OPTIONS);
            List<String> keys =
                    IntStream.range(0, 24).mapToObj(i -> "moved-" + i).toList();
            // Before the second member exists: its copies come by migration.
            List<OperationId> beforeJoin = applyOnce_thenOverwrite(first, keys, 0);
            started.add(Participants.startMember(settings.get(1)));
            TestMembers.awaitClusterSize(started, 2);
            Eventually.assertEventually(
                    Duration.ofSeconds(60),
                    () -> assertTrue(
                            started.get(0).getPartitionService().isClusterSafe(), "partitions still migrating"));
            Kv second = Kv.using(started.get(1), OPTIONS);
            Set<String> movedAway = keys.stream()
                    .filter(k -> !started.get(0)
                            .getPartitionService()
                            .getPartition(k)
                            .getOwner()
                            .localMember())
                    .collect(Collectors.toSet());
            assertFalse(movedAway.isEmpty(), "no key's partition moved to the joining member");
            assertRecognised(second, keys, beforeJoin, 1, 41);
            // With both members: the second gets its copies of the first's keys through backups.
            List<OperationId> afterJoin = applyOnce_thenOverwrite(first, keys, 41);
            started.remove(0).getLifecycleService().terminate();
            assertRecognised(second, keys, beforeJoin, 1, 82);
            assertRecognised(second, keys, afterJoin, 42, 82);
        } finally {
            TestMembers.shutdownAll(started);
        }
    }

    /** Increments each counter once under a fresh id (from {@code from}), then 40 times more; returns the ids. */
    private static List<OperationId> applyOnce_thenOverwrite(Kv kv, List<String> keys, long from) {
        List<OperationId> ids = new ArrayList<>();
        for (String key : keys) {
            OperationId id = fresh();
            assertEquals(from + 1, (long) as(id, () -> kv.incrementBy(key, 1)));
            ids.add(id);
            for (int i = 0; i < 40; i++) {
                await(kv.incrementBy(key, 1));
            }
        }
        return ids;
    }

    /** Retries each key's increment under its id: answered with the first sum, {@code firstSum}, and not applied. */
    private static void assertRecognised(
            Kv kv, List<String> keys, List<OperationId> ids, long firstSum, long counterStays) {
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            assertEquals(firstSum, (long) as(ids.get(i), () -> kv.incrementBy(key, 1)), key + ": the first answer");
            assertEquals(
                    counterStays,
                    ((Number) await(kv.get(key))).longValue(),
                    key + " changed by a retry of an applied increment");
        }
    }

    /** A removal leaves nothing to remember it by: a conditional one retried onto a missing key can't know its part. */
    @Test
    void aRetriedConditionalDelete_onAMissingKey_reportsAnUnknownOutcome(SharedClusters clusters) {
        HazelcastInstance member = clusters.instance(Topology.SINGLE_MEMBER);
        var map = member.<String, Record>getMap("gridkv.store.exactly-once");
        String key = "gone-" + UUID.randomUUID();

        ProcessorResult ifExists = map.executeOnKey(
                key, new DeleteProcessor(true).identified("exactly-once", Durability.MEMORY, fresh(), true));
        assertEquals(
                "UnknownError",
                assertInstanceOf(ProcessorFailure.class, ifExists.payload())
                        .toException()
                        .name());
        ProcessorResult compare = map.executeOnKey(
                key,
                new CompareAndDeleteProcessor(new byte[] {'1'})
                        .identified("exactly-once", Durability.MEMORY, fresh(), true));
        assertInstanceOf(ProcessorFailure.class, compare.payload());
        // delete answers true either way, so its retry just goes ahead
        assertEquals(
                Boolean.FALSE,
                map.executeOnKey(
                                key,
                                new DeleteProcessor(false).identified("exactly-once", Durability.MEMORY, fresh(), true))
                        .payload());
        // and a first attempt on a missing key is an ordinary "did not exist"
        assertEquals(
                Boolean.FALSE,
                map.executeOnKey(
                                key,
                                new DeleteProcessor(true).identified("exactly-once", Durability.MEMORY, fresh(), false))
                        .payload());
        assertNull(map.get(key));
    }

    /**
     * Eight writers (on a member and on a client) increment four counters while the third member crashes; every call
     * either answers or is retried until it does, and every counter ends equal to the increments acknowledged. On the
     * disk backend an answer also waits for its write to reach the owner's files — on another member for the client
     * and most of the member's calls — so a crash may also strike between the answer and that confirmation.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void counters_stayExact_whenAMemberCrashesUnderLoad(Backend backend, @TempDir Path dirs) {
        List<ClusterSettings> settings = TestMembers.withDataDirs(TestMembers.cluster(3), dirs);
        List<HazelcastInstance> started = new ArrayList<>(TestMembers.start(settings));
        try {
            HazelcastInstance client = TestMembers.client(settings);
            started.add(0, client);
            KvOptions options =
                    KvOptions.builder().store("crash").backend(backend).build();
            List<Kv> handles = List.of(Kv.using(started.get(1), options), Kv.using(client, options));
            int counters = 4;
            AtomicLongArray acknowledged = new AtomicLongArray(counters);
            var failures = new ConcurrentHashMap<String, Integer>();
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Kv kv = handles.get(w % 2);
                writers.add(CompletableFuture.runAsync(() -> {
                    while (!stop.get()) {
                        int c = ThreadLocalRandom.current().nextInt(counters);
                        try {
                            kv.incrementBy("counter:" + c, 1).join();
                            acknowledged.incrementAndGet(c);
                        } catch (RuntimeException e) {
                            failures.merge(String.valueOf(e.getCause()), 1, Integer::sum);
                        }
                    }
                }));
            }
            Eventually.assertEventually(Duration.ofSeconds(60), () -> assertTrue(sum(acknowledged) > 4_000));
            started.get(3).getLifecycleService().terminate(); // a crash: no graceful hand-over
            long before = sum(acknowledged);
            Eventually.assertEventually(Duration.ofSeconds(60), () -> assertTrue(sum(acknowledged) > before + 4_000));
            stop.set(true);
            writers.forEach(CompletableFuture::join);

            assertTrue(failures.isEmpty(), "calls failed although their outcome could be learnt: " + failures);
            for (int c = 0; c < counters; c++) {
                assertEquals(
                        acknowledged.get(c),
                        await(handles.get(0).get("counter:" + c)),
                        "counter:" + c + " against its acknowledged increments");
            }
        } finally {
            TestMembers.shutdownAll(started);
        }
    }

    private static long sum(AtomicLongArray values) {
        long total = 0;
        for (int i = 0; i < values.length(); i++) {
            total += values.get(i);
        }
        return total;
    }
}
