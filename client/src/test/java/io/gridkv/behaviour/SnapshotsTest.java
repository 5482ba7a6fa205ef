package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.BackupOptions;
import io.gridkv.BackupResult;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.Serialization;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.processor.BlockTask;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.StoreBlocks;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} (SPEC a.6) on a two-member cluster, through a member and through a client: real
 * LevelDB snapshots in a temporary directory, real member-side blocks.
 */
@ExtendWith(SharedClusters.Resolver.class)
@Timeout(180)
class SnapshotsTest {
    private static final String STORE = "snapshots";
    private static final KvOptions OPTIONS =
            KvOptions.builder().store(STORE).trackKeys(true).build();

    @TempDir
    Path dir;

    private SharedClusters clusters;
    private Kv member;
    private Kv client;

    @BeforeEach
    void open(SharedClusters clusters) {
        this.clusters = clusters;
        member = clusters.open(Topology.TWO_MEMBERS, OPTIONS);
        client = clusters.open(Topology.CLIENT, OPTIONS);
        await(member.clear());
    }

    private IMap<String, Record> map() {
        return clusters.pair().get(0).getMap(HazelcastConfigs.STORE_MAP_PREFIX + STORE);
    }

    /** Every key's stored bytes, in key order. */
    private Map<String, byte[]> storedBytes() {
        Map<String, byte[]> out = new TreeMap<>();
        map().forEach((k, r) -> out.put(k, r.value()));
        return out;
    }

    private static void assertSameBytes(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    private static Object mixedValue(int i) {
        return switch (i % 7) {
            case 0 -> i;
            case 1 -> "text " + i + " é€😀";
            case 2 -> i % 2 == 0;
            case 3 -> null;
            case 4 -> List.of(i, "x", Map.of("n", i));
            case 5 -> Map.of("id", i, "tags", List.of("a", "b"), "score", i / 3.0);
            default -> Long.MAX_VALUE - i;
        };
    }

    /** Writes {@code n} keys {@code <prefix><i>} with {@link #mixedValue}s. */
    private void fill(String prefix, int n) {
        fill(i -> prefix + i, SnapshotsTest::mixedValue, n);
    }

    /** Writes keys {@code 0..n-1}, 2,000 calls in flight at a time. */
    private void fill(IntFunction<String> key, IntFunction<Object> value, int n) {
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(client.set(key.apply(i), value.apply(i)));
            if (writes.size() == 2_000 || i == n - 1) {
                writes.forEach(f -> await(f));
                writes.clear();
            }
        }
    }

    @Test
    void aRoundTripOfMixedJsonGivesByteIdenticalValues() {
        int n = 100_000;
        fill("user:", n);
        Map<String, byte[]> before = storedBytes();

        BackupResult backup = await(client.backup(BackupOptions.to(dir.resolve("full"))));
        assertEquals(n, backup.totalEntries());
        assertTrue(backup.bytesWritten() > 0);
        assertFalse(backup.bestEffort());
        assertEquals("", backup.warning());

        await(member.clear());
        await(member.set("stranger", "not in the snapshot"));
        await(member.set("user:1", "changed"));

        assertEquals(
                n,
                await(member.restore(RestoreOptions.from(dir.resolve("full")))).totalEntries());
        assertSameBytes(before, storedBytes());
        assertEquals((long) n, await(client.size()));
        assertEquals(n, await(client.listKeys()).size(), "the key index follows the restore");
    }

    @Test
    void anEmptyStoresBackupRestoresToAnEmptyStore() {
        assertEquals(
                0, await(member.backup(BackupOptions.to(dir.resolve("empty")))).totalEntries());
        await(member.set("a", 1));
        assertEquals(
                0,
                await(client.restore(RestoreOptions.from(dir.resolve("empty")))).totalEntries());
        assertEquals(0L, await(member.size()));
        assertEquals(List.of(), await(member.listKeys()));
    }

    @Test
    void overBudgetMissingForeignAndMismatchedSnapshotsChangeNothing() throws Exception {
        for (int i = 0; i < 10; i++) {
            await(member.set("k" + i, i));
        }
        await(member.backup(BackupOptions.to(dir.resolve("ten"))));
        await(member.set("k0", "after"));
        Map<String, byte[]> before = storedBytes();

        assertError(
                KvError.SnapshotBudgetExceededError,
                client.restore(RestoreOptions.from(dir.resolve("ten")).withBudget(9, 0)));
        assertError(
                KvError.SnapshotBudgetExceededError,
                client.restore(RestoreOptions.from(dir.resolve("ten")).withBudget(0, 20)));
        assertError(KvError.SnapshotNotFoundError, client.restore(RestoreOptions.from(dir.resolve("missing"))));
        Files.writeString(dir.resolve("plain-file"), "not a snapshot");
        assertError(KvError.SnapshotIOError, client.restore(RestoreOptions.from(dir.resolve("plain-file"))));
        Files.createDirectory(dir.resolve("no-manifest"));
        Files.writeString(dir.resolve("no-manifest").resolve("x"), "y");
        assertError(KvError.SnapshotIOError, client.restore(RestoreOptions.from(dir.resolve("no-manifest"))));

        Kv strings = clusters.open(
                Topology.TWO_MEMBERS,
                KvOptions.builder()
                        .store("snapshots-strings")
                        .serialization(Serialization.STRING)
                        .build());
        await(strings.set("s", "raw"));
        await(strings.backup(BackupOptions.to(dir.resolve("strings"))));
        assertError(KvError.SnapshotReadError, member.restore(RestoreOptions.from(dir.resolve("strings"))));

        assertSameBytes(before, storedBytes());
        assertEquals(
                10,
                await(member.restore(RestoreOptions.from(dir.resolve("ten")).withBudget(10, 0)))
                        .totalEntries(),
                "an exact budget is enough");
    }

    @Test
    void aBackupOrRestoreRunningRefusesTheOtherAndItself() {
        IMap<String, String> leases = clusters.pair().get(1).getMap("gridkv.store-leases");
        leases.put(STORE, "BACKUP:feed");
        try {
            assertError(KvError.BackupInProgressError, client.backup(BackupOptions.to(dir.resolve("b"))));
            assertError(KvError.BackupInProgressError, member.restore(RestoreOptions.from(dir.resolve("b"))));
            assertError(KvError.BackupInProgressError, member.clear());
        } finally {
            leases.remove(STORE);
        }
        leases.put(STORE, "RESTORE:feed");
        try {
            assertError(KvError.RestoreInProgressError, member.backup(BackupOptions.to(dir.resolve("b"))));
            assertError(KvError.RestoreInProgressError, client.restore(RestoreOptions.from(dir.resolve("b"))));
            assertError(KvError.RestoreInProgressError, client.clear());
        } finally {
            leases.remove(STORE);
        }
        leases.put(STORE, "BACKUP_WITH_WRITES:feed");
        try {
            assertTrue(await(client.clear()), "a clear goes ahead beside a backup that lets writers run");
        } finally {
            leases.remove(STORE);
        }
        assertFalse(await(member.backup(BackupOptions.to(dir.resolve("b")))).bestEffort());
    }

    @Test
    void aBlockedStoreRefusesEveryMutationFromEveryParticipantAndLiftsCleanly() {
        await(member.set("n", 1));
        long token = 42;
        broadcast(BlockTask.set(STORE, StoreBlocks.Kind.BACKUP, token, false, 60_000));
        try {
            for (Kv kv : List.of(member, client)) {
                assertError(KvError.BackupInProgressError, kv.set("n", 2));
                assertError(KvError.BackupInProgressError, kv.incrementBy("n", 1));
                assertError(KvError.BackupInProgressError, kv.delete("n"));
                assertError(KvError.BackupInProgressError, kv.setIfAbsent("fresh", 1));
                assertEquals(1L, ((Number) await(kv.get("n"))).longValue(), "reads go on");
            }
            await(clusters.open(
                            Topology.TWO_MEMBERS,
                            KvOptions.builder().store("snapshots-other").build())
                    .set("other", 1)); // other stores are not blocked
        } finally {
            broadcast(BlockTask.lift(STORE, token));
        }
        assertEquals(2L, await(client.incrementBy("n", 1)));
    }

    @Test
    void aStrictBackupUnderSixteenWritersIsOneInstant() throws Exception {
        Map<String, Long> written = backupUnderLoad(false);
        assertOneInstant(written);
    }

    @Test
    void aBackupAllowingWritesNeverRefusesAWriter() throws Exception {
        backupUnderLoad(true);
    }

    /**
     * 16 writers, each appending keys {@code w<t>:<i>} one after the other (each after the last was acknowledged, a
     * refused write retried) while a backup runs. Returns the snapshot's entries after restoring it into the store.
     */
    private Map<String, Long> backupUnderLoad(boolean allowConcurrentWrites) throws Exception {
        fill("filler:", 20_000); // enough entries that reading them takes a while
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Long> refusals = new ConcurrentHashMap<>();
        CountDownLatch running = new CountDownLatch(16);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int writer = t;
            Kv kv = t % 2 == 0 ? member : client;
            writers.add(CompletableFuture.runAsync(() -> {
                long i = 0;
                while (!stop.get()) {
                    try {
                        kv.set("w" + writer + ":" + String.format("%08d", i), i).join();
                        i++;
                    } catch (RuntimeException e) {
                        KvException k = (KvException) e.getCause();
                        refusals.merge(k.name(), 1L, Long::sum);
                        if (k.error() != KvError.BackupInProgressError) {
                            throw k;
                        }
                    }
                    if (i == 50) {
                        running.countDown();
                    }
                }
            }));
        }
        assertTrue(running.await(60, TimeUnit.SECONDS), "writers started");
        BackupResult result = await(
                client.backup(BackupOptions.to(dir.resolve("under-load")).withConcurrentWrites(allowConcurrentWrites)));
        stop.set(true);
        for (CompletableFuture<Void> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        assertEquals(allowConcurrentWrites, result.bestEffort());
        assertEquals(allowConcurrentWrites, !result.warning().isEmpty());
        if (allowConcurrentWrites) {
            assertEquals(Map.of(), refusals, "writers are never refused");
        } else {
            refusals.remove(KvError.BackupInProgressError.name()); // the writers threw on any other
            assertEquals(Map.of(), refusals);
        }
        await(member.restore(RestoreOptions.from(dir.resolve("under-load"))));
        Map<String, Long> entries = new HashMap<>();
        for (var e :
                await(member.list(io.gridkv.ListOptions.builder().prefix("w").build()))) {
            entries.put(e.key(), ((Number) e.value()).longValue());
        }
        return entries;
    }

    /** Each writer's keys in the snapshot are exactly its first m ones: no later key without every earlier one. */
    private static void assertOneInstant(Map<String, Long> entries) {
        Map<String, List<Long>> byWriter = new TreeMap<>();
        entries.forEach((k, v) -> byWriter.computeIfAbsent(k.substring(0, k.indexOf(':')), w -> new ArrayList<>())
                .add(v));
        assertEquals(16, byWriter.size(), "every writer wrote before the backup");
        byWriter.forEach((w, values) -> {
            values.sort(null);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != i) {
                    fail("writer " + w + ": the snapshot has its write " + values.get(i) + " but not its write " + i
                            + ", which was acknowledged before it");
                }
            }
        });
    }

    @Test
    void readersSeeTheOldContentsOrTheNewNeverAMix() throws Exception {
        int n = 20_000; // enough that the swap takes a while
        fill(i -> String.format("new:%05d", i), i -> i, n);
        await(member.backup(BackupOptions.to(dir.resolve("new"))));
        await(member.clear());
        fill(i -> String.format("old:%05d", i), i -> i, n);
        // Each reader asks, one call at a time, whether a key of the snapshot exists and then whether a key it lacks
        // does: once it has seen the new contents, it must never see the old again. Half of them ask with exists (an
        // entry processor), half with get (a plain read, which a member owning the key makes on the caller's thread).
        AtomicBoolean restored = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch reading = new CountDownLatch(4);
        List<CompletableFuture<String>> readers = new ArrayList<>();
        for (Kv kv : List.of(member, client, member, client)) {
            boolean byGet = readers.size() >= 2;
            Predicate<String> present =
                    key -> byGet ? foundByGet(kv, key) : kv.exists(key).join();
            readers.add(CompletableFuture.supplyAsync(
                    () -> {
                        reading.countDown();
                        boolean seenNew = false;
                        for (int i = 0; !restored.get() || !seenNew; i++) {
                            seenNew |= present.test(String.format("new:%05d", i % n));
                            String old = String.format("old:%05d", i % n);
                            if (seenNew && present.test(old)) {
                                return old + " still exists after a restored key was seen";
                            }
                        }
                        return "";
                    },
                    threads));
        }
        try {
            assertTrue(reading.await(30, TimeUnit.SECONDS));
            await(client.restore(RestoreOptions.from(dir.resolve("new"))));
            restored.set(true);
            for (CompletableFuture<String> reader : readers) {
                assertEquals("", reader.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals((long) n, await(member.count("new:")));
        assertEquals(0L, await(member.count("old:")));
    }

    private static boolean foundByGet(Kv kv, String key) {
        try {
            kv.get(key).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof KvException k && k.error() == KvError.KeyNotFoundError) {
                return false;
            }
            throw e;
        }
    }

    private void broadcast(BlockTask task) {
        HazelcastInstance anyMember = clusters.pair().get(0);
        anyMember
                .getExecutorService("gridkv.store-blocks")
                .submitToAllMembers(task)
                .values()
                .forEach(f -> {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static void assertError(KvError expected, CompletableFuture<?> call) {
        assertEquals(expected.name(), failure(call).name());
    }
}
