package io.gridkv.internal.engine;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.BackupOptions;
import io.gridkv.BackupResult;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.RestoreResult;
import io.gridkv.internal.codec.Utf8Order;
import io.gridkv.internal.disk.DiskLoad;
import io.gridkv.internal.processor.BlockTask;
import io.gridkv.internal.processor.Durability;
import io.gridkv.internal.processor.HoldReadsInterceptor;
import io.gridkv.internal.processor.MemberTasks;
import io.gridkv.internal.processor.MutatingProcessor;
import io.gridkv.internal.processor.ReadValueProcessor;
import io.gridkv.internal.processor.Record;
import io.gridkv.internal.processor.StoreBlocks;
import io.gridkv.internal.snapshot.SnapshotBudget;
import io.gridkv.internal.snapshot.SnapshotManifest;
import io.gridkv.internal.snapshot.SnapshotReader;
import io.gridkv.internal.snapshot.SnapshotWriteResult;
import io.gridkv.internal.snapshot.SnapshotWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code backup} and {@code restore} of one store (SPEC.md a.6), coordinated by the participant that calls them; the
 * snapshot files are on its file system.
 *
 * <p><b>Backup.</b> Takes the store's {@link StoreLease}; unless writers are allowed, sets the store's block on every
 * member (mutations then fail with {@code BackupInProgressError}) and reads every entry with one partition-wide run on
 * the partition threads, which orders it after every mutation that got in before the block. The block is lifted as soon
 * as the entries are in this JVM's memory — writing the files does not hold writers up. A member joining meanwhile
 * would not have the block, so a strict backup that sees the member list change fails rather than claim an instant.
 *
 * <p><b>Restore.</b> Takes the lease and blocks mutations ({@code RestoreInProgressError}), reads and checks the whole
 * snapshot (manifest, budget) — any failure so far has changed nothing — then, with single-key reads held (a map
 * interceptor: gets and entry processors read records through it), writes the new contents: each partition's
 * snapshot entries in one operation, then removes the keys the snapshot lacks.
 *
 * <p>All methods block: callers run them on the blocking pool.
 */
final class Snapshots {
    private static final Logger LOG = Logger.getLogger(Snapshots.class.getName());
    private static final String EXECUTOR = "gridkv.store-blocks";
    private static final long BLOCK_LEASE_MILLIS = TimeUnit.SECONDS.toMillis(StoreLease.LEASE_SECONDS);
    private static final long BROADCAST_TIMEOUT_SECONDS = 30;

    static final String CONCURRENT_WRITES_WARNING = "taken while writers ran (allowConcurrentWrites): each key has the"
            + " value it held when its partition was read, so the snapshot is not one instant of the store — keys"
            + " written or deleted during the backup may be missing, present, or newer than keys read earlier";

    private final HazelcastInstance instance;
    private final IMap<String, Record> map;
    private final KvOptions options;

    Snapshots(HazelcastInstance instance, IMap<String, Record> map, KvOptions options) {
        this.instance = instance;
        this.map = map;
        this.options = options;
    }

    BackupResult backup(BackupOptions o) {
        String store = options.store();
        boolean strict = !o.allowConcurrentWrites();
        StoreLease.Purpose purpose = strict ? StoreLease.Purpose.BACKUP : StoreLease.Purpose.BACKUP_WITH_WRITES;
        MemberBlock block = new MemberBlock(purpose.block());
        Map<String, byte[]> captured;
        try (StoreLease lease = StoreLease.acquire(instance, store, purpose, block::renew)) {
            try {
                block.set(lease.token());
                Set<Member> before = instance.getCluster().getMembers();
                captured = map.executeOnEntries(new ReadValueProcessor());
                if (strict && !before.equals(instance.getCluster().getMembers())) {
                    throw new KvException(
                            KvError.SnapshotExportError,
                            "the cluster's members changed while the backup of store \"" + store + "\" read it, so it"
                                    + " may not be one instant of the store; nothing was written — run it again");
                }
            } finally {
                block.lift(); // writers go on while the files are written
            }
            SnapshotWriteResult written = write(o, captured);
            return new BackupResult(
                    written.totalEntries(), written.bytesWritten(), !strict, strict ? "" : CONCURRENT_WRITES_WARNING);
        }
    }

    RestoreResult restore(RestoreOptions o) {
        if (Durability.of(options) == Durability.READ_ONLY) {
            throw MutatingProcessor.readOnly(options.store());
        }
        MemberBlock block = new MemberBlock(StoreBlocks.Kind.RESTORE);
        try (StoreLease lease =
                StoreLease.acquire(instance, options.store(), StoreLease.Purpose.RESTORE, block::renew)) {
            try {
                block.set(lease.token());
                Map<String, byte[]> wanted = read(o);
                Map<String, Record> present = new HashMap<>();
                map.entrySet().forEach(e -> present.put(e.getKey(), e.getValue()));
                String interceptor = map.addInterceptor(new HoldReadsInterceptor(options.store()));
                try {
                    block.holdReads();
                    replace(wanted, present);
                } finally {
                    map.removeInterceptor(interceptor);
                }
                if (Durability.of(options).writes()) {
                    // Entry processors, so only now that reads are no longer held; writers still are.
                    Map<String, Long> tombstones = new HashMap<>();
                    present.forEach((key, record) -> {
                        if (!wanted.containsKey(key)) {
                            tombstones.put(key, Record.nextVersion(record));
                        }
                    });
                    DiskLoad.settle(instance, options.store(), tombstones);
                }
                return new RestoreResult(wanted.size());
            } finally {
                block.lift();
            }
        }
    }

    /**
     * A store's block on every member, for one lease: set, renewed with the lease, lifted once. Synchronized, so a
     * renewal never sets a block again after it was lifted.
     */
    private final class MemberBlock {
        /** {@code null}: writers may run, nothing to set. */
        private final StoreBlocks.Kind kind;

        private long token;
        private boolean holdReads;
        private boolean active;

        MemberBlock(StoreBlocks.Kind kind) {
            this.kind = kind;
        }

        synchronized void set(long token) {
            this.token = token;
            if (kind != null) {
                active = true;
                broadcast(BlockTask.set(options.store(), kind, token, holdReads, BLOCK_LEASE_MILLIS));
            }
        }

        synchronized void holdReads() {
            holdReads = true;
            set(token);
        }

        synchronized void renew() {
            if (active) {
                set(token);
            }
        }

        synchronized void lift() {
            if (!active) {
                return;
            }
            active = false;
            try {
                broadcast(BlockTask.lift(options.store(), token));
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "could not lift the block on store \"" + options.store() + "\" everywhere; it"
                                + " lapses within " + StoreLease.LEASE_SECONDS + " s",
                        e);
            }
        }
    }

    /** Runs {@code task} on every member and waits until each applied it. */
    private void broadcast(BlockTask task) {
        MemberTasks.onEveryMember(instance, EXECUTOR, task, BROADCAST_TIMEOUT_SECONDS, KvError.UnknownError);
    }

    private SnapshotWriteResult write(BackupOptions o, Map<String, byte[]> captured) {
        try (SnapshotWriter writer = SnapshotWriter.begin(o.file(), options.store(), options.serialization())) {
            for (Map.Entry<String, byte[]> e : captured.entrySet()) {
                writer.put(Utf8Order.utf8(e.getKey()), e.getValue());
            }
            return writer.commit();
        }
    }

    private Map<String, byte[]> read(RestoreOptions o) {
        try (SnapshotReader reader = SnapshotReader.open(o.file())) {
            SnapshotManifest manifest = reader.manifest();
            if (manifest.serialization() != options.serialization()) {
                throw new KvException(
                        KvError.SnapshotReadError,
                        "snapshot " + o.file() + " holds "
                                + manifest.serialization().wireName() + " values (store \""
                                + manifest.store() + "\"); store \"" + options.store() + "\" uses "
                                + options.serialization().wireName() + " and would misread them");
            }
            Map<String, byte[]> entries = new HashMap<>();
            reader.read(
                    new SnapshotBudget(o.maxEntries(), o.maxBytes()),
                    (key, value) -> entries.put(new String(key, StandardCharsets.UTF_8), value));
            return entries;
        }
    }

    /**
     * Gives the store its new contents: one put-all (an operation per partition) of the snapshot's entries, then a
     * delete of each key the snapshot lacks. Plain map writes, not entry processors: an entry processor reads its
     * record through the map's interceptors, which hold every read during the swap.
     */
    private void replace(Map<String, byte[]> wanted, Map<String, Record> present) {
        Map<String, Record> records = new HashMap<>(wanted.size() * 4 / 3 + 1);
        wanted.forEach((key, value) -> {
            Record replaced = present.get(key);
            records.put(key, new Record(value, Record.nextVersion(replaced)));
        });
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(map.putAllAsync(records).toCompletableFuture());
        for (String key : present.keySet()) {
            if (!wanted.containsKey(key)) {
                writes.add(map.deleteAsync(key).toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw new KvException(
                    KvError.UnknownError,
                    "restore of store \"" + options.store() + "\" failed while replacing its contents, which may now"
                            + " be partly the snapshot's; run the restore again: "
                            + Errors.translate(e).getMessage(),
                    e);
        }
    }
}
