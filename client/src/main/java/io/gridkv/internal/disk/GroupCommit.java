package io.gridkv.internal.disk;

import io.gridkv.internal.leveldb.LevelDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one writer of a store's LevelDB on a member. Writes are queued and numbered ({@link #write} returns at once, so
 * a partition thread never waits for the disk); the writer thread takes everything queued, writes it as one LevelDB
 * batch — with one sync when any write in it asked for one — and hands whoever waits for those numbers
 * ({@link #written}) to a second thread, which completes them (and so runs their callers' next steps) while the writer
 * is already syncing the next batch — or, when nothing is queued behind the batch, completes them itself: a lone
 * writer's round trip then takes one thread hand-off less (single-connection durable {@code set}s over HTTP 4.6–4.9k →
 * 5.2–5.6k a second, interleaved runs, 2026-11-27). An fsync costs about a millisecond on common disks; with 50 callers
 * waiting, one sync serves all of them instead of each paying its own.
 *
 * <p>Numbers are given in queue order and batches are written one after the other, so number {@code n} written means
 * every number before it is written too — what {@code DiskStore#sync} and a caller waiting for a write it answered
 * for rely on.
 *
 * <p>Versions never go backwards on disk. A key's mutations are queued by its partition thread in version order;
 * only whole-store passes may copy a record that a queued mutation has already superseded. Those are written
 * {@code ifNewer}: dropped when the file (or the same batch) holds a newer version — the one read of the file per
 * write, kept off the mutations' path.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    private static final int MAX_BATCH = 4096;
    private static final long REFUSAL_NANOS = 1_000_000_000L;

    private record Pending(long number, byte[] key, byte[] value, boolean sync, boolean ifNewer) {}

    private record Waiter(long number, CompletableFuture<Void> done) {}

    /** Numbers {@code from..to} of a batch that failed, and why. */
    private record Failure(long to, Exception cause) {}

    private final LevelDb db;
    private final String name;
    /** Held while a batch is checked and written, and by {@link #writeNow}: their versions never cross. */
    private final Object writing = new Object();

    /** Guards {@link #queued}, {@link #lastNumber} and {@link #closed}: a number and its place in the queue go together. */
    private final Object queueLock = new Object();

    private List<Pending> queued = new ArrayList<>();
    private long lastNumber;
    private boolean closed;

    /** Every number up to this one is written (and synced if it asked to be). */
    private volatile long writtenUpTo;
    /** Set by a failed batch, cleared by the next good one (see {@link #failing}). */
    private volatile Exception failing;

    private volatile long failedAtNanos;

    private final ConcurrentSkipListMap<Long, Failure> failures = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private final ExecutorService acks;

    GroupCommit(LevelDb db, String name) {
        this.db = db;
        this.name = name;
        this.acks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gridkv-disk-acks-" + name);
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::run, "gridkv-disk-writer-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues a write of an encoded {@link DiskRecord} and returns its number, for {@link #written}. Synced when
     * {@code sync} (or when another write of the same batch asked for a sync).
     *
     * @throws IllegalStateException when the writer is closed
     */
    long write(byte[] key, byte[] record, boolean sync, boolean ifNewer) {
        synchronized (queueLock) {
            if (closed) {
                throw new IllegalStateException(name + ": the disk writer is closed");
            }
            long number = ++lastNumber;
            queued.add(new Pending(number, key, record, sync, ifNewer));
            if (queued.size() == 1) {
                queueLock.notify();
            }
            return number;
        }
    }

    /** Completes once write {@code number} (and every one before it) is written, or fails with its batch's error. */
    CompletableFuture<Void> written(long number) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (number <= writtenUpTo) {
            settle(number, done);
            return done;
        }
        waiters.add(new Waiter(number, done));
        if (number <= writtenUpTo) { // the writer may have passed it between the check and the add
            settle(number, done);
        }
        return done;
    }

    /**
     * Why writes are refused now, or {@code null}: the last batch failed less than {@link #REFUSAL_NANOS} ago. After
     * that the next write is let through, to find out whether the files work again.
     */
    Exception failing() {
        Exception e = failing;
        return e != null && System.nanoTime() - failedAtNanos < REFUSAL_NANOS ? e : null;
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            boolean stop;
            synchronized (queueLock) {
                while (queued.isEmpty() && !closed) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = queued;
                queued = new ArrayList<>();
                stop = closed;
            }
            for (int from = 0; from < batch.size(); from += MAX_BATCH) {
                List<Pending> part = batch.subList(from, Math.min(batch.size(), from + MAX_BATCH));
                long last = part.get(part.size() - 1).number();
                try {
                    synchronized (writing) {
                        apply(part);
                    }
                    failing = null;
                } catch (Exception e) {
                    LOG.log(Level.SEVERE, db.directory() + ": writing to disk failed", e);
                    failures.put(part.get(0).number(), new Failure(last, e));
                    failedAtNanos = System.nanoTime();
                    failing = e;
                }
                writtenUpTo = last;
                if (from + MAX_BATCH >= batch.size() && nothingQueued()) {
                    // No next batch to sync meanwhile: wake the waiters here and spare them a thread hand-off (a
                    // lone writer's round trip). Any wake still queued for the acks thread finds them settled.
                    wake(last);
                } else {
                    acks.execute(() -> wake(last));
                }
            }
            if (stop) {
                Exception gone = new IllegalStateException(name + ": the disk writer is closed");
                failures.put(writtenUpTo + 1, new Failure(Long.MAX_VALUE, gone));
                acks.execute(() -> wake(Long.MAX_VALUE));
                acks.shutdown();
                return;
            }
        }
    }

    private boolean nothingQueued() {
        synchronized (queueLock) {
            return queued.isEmpty();
        }
    }

    private void wake(long upTo) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.number() <= upTo) {
                it.remove();
                settle(w.number(), w.done());
            }
        }
    }

    private void settle(long number, CompletableFuture<Void> done) {
        Map.Entry<Long, Failure> failed = failures.floorEntry(number);
        if (failed != null && number <= failed.getValue().to()) {
            done.completeExceptionally(failed.getValue().cause());
        } else {
            done.complete(null);
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

    /**
     * Deletes each key whose stored record still has the version the caller saw, in the caller's thread, without a
     * sync; returns which ones were deleted. For the prune of entries this member holds no replica of.
     *
     * <p>Atomic with respect to every write: it holds {@link #writing}, as batches and {@link #writeNow} do, so a write
     * applied since the caller read the version has changed it, and the key is kept. A write still queued is applied
     * after the delete and re-creates the key: kept too. Unsynced: a delete lost with the machine leaves a stale copy,
     * which a later prune removes.
     */
    boolean[] deleteIfUnchanged(List<byte[]> keys, long[] versions) {
        boolean[] deleted = new boolean[keys.size()];
        synchronized (writing) {
            try (LevelDb.Batch deletes = db.newBatch()) {
                for (int i = 0; i < keys.size(); i++) {
                    byte[] held = db.get(keys.get(i));
                    if (held != null && version(held) == versions[i]) {
                        deletes.delete(keys.get(i));
                        deleted[i] = true;
                    }
                }
                if (deletes.size() > 0) {
                    db.write(deletes, false);
                }
            } catch (IOException e) { // closing the batch
                throw new UncheckedIOException(e);
            }
        }
        return deleted;
    }

    private static long version(byte[] encodedRecord) {
        return DiskRecord.decode(encodedRecord).version();
    }

    /** Writes what is queued, then stops the writer; later writes are refused, and waits for them fail. */
    @Override
    public void close() {
        synchronized (queueLock) {
            closed = true;
            queueLock.notify();
        }
        try {
            writer.join();
            acks.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
