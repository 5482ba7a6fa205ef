package io.gridkv.internal.disk;

import io.gridkv.internal.leveldb.LevelDb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one writer of a store's LevelDB on a member. Writes that must be on disk before their callers go on are served
 * many per fsync: the writer thread takes everything queued, writes it as one LevelDB batch with one sync, then
 * completes every caller's future. An fsync costs about a millisecond here; with 50 callers waiting, one sync serves
 * all of them instead of each paying its own.
 *
 * <p>Versions never go backwards on disk. A key's mutations and their backups arrive in version order (the key is
 * locked while its write waits here); only whole-store passes may copy a record that a mutation waiting for its sync
 * has already superseded. Those are written {@code ifNewer}: dropped when the file (or the same batch) holds a newer
 * version — the one read of the file per write, kept off the mutations' path.
 *
 * <p>Order: batches are applied one after the other in queue order, so a future completes only when every write
 * queued before it is written too — which is what {@code DiskStore#sync} relies on.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    private static final int MAX_BATCH = 4096;

    private record Pending(byte[] key, byte[] value, boolean sync, boolean ifNewer, CompletableFuture<Void> done) {}

    private static final Pending STOP = new Pending(null, null, false, false, null);

    private final LevelDb db;
    /** Held while a batch is checked and written, and by {@link #writeNow}: their versions never cross. */
    private final Object writing = new Object();

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    GroupCommit(LevelDb db, String name) {
        this.db = db;
        this.writer = new Thread(this::run, "gridkv-disk-writer-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues a write of an encoded {@link DiskRecord}; the future completes once it is written, and synced when
     * {@code sync} (or when a later synced write came in the same batch).
     */
    CompletableFuture<Void> write(byte[] key, byte[] record, boolean sync, boolean ifNewer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(key, record, sync, ifNewer, done));
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            try {
                synchronized (writing) {
                    apply(batch);
                }
                batch.forEach(p -> p.done().complete(null));
            } catch (Exception e) {
                LOG.log(Level.SEVERE, db.directory() + ": writing to disk failed", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void apply(List<Pending> batch) throws Exception {
        Map<ByteBuffer, byte[]> newest = new HashMap<>();
        boolean sync = false;
        for (Pending p : batch) {
            sync |= p.sync();
            ByteBuffer key = ByteBuffer.wrap(p.key());
            if (p.ifNewer()) {
                byte[] held = newest.containsKey(key) ? newest.get(key) : db.get(p.key());
                if (held != null && version(p.value()) < version(held)) {
                    continue;
                }
            }
            newest.put(key, p.value());
        }
        try (LevelDb.Batch writes = db.newBatch()) {
            newest.forEach((k, v) -> writes.put(k.array(), v));
            db.write(writes, sync);
        }
    }

    /**
     * Writes at once, in the caller's thread, without a sync: the write is in the operating system's hands when this
     * returns, so a process killed right after loses nothing. For backups, which must not be acknowledged while their
     * copy sits in this process's queue.
     */
    void writeNow(byte[] key, byte[] record) {
        synchronized (writing) {
            db.put(key, record);
        }
    }

    private static long version(byte[] encodedRecord) {
        return DiskRecord.decode(encodedRecord).version();
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
