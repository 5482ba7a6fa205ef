package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.NodeEngine;
import io.gridkv.Backend;
import io.gridkv.BackupOptions;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.disk.DiskRecord;
import io.gridkv.internal.disk.DiskStores;
import io.gridkv.internal.engine.Participants;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.TestMembers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code disk} backend on real members with real data directories: what a whole cluster killed at once (no
 * graceful shutdown, nothing handed over) and restarted on its directories comes back with.
 */
@Timeout(300)
class DiskBackendTest {
    private static final KvOptions DISK = KvOptions.builder()
            .store("durable")
            .backend(Backend.DISK)
            .trackKeys(true)
            .build();

    /** A value as the store's JSON serialization writes it. */
    private static final byte[] STALE = "\"stale\"".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dirs;

    private List<ClusterSettings> settings;
    private final List<HazelcastInstance> running = new ArrayList<>();

    @AfterEach
    void stop() {
        TestMembers.shutdownAll(running);
    }

    /** Two members, each with its own data directory, that wait for each other before loading. */
    private List<HazelcastInstance> startCluster() {
        if (settings == null) {
            settings = TestMembers.withDataDirs(TestMembers.cluster(2), dirs);
        }
        List<HazelcastInstance> members = TestMembers.start(settings);
        running.addAll(members);
        return members;
    }

    /** Kills every member at once, as kill -9 would: no migration, no goodbye. */
    private void killCluster() {
        running.forEach(m -> m.getLifecycleService().terminate());
        running.clear();
    }

    @Test
    void aClusterKilledAtOnceComesBackWithEveryAcknowledgedWrite() {
        Map<String, Object> expected = writeAMix(open(startCluster().get(0)));
        killCluster();
        assertStoreHolds(expected, open(startCluster().get(1)));
    }

    @Test
    void aMemberWhoseDataDirectoryIsLostLosesNothing() throws Exception {
        Map<String, Object> expected = writeAMix(open(startCluster().get(0)));
        killCluster();
        FileTrees.deleteTree(dirs.resolve("member-1"));
        assertStoreHolds(expected, open(startCluster().get(0)));
    }

    @Test
    void restartsTwiceInARowStayExact() {
        Kv kv = open(startCluster().get(0));
        Map<String, Object> expected = writeAMix(kv);
        killCluster();
        kv = open(startCluster().get(1));
        await(kv.set("after-first-restart", "yes"));
        await(kv.delete("counter:1"));
        expected.put("after-first-restart", "yes");
        expected.remove("counter:1");
        killCluster();
        assertStoreHolds(expected, open(startCluster().get(0)));
    }

    @Test
    void clearAndRestoreAreDurableToo() {
        Kv kv = open(startCluster().get(0));
        Map<String, Object> expected = writeAMix(kv);
        await(kv.backup(BackupOptions.to(dirs.resolve("snapshot"))));
        await(kv.clear());
        await(kv.set("after-clear", 1L));
        killCluster();
        kv = open(startCluster().get(1));
        assertStoreHolds(Map.of("after-clear", 1L), kv);
        await(kv.restore(RestoreOptions.from(dirs.resolve("snapshot"))));
        killCluster();
        assertStoreHolds(expected, open(startCluster().get(0)));
    }

    @Test
    void aMemberThatTakesOverPartitionsWritesThemToItsFiles() throws Exception {
        List<ClusterSettings> three = withDataDirs(TestMembers.cluster(3), "three-", 3);
        List<HazelcastInstance> members = TestMembers.start(three);
        running.addAll(members);
        Map<String, Object> expected = writeAMix(open(members.get(0)));
        // Partitions may have moved while the writes ran (the members start together, but not at the same instant):
        // a member that gave one up must not keep its copies, old values of keys deleted after it gave it up among
        // them (seen in CI before stale copies were pruned: deleted keys came back from member 0's files).
        awaitFilesHoldOnlyTheirPartitions(members);
        // Member 2 dies with its files: the partitions it owned or backed up get new copies on 0 and 1, in memory at
        // first; the oldest member then has them written to the new holders' files.
        List<HazelcastInstance> survivors = members.subList(0, 2);
        long passes = settlePasses(survivors);
        members.get(2).getLifecycleService().terminate();
        FileTrees.deleteTree(dirs.resolve("three-2"));
        // A pass under way when the member died waits for its calls to that member to fail first.
        Eventually.assertEventually(
                Duration.ofSeconds(150),
                () -> assertTrue(settlePasses(survivors) > passes, "the oldest member rewrote the disk stores"));
        awaitFilesHoldValuesOf(members.get(0), expected.keySet());
        // Member 1 dies with its files too: only member 0's files are left, and they must hold everything — every
        // live key with its value, no deleted key.
        members.get(1).getLifecycleService().terminate();
        FileTrees.deleteTree(dirs.resolve("three-1"));
        members.get(0).getLifecycleService().terminate();
        running.clear();
        List<HazelcastInstance> again = TestMembers.start(three);
        running.addAll(again);
        assertStoreHolds(expected, open(again.get(2)));
    }

    /**
     * Regression: a member keeps no copy of the partitions it gives up. Before they were pruned, the old values of
     * keys deleted after member 0 gave their partitions up stayed in its files, and came back at a restart once the
     * two members that held the tombstones had lost their directories.
     */
    @Test
    void aMemberThatGivesUpPartitionsKeepsNoCopyOfThem() throws Exception {
        List<ClusterSettings> settings = TestMembers.cluster(3);
        List<ClusterSettings> first = withDataDirs(settings, "gives-up-", 2);
        List<HazelcastInstance> members = new ArrayList<>(TestMembers.start(first.subList(0, 2)));
        running.addAll(members);
        Kv kv = open(members.get(0));
        Map<String, Object> expected = writeAMix(kv);
        // With two members, each holds every partition. A third takes over a share, some of it from member 0.
        HazelcastInstance third = Participants.startMember(first.get(2));
        running.add(third);
        members.add(third);
        TestMembers.awaitClusterSize(members, 3);
        awaitFilesHoldOnlyTheirPartitions(members);
        List<String> givenUp = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!holdsReplica(members.get(0), partitionOf(members.get(0), key))) {
                givenUp.add(key);
            }
        }
        assertFalse(givenUp.isEmpty(), "member 0 gave partitions up");
        // Deleted now, these keys have tombstones on members 1 and 2 only; member 0's old values of them are gone.
        for (String key : givenUp) {
            await(kv.delete(key));
            expected.remove(key);
        }
        List<HazelcastInstance> survivors = members.subList(0, 2);
        long passes = settlePasses(survivors);
        third.getLifecycleService().terminate();
        FileTrees.deleteTree(dirs.resolve("gives-up-2"));
        Eventually.assertEventually(
                Duration.ofSeconds(150),
                () -> assertTrue(settlePasses(survivors) > passes, "the oldest member rewrote the disk stores"));
        awaitFilesHoldValuesOf(members.get(0), expected.keySet());
        members.get(1).getLifecycleService().terminate();
        FileTrees.deleteTree(dirs.resolve("gives-up-1"));
        members.get(0).getLifecycleService().terminate();
        running.clear();
        List<HazelcastInstance> again = TestMembers.start(withDataDirs(settings, "gives-up-", 3));
        running.addAll(again);
        assertStoreHolds(expected, open(again.get(1)));
    }

    /**
     * A member that prunes a tombstone hands it to the key's holders first: a holder may have missed the deletion
     * (it gave the partition up and took it back between two passes), and then that tombstone is all that outranks
     * the holder's stale value at a restart.
     */
    @Test
    void aPrunedTombstoneGoesToTheKeysHoldersFirst() throws Exception {
        List<ClusterSettings> settings = withDataDirs(TestMembers.cluster(4), "handoff-", 3);
        List<HazelcastInstance> members = TestMembers.start(settings.subList(0, 3));
        running.addAll(members);
        Kv kv = open(members.get(0));
        // Partitions in place first, so that each deletion lands on the holders the checks below ask.
        awaitFilesHoldOnlyTheirPartitions(members);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            await(kv.set("gone:" + i, i));
            await(kv.delete("gone:" + i));
            deleted.add("gone:" + i);
        }
        awaitFilesHoldOnlyTheirPartitions(members);
        // Both holders of each key have its tombstone. Now they get an older value in its place, as if they had missed
        // the deletion, and the third member gets the tombstone, as if it had held the partition then.
        List<Map<String, DiskRecord>> before =
                members.stream().map(DiskBackendTest::files).toList();
        Map<String, DiskRecord> tombstones = new HashMap<>();
        for (String key : deleted) {
            int partition = partitionOf(members.get(0), key);
            for (int i = 0; i < members.size(); i++) {
                if (holdsReplica(members.get(i), partition)) {
                    DiskRecord held = before.get(i).get(key);
                    assertTrue(
                            held != null && held.value() == null,
                            key + ": holder " + i + "'s files have its tombstone, not " + held);
                    tombstones.putIfAbsent(key, held);
                    assertEquals(tombstones.get(key).version(), held.version(), key + ": one tombstone");
                }
            }
            DiskRecord tombstone = tombstones.get(key);
            for (HazelcastInstance m : members) {
                DiskStores.of(m)
                        .store(DISK.store())
                        .write(
                                key,
                                holdsReplica(m, partition)
                                        ? new DiskRecord(tombstone.version() - 1, STALE)
                                        : tombstone);
            }
        }
        // A lite member joining: a membership change that moves no partition, so a pass runs on the same holders.
        Config lite = HazelcastConfigs.member(settings.get(3)).setLiteMember(true);
        HazelcastInstance liteMember = Hazelcast.newHazelcastInstance(lite);
        running.add(liteMember);
        DiskStores.of(liteMember);
        Eventually.assertEventually(Duration.ofSeconds(120), () -> {
            for (HazelcastInstance m : members) {
                Map<String, DiskRecord> files = files(m);
                for (String key : deleted) {
                    DiskRecord held = files.get(key);
                    if (holdsReplica(m, partitionOf(m, key))) {
                        assertTrue(
                                held != null
                                        && held.value() == null
                                        && held.version() == tombstones.get(key).version(),
                                key + ": a holder's files have its tombstone back, not " + held);
                    } else {
                        assertTrue(held == null, key + ": pruned from a member that does not hold it, found " + held);
                    }
                }
            }
        });
        // And so nothing deleted comes back when the whole cluster restarts.
        killCluster();
        assertStoreHolds(Map.of(), open(startAll(settings.subList(0, 3)).get(0)));
    }

    /**
     * Waits (bounded) until the partitions are safe and every member's files hold no entry, value or tombstone, of
     * a partition the member neither owns nor backs up: what a settle pass leaves.
     */
    private static void awaitFilesHoldOnlyTheirPartitions(List<HazelcastInstance> members) {
        Eventually.assertEventually(Duration.ofSeconds(120), () -> {
            assertTrue(members.get(0).getPartitionService().isClusterSafe(), "partitions safe");
            for (HazelcastInstance m : members) {
                List<String> strays = new ArrayList<>();
                files(m).keySet().forEach(key -> {
                    if (!holdsReplica(m, partitionOf(m, key))) {
                        strays.add(key);
                    }
                });
                assertTrue(
                        strays.isEmpty(),
                        "member " + m.getCluster().getLocalMember().getAddress() + "'s files hold " + strays.size()
                                + " entries of partitions it holds no replica of, e.g. "
                                + strays.subList(0, Math.min(5, strays.size())));
            }
        });
    }

    /** Waits (bounded) until {@code member}'s files hold a value, not a tombstone, of every key of {@code live}. */
    private static void awaitFilesHoldValuesOf(HazelcastInstance member, Set<String> live) {
        Eventually.assertEventually(Duration.ofSeconds(120), () -> {
            Map<String, DiskRecord> files = files(member);
            List<String> missing = live.stream()
                    .filter(k -> files.get(k) == null || files.get(k).value() == null)
                    .sorted()
                    .toList();
            assertTrue(
                    missing.isEmpty(),
                    "the files lack " + missing.size() + " live keys, e.g. "
                            + missing.subList(0, Math.min(5, missing.size())));
        });
    }

    /** Everything {@code member}'s files of the store hold, tombstones included. */
    private static Map<String, DiskRecord> files(HazelcastInstance member) {
        Map<String, DiskRecord> out = new TreeMap<>();
        DiskStores.of(member).store(DISK.store()).forEach(out::put);
        return out;
    }

    private static int partitionOf(HazelcastInstance member, String key) {
        return member.getPartitionService().getPartition(key).getPartitionId();
    }

    /** Whether {@code member} owns or backs up {@code partition} of the store's map, by its partition table. */
    private static boolean holdsReplica(HazelcastInstance member, int partition) {
        MapProxyImpl<?, ?> map = (MapProxyImpl<?, ?>) member.getMap(HazelcastConfigs.STORE_MAP_PREFIX + DISK.store());
        NodeEngine engine = map.getNodeEngine();
        InternalPartition p = ((InternalPartitionService) engine.getPartitionService()).getPartition(partition);
        int backups = engine.getConfig().findMapConfig(map.getName()).getTotalBackupCount();
        for (int i = 0; i <= backups; i++) {
            PartitionReplica replica = p.getReplica(i);
            if (replica != null && replica.isIdentical(member.getCluster().getLocalMember())) {
                return true;
            }
        }
        return false;
    }

    /** The settings with a data directory each ({@code prefix} and the index) and the members the load waits for. */
    private List<ClusterSettings> withDataDirs(List<ClusterSettings> plain, String prefix, int expectedMembers) {
        List<ClusterSettings> out = new ArrayList<>();
        for (ClusterSettings s : plain) {
            out.add(s.toBuilder()
                    .dataDir(dirs.resolve(prefix + out.size()))
                    .expectedMembers(expectedMembers)
                    .build());
        }
        return out;
    }

    private List<HazelcastInstance> startAll(List<ClusterSettings> settings) {
        List<HazelcastInstance> members = TestMembers.start(settings);
        running.addAll(members);
        return members;
    }

    private static long settlePasses(List<HazelcastInstance> members) {
        return members.stream().mapToLong(m -> DiskStores.of(m).settlePasses()).sum();
    }

    @Test
    void aReadOnlyStoreRefusesEveryMutation() {
        HazelcastInstance member = startCluster().get(0);
        Kv kv = Kv.using(
                member,
                KvOptions.builder()
                        .store("read-only")
                        .backend(Backend.DISK)
                        .diskReadOnly(true)
                        .build());
        for (CompletableFuture<?> call :
                List.of(kv.set("a", 1), kv.incrementBy("n", 1), kv.delete("a"), kv.setIfAbsent("b", 1), kv.clear())) {
            assertEquals(KvError.StoreReadOnlyError.name(), failure(call).name());
        }
        assertEquals(
                KvError.StoreReadOnlyError.name(),
                failure(kv.restore(RestoreOptions.from(dirs.resolve("none")))).name());
        assertFalse(await(kv.exists("a")));
    }

    private static Kv open(HazelcastInstance member) {
        return Kv.using(member, DISK);
    }

    /**
     * Counters, overwritten values, deleted keys and a key deleted then written again — the cases where the newest
     * version must win. Returns what the store must hold.
     */
    private static Map<String, Object> writeAMix(Kv kv) {
        Map<String, Object> expected = new HashMap<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            calls.add(kv.set("user:" + i, Map.of("id", (long) i, "name", "user " + i)));
            expected.put("user:" + i, Map.of("id", (long) i, "name", "user " + i));
        }
        calls.forEach(c -> await(c));
        for (int round = 0; round < 5; round++) {
            calls.clear();
            for (int c = 0; c < 20; c++) {
                calls.add(kv.incrementBy("counter:" + c, c));
            }
            calls.forEach(c -> await(c));
        }
        for (int c = 0; c < 20; c++) {
            expected.put("counter:" + c, 5L * c);
        }
        for (int i = 0; i < 500; i += 3) {
            await(kv.delete("user:" + i));
            expected.remove("user:" + i);
        }
        for (int i = 0; i < 500; i += 9) {
            await(kv.set("user:" + i, "again " + i));
            expected.put("user:" + i, "again " + i);
        }
        await(kv.set("user:1", "overwritten"));
        expected.put("user:1", "overwritten");
        return expected;
    }

    private static void assertStoreHolds(Map<String, Object> expected, Kv kv) {
        Map<String, Object> actual = new TreeMap<>();
        await(kv.list()).forEach(e -> actual.put(e.key(), e.value()));
        assertEquals(new TreeMap<>(expected), actual);
        assertTrue(await(kv.size()) == expected.size());
    }
}
