package io.gridkv.internal.disk;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.codec.Utf8Order;
import io.gridkv.internal.leveldb.LevelDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One store's LevelDB on one member: the versioned records of the keys this member owns or backs up (see
 * {@link DiskRecord}).
 *
 * <p>Keys are the store's keys in UTF-8 behind a one-byte prefix, so that a few bookkeeping entries ({@link #sync})
 * can live beside them without ever meeting a store key.
 *
 * <p>Concurrency: thread-safe.
 */
public final class DiskStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskStore.class.getName());
    private static final byte DATA = 'k';
    private static final byte[] SYNC_MARK = {'m', 's', 'y', 'n', 'c'};

    private final String store;
    private final LevelDb db;
    private final GroupCommit writer;

    DiskStore(String store, LevelDb db) {
        this.store = store;
        this.db = db;
        this.writer = new GroupCommit(db, store);
    }

    public Path directory() {
        return db.directory();
    }

    /**
     * Queues {@code record} for {@code key} — to be synced, or with {@code sync} false only written (it then survives
     * the process, not the machine) — and returns its number at once, for {@link #written}. Never blocks: a mutation
     * queues its record on the partition thread and its caller waits for the number before answering.
     *
     * @throws KvException {@code DiskStoreWriteError} when a write to these files failed within the last second:
     *     nothing is queued
     */
    public long queue(String key, DiskRecord record, boolean sync) {
        Exception failing = writer.failing();
        if (failing != null) {
            throw writeError(key, failing);
        }
        try {
            return writer.write(dataKey(key), record.encode(), sync, false);
        } catch (IllegalStateException e) {
            throw writeError(key, e);
        }
    }

    /**
     * Queues a sync of everything queued so far and returns its number: for an operation answered again, whose first
     * write may still be on its way to the device.
     */
    public long queueSync() {
        return writer.write(SYNC_MARK, new DiskRecord(Long.MAX_VALUE, new byte[0]).encode(), true, false);
    }

    /**
     * Completes once the write numbered {@code number} (see {@link #queue}) is written, and synced if it asked to be;
     * fails with {@code DiskStoreWriteError} when its batch could not be written.
     */
    public CompletableFuture<Void> written(long number) {
        return writer.written(number)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        writeError("(write " + number + ")", e instanceof CompletionException c ? c.getCause() : e)));
    }

    /**
     * Writes {@code record} for {@code key} before returning, without a sync: a backup's copy, which must be in the
     * operating system's hands before the backup is acknowledged (the owner's copy is the synced one). A failure is
     * logged, not thrown: the owner's copy stands, and the next settle pass writes this one again.
     */
    public void write(String key, DiskRecord record) {
        try {
            writer.writeNow(dataKey(key), record.encode());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, db.directory() + ": writing the backup copy of \"" + key + "\" failed", e);
        }
    }

    /**
     * Queues a write of {@code record} for {@code key} and returns at once: clears, whose durability comes from the
     * {@link #sync} that ends them.
     */
    public void writeQueued(String key, DiskRecord record) {
        writer.write(dataKey(key), record.encode(), false, false);
    }

    /** As {@link #write}, dropped if the files hold a newer version of the key: whole-store passes. */
    public void writeIfNewer(String key, DiskRecord record) {
        writer.write(dataKey(key), record.encode(), false, true);
    }

    /** Returns once every write queued so far is on the device. */
    public void sync() {
        awaitWritten(queueSync());
    }

    /**
     * Blocks until {@link #written} completes.
     *
     * @throws KvException {@code DiskStoreWriteError} as {@link #written} fails
     */
    public void awaitWritten(long number) {
        try {
            written(number).join();
        } catch (CompletionException e) {
            throw (KvException) e.getCause();
        }
    }

    /** Visits every key this member's files know of, tombstones included, in key order. */
    public void forEach(Visitor visitor) {
        forEach(db, visitor);
    }

    static void forEach(LevelDb db, Visitor visitor) {
        forEachWhile(db, (key, record) -> {
            visitor.visit(key, record);
            return true;
        });
    }

    /**
     * As {@link #forEach}, until the visitor returns false. The entries are those of the moment the visit began
     * (LevelDB's iterator snapshot), whatever is written meanwhile.
     */
    void forEachWhile(StoppableVisitor visitor) {
        forEachWhile(db, visitor);
    }

    private static void forEachWhile(LevelDb db, StoppableVisitor visitor) {
        db.forEach(new byte[] {DATA}, (k, v) -> {
            if (k.length == 0 || k[0] != DATA) {
                return false;
            }
            return visitor.visit(new String(k, 1, k.length - 1, StandardCharsets.UTF_8), DiskRecord.decode(v));
        });
    }

    /**
     * Deletes each of {@code keys} whose record in the files still has the version at the same index of
     * {@code versions} — atomically with every write to these files, so a write that landed since the caller read the
     * version is never deleted — and returns which ones were deleted. Not synced. See {@link DiskPrune}.
     */
    boolean[] deleteIfUnchanged(List<String> keys, long[] versions) {
        List<byte[]> dataKeys = new ArrayList<>(keys.size());
        keys.forEach(k -> dataKeys.add(dataKey(k)));
        return writer.deleteIfUnchanged(dataKeys, versions);
    }

    /** Receives the entries of {@link #forEach}. */
    @FunctionalInterface
    public interface Visitor {
        void visit(String key, DiskRecord record);
    }

    /** Receives the entries of {@link #forEachWhile}; returns false to stop. */
    @FunctionalInterface
    interface StoppableVisitor {
        boolean visit(String key, DiskRecord record);
    }

    static byte[] dataKey(String key) {
        byte[] utf8 = Utf8Order.utf8(key);
        byte[] out = new byte[utf8.length + 1];
        out[0] = DATA;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    private KvException writeError(String key, Throwable cause) {
        return new KvException(
                KvError.DiskStoreWriteError,
                "store \"" + store + "\": writing \"" + key + "\" to " + db.directory() + " failed: " + cause,
                cause);
    }

    @Override
    public void close() throws IOException {
        writer.close();
        db.close();
    }
}
