package io.gridkv.internal.disk;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.internal.partition.impl.PartitionServiceState;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.partition.PartitioningStrategy;
import com.hazelcast.spi.impl.NodeEngine;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.processor.SettleProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last step of a settle pass ({@link DiskSettler}) on each member: deletes from the member's files of a disk store
 * the entries — values and tombstones — of the partitions it holds no replica of, neither as owner nor as backup.
 *
 * <p>Why: a member writes the keys of the partitions it owns or backs up at the time. When a partition moves, the
 * settle pass writes its live entries to the new holders, but the member that gave it up keeps its copies, among them
 * old values of keys deleted later, whose tombstones only the later holders have. Should those holders' directories be
 * lost, a whole-cluster restart would bring the deleted keys back from the stale copies (the highest version in any
 * member's files wins). After a prune a member's files hold the partitions its memory holds, no others.
 *
 * <p>When: only at the end of a pass that settled a store on a settled cluster — partitions safe (no migration,
 * backups in step) and every member's partition table the oldest member's, the same partition-state {@link #stamp},
 * from before the settle until this prune. The settle then wrote every live entry to the holders this table names,
 * and synced them, so an entry deleted here is a copy its holders have at the same version or newer, or a stale one.
 * This member decides which partitions it holds from its own table, and only while that table still has the pass's
 * stamp. A pass whose settle failed, ran on unsafe partitions or saw a table move prunes nothing.
 *
 * <p>Tombstones are handed on before they are deleted: each goes to its key's owner ({@link SettleProcessor}), which
 * writes it — if the key is still absent — to its own and its backups' files, and every member syncs; only then is
 * it deleted here. A holder may hold a stale value of a key deleted while it was not a holder (it gave the partition up
 * and took it back between two passes, or Hazelcast re-synced its backup copy in memory only), and this member's
 * tombstone may be all that outranks that value at a restart. Values are not handed on: the settle has written every
 * live one.
 *
 * <p>Concurrency: the scan reads a snapshot of the files and notes each candidate's version; the delete happens under
 * the store writer's lock, only where the files still hold that version ({@link GroupCommit#deleteIfUnchanged}). So a
 * write that landed meanwhile — this member became a holder again and a mutation, a backup or a settle wrote to it —
 * is never deleted. A copy deleted just as its partition migrated back here (same version: nothing was written to it
 * yet) is written again by the next pass's settle, which writes whatever the files lack: every round of migrations
 * ends with a {@code migrationFinished} event on the oldest member (the master publishes it after the round's last
 * migration; a promotion after a member's death publishes its own), and that event queues a pass after the running
 * one. Until then the partition's previous holders still have the copy: they are pruned of it only by a pass that has
 * settled it to its new holders. The scan stops when this member's table changes meanwhile; that saves work the next
 * pass redoes, it is not what makes the prune safe.
 *
 * <p>Failure: deletes are not synced — one lost with the machine leaves a stale copy that a later prune removes. When
 * handing tombstones on fails, that chunk is not deleted and the prune stops with the error; the pass logs it.
 */
final class DiskPrune {
    private static final Logger LOG = Logger.getLogger(DiskPrune.class.getName());
    /** Candidates handled together: tombstones handed on (one sync of every member), then deleted. */
    private static final int CHUNK = 8192;
    /**
     * Keys checked and deleted per hold of the writer's lock, which mutations on this member wait for: measured here
     * about 0.75 ms a hold (64 gets, one unsynced batch), against about 5 ms for one group-commit batch with its fsync.
     */
    private static final int DELETES_PER_LOCK = 64;

    private static final int HANDOFFS_IN_FLIGHT = 256;

    private DiskPrune() {}

    /**
     * This member's partition-state stamp: equal on two members when their partition tables are the same. Hazelcast
     * hashes the partitions' versions into it (MurmurHash3, 64 bits), and versions only grow, so a table that moved
     * does not come back to an earlier stamp (short of a hash collision).
     */
    static long stamp(HazelcastInstance member) {
        return partitions(engine(member.getMap(DiskLoad.STATE_MAP))).getPartitionStateStamp();
    }

    /**
     * Whether this member's own partition table says settled: every replica owned, no migration under way or queued
     * here. Asked of nobody else (Hazelcast's {@code getPartitionTableState}, which on the master also knows the
     * migrations it runs), unlike {@code isClusterSafe}, which asks every member.
     */
    static boolean tableSettledHere(HazelcastInstance member) {
        return partitions(engine(member.getMap(DiskLoad.STATE_MAP)))
                        .getPartitionReplicaStateChecker()
                        .getPartitionTableState()
                == PartitionServiceState.SAFE;
    }

    /**
     * The {@link DiskTask.Step#PRUNE} step: prunes {@code store}'s files on this member as the partition table with
     * {@code stamp} has it. Returns false, having pruned nothing or only part, when this member's table is not (or no
     * longer) that one.
     *
     * @throws KvException {@code DiskStoreWriteError} when handing tombstones on fails
     */
    static boolean runOn(HazelcastInstance member, String store, long stamp) {
        long started = System.nanoTime();
        Holdings holdings = Holdings.of(member, store, stamp);
        if (holdings == null) {
            LOG.fine(() -> "disk store \"" + store + "\": not pruned, this member's partition table is not the pass's");
            return false;
        }
        DiskStore files = DiskStores.of(member).store(store);
        Chunk chunk = new Chunk(member, store, files, holdings);
        long[] scanned = {0};
        files.forEachWhile((key, record) -> {
            scanned[0]++;
            if (holdings.holds(key)) {
                return true;
            }
            chunk.add(key, record);
            return chunk.size() < CHUNK || chunk.prune();
        });
        boolean complete = chunk.prune();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Level level = chunk.values + chunk.tombstones > 0 || !complete ? Level.INFO : Level.FINE;
        LOG.log(
                level,
                () -> "disk store \"" + store + "\": " + (complete ? "pruned " : "partly pruned (partitions moved) ")
                        + chunk.values + " values and " + chunk.tombstones + " tombstones (handed to their keys'"
                        + " holders first) of partitions this member holds no replica of; " + chunk.kept
                        + " kept (written meanwhile); " + scanned[0] + " entries scanned in " + millis + " ms");
        return complete;
    }

    /** Which partitions this member holds a replica of, by its partition table with the pass's stamp. */
    private static final class Holdings {
        private final boolean[] held;
        private final InternalPartitionService partitions;
        private final SerializationService serialization;
        private final PartitioningStrategy<?> strategy;
        private final long stamp;

        private Holdings(MapProxyImpl<?, ?> map, boolean[] held, long stamp) {
            this.held = held;
            this.partitions = partitions(map.getNodeEngine());
            this.serialization = map.getNodeEngine().getSerializationService();
            this.strategy = map.getPartitionStrategy();
            this.stamp = stamp;
        }

        /** This member's holdings, or null when its table is not the one with {@code stamp}. */
        static Holdings of(HazelcastInstance member, String store, long stamp) {
            MapProxyImpl<?, ?> map = proxy(DiskLoad.map(member, store));
            NodeEngine engine = map.getNodeEngine();
            InternalPartitionService partitions = partitions(engine);
            if (partitions.getPartitionStateStamp() != stamp) {
                return null;
            }
            // Replicas past the map's backup count are in the table (up to 7) but hold none of its data.
            int lastReplica = Math.min(
                    engine.getConfig().findMapConfig(map.getName()).getTotalBackupCount(),
                    InternalPartition.MAX_REPLICA_COUNT - 1);
            Member local = engine.getLocalMember();
            boolean[] held = new boolean[partitions.getPartitionCount()];
            for (int p = 0; p < held.length; p++) {
                InternalPartition partition = partitions.getPartition(p);
                for (int i = 0; i <= lastReplica && !held[p]; i++) {
                    PartitionReplica replica = partition.getReplica(i);
                    held[p] = replica != null && replica.isIdentical(local);
                }
            }
            // The table read above is the one with the stamp only if the stamp did not move while it was read.
            return partitions.getPartitionStateStamp() == stamp ? new Holdings(map, held, stamp) : null;
        }

        /** Whether this member holds the partition of {@code key}, found as the store map finds it. */
        boolean holds(String key) {
            return held[partitions.getPartitionId(serialization.toData(key, strategy))];
        }

        boolean current() {
            return partitions.getPartitionStateStamp() == stamp;
        }
    }

    /** Entries of partitions this member does not hold, as the scan saw them, and what became of them. */
    private static final class Chunk {
        private final HazelcastInstance member;
        private final String store;
        private final DiskStore files;
        private final Holdings holdings;
        private final List<String> keys = new ArrayList<>();
        private final List<DiskRecord> records = new ArrayList<>();
        private boolean stopped;
        long values;
        long tombstones;
        long kept;

        Chunk(HazelcastInstance member, String store, DiskStore files, Holdings holdings) {
            this.member = member;
            this.store = store;
            this.files = files;
            this.holdings = holdings;
        }

        void add(String key, DiskRecord record) {
            keys.add(key);
            records.add(record);
        }

        int size() {
            return keys.size();
        }

        /** Hands this chunk's tombstones on and deletes the chunk; false when the table moved (nothing deleted). */
        boolean prune() {
            if (keys.isEmpty()) {
                return !stopped;
            }
            if (stopped || !holdings.current()) {
                stopped = true;
                return false;
            }
            handOnTombstones();
            for (int from = 0; from < keys.size(); from += DELETES_PER_LOCK) {
                int to = Math.min(from + DELETES_PER_LOCK, keys.size());
                long[] versions = new long[to - from];
                for (int i = from; i < to; i++) {
                    versions[i - from] = records.get(i).version();
                }
                boolean[] deleted = files.deleteIfUnchanged(keys.subList(from, to), versions);
                for (int i = from; i < to; i++) {
                    if (!deleted[i - from]) {
                        kept++;
                    } else if (records.get(i).value() == null) {
                        tombstones++;
                    } else {
                        values++;
                    }
                }
            }
            keys.clear();
            records.clear();
            return true;
        }

        /**
         * Each tombstone to its key's owner, which writes it (unless the key is live again) to its own and its
         * backups' files; then every member syncs. Returns once that is done.
         */
        private void handOnTombstones() {
            KeySubmissions handoffs = new KeySubmissions(DiskLoad.map(member, store), HANDOFFS_IN_FLIGHT);
            boolean any = false;
            for (int i = 0; i < keys.size(); i++) {
                DiskRecord record = records.get(i);
                if (record.value() != null) {
                    continue;
                }
                any = true;
                String key = keys.get(i);
                handoffs.submit(key, new SettleProcessor(store, Map.of(key, record.version())));
            }
            if (!any) {
                return;
            }
            Throwable failure = handoffs.awaitAll();
            if (failure != null) {
                throw new KvException(
                        KvError.DiskStoreWriteError,
                        "store \"" + store + "\": handing tombstones to their keys' owners before pruning them failed: "
                                + failure,
                        failure);
            }
            DiskLoad.sync(member, store);
        }
    }

    private static MapProxyImpl<?, ?> proxy(IMap<?, ?> map) {
        if (map instanceof MapProxyImpl<?, ?> proxy) {
            return proxy;
        }
        throw new IllegalStateException("disk stores are pruned on members only, not through " + map.getClass());
    }

    private static NodeEngine engine(IMap<?, ?> map) {
        return proxy(map).getNodeEngine();
    }

    private static InternalPartitionService partitions(NodeEngine engine) {
        return (InternalPartitionService) engine.getPartitionService();
    }
}
