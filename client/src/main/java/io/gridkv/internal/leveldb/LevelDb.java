package io.gridkv.internal.leveldb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * An open LevelDB database in a gridkv directory: byte-array keys in LevelDB's default order (unsigned bytewise, which
 * is gridkv's UTF-8 key order), whichever engine runs it.
 *
 * <p>Reads and writes throw LevelDB's unchecked {@link DBException} when the engine fails. Writes are not synced
 * unless asked ({@link #write(Batch, boolean)}): LevelDB's log makes an unsynced write survive a process crash but not
 * a power loss.
 *
 * <p>Concurrency: all methods may be called from any thread. {@link #close()} waits for calls in progress, including a
 * running {@link #forEach}, and later calls throw {@link IllegalStateException} — a closed native database must never
 * be touched, it would crash the JVM rather than throw.
 */
public final class LevelDb implements AutoCloseable {
    private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);
    private static final WriteOptions SYNC = new WriteOptions().sync(true);

    private final Path directory;
    private final Engine engine;
    private final DB db;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    LevelDb(Path directory, Engine engine, DB db) {
        this.directory = directory;
        this.engine = engine;
        this.db = db;
    }

    /** Creates a new directory with the engine {@link LevelDbEngines#system()} selects; see there. */
    public static LevelDb create(Path dir) throws IOException {
        return LevelDbEngines.system().create(dir);
    }

    /** Opens a directory gridkv created, with the engine that wrote it; see {@link LevelDbEngines#openExisting}. */
    public static LevelDb openExisting(Path dir) throws IOException {
        return LevelDbEngines.system().openExisting(dir, false);
    }

    /** The engine new directories get in this JVM, and why: for the start-up log and metrics. */
    public static EngineSelection engineInUse() {
        return LevelDbEngines.system().selection();
    }

    public Path directory() {
        return directory;
    }

    /** The engine this database is open with (not necessarily {@link #engineInUse()}: see LevelDbEngines). */
    public Engine engine() {
        return engine;
    }

    /** The value stored under {@code key}, or null. */
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        lockOpen();
        try {
            return db.get(key);
        } finally {
            unlock();
        }
    }

    /** Stores {@code value} under {@code key}, replacing any value; not synced. */
    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        lockOpen();
        try {
            db.put(key, value, NO_SYNC);
        } finally {
            unlock();
        }
    }

    /** Removes {@code key}; an absent key is not an error. Not synced. */
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        lockOpen();
        try {
            db.delete(key, NO_SYNC);
        } finally {
            unlock();
        }
    }

    /** A new, empty batch of writes for {@link #write}; close it when done (JNI batches hold native memory). */
    public Batch newBatch() {
        lockOpen();
        try {
            return new Batch(db.createWriteBatch());
        } finally {
            unlock();
        }
    }

    /**
     * Applies every write of {@code batch} atomically. With {@code sync} the log is forced to the device before this
     * returns, which also makes every earlier unsynced write durable; that costs one fsync (a few ms), so sync batches,
     * not single writes. LevelDB batches can not be emptied: write a new one next time.
     */
    public void write(Batch batch, boolean sync) {
        Objects.requireNonNull(batch, "batch");
        lockOpen();
        try {
            db.write(batch.writes, sync ? SYNC : NO_SYNC);
        } finally {
            unlock();
        }
    }

    /**
     * Visits entries in ascending key order, starting at the first key {@code >= from} (every key when {@code from}
     * is null), until the visitor returns false. The entries are those of one consistent moment — the iterator's
     * implicit snapshot — whatever is written meanwhile.
     *
     * @return the number of entries visited (including the one whose visit returned false)
     */
    public long forEach(byte[] from, EntryVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        lockOpen();
        try (DBIterator it = db.iterator()) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from);
            }
            long visited = 0;
            while (it.hasNext()) {
                Map.Entry<byte[], byte[]> e = it.next();
                visited++;
                if (!visitor.visit(e.getKey(), e.getValue())) {
                    break;
                }
            }
            return visited;
        } catch (IOException e) {
            throw new DBException(e);
        } finally {
            unlock();
        }
    }

    /** Closes the database; later calls throw. Idempotent. */
    @Override
    public void close() throws IOException {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
        } catch (DBException e) {
            throw new IOException(directory + ": closing " + engine.id() + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void lockOpen() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new IllegalStateException(directory + ": LevelDB database is closed");
        }
    }

    private void unlock() {
        lifecycle.readLock().unlock();
    }

    @Override
    public String toString() {
        return "LevelDb[" + directory + ", " + engine.id() + "]";
    }

    /** Receives entries from {@link #forEach}; the arrays are the caller's to keep. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** @return false to stop the iteration */
        boolean visit(byte[] key, byte[] value);
    }

    /** Writes applied together by {@link #write}: all or none of them. Not thread-safe. */
    public static final class Batch implements AutoCloseable {
        private final WriteBatch writes;
        private int size;
        private long bytes;

        private Batch(WriteBatch writes) {
            this.writes = writes;
        }

        public Batch put(byte[] key, byte[] value) {
            writes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            size++;
            bytes += key.length + value.length;
            return this;
        }

        public Batch delete(byte[] key) {
            writes.delete(Objects.requireNonNull(key, "key"));
            size++;
            bytes += key.length;
            return this;
        }

        /** The number of puts and deletes added. */
        public int size() {
            return size;
        }

        /** The key and value bytes added: a measure for deciding when to write the batch. */
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            writes.close();
        }
    }
}
