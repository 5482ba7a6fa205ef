package io.gridkv.internal.snapshot;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.leveldb.ForeignDirectoryException;
import io.gridkv.internal.leveldb.LevelDb;
import io.gridkv.internal.leveldb.LevelDbEngines;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iq80.leveldb.DBException;

/**
 * Reads a snapshot {@link SnapshotWriter} wrote: {@link #open} checks that the directory is a snapshot and opens its
 * database; {@link #manifest()} says what it holds; {@link #read} streams the entries in key order.
 *
 * <h2>Budgets are checked before any entry is handed out</h2>
 *
 * With a limited {@link SnapshotBudget}, {@link #read} first walks the database counting entries and bytes, and
 * fails with {@code SnapshotBudgetExceededError} as soon as either goes over — the consumer has then seen nothing. Only
 * then does a second walk hand the entries over. A second pass over a local LevelDB costs far less than holding an
 * over-budget snapshot in memory, which is what the budget protects against. Without a budget there is one walk.
 *
 * <p>The entry count is checked against the manifest: before the consumer runs when a budget is set, at the end
 * otherwise. Callers therefore apply what they were handed only after {@code read} returns normally.
 *
 * <p>Opening runs LevelDB's recovery, which rewrites the database's log and MANIFEST (the data stays the same); the
 * snapshot directory must therefore be writable, and LevelDB's lock keeps it to one reader at a time. A snapshot
 * leveldbjni wrote that is opened where iq80 is in use becomes iq80's (see {@code LevelDbEngines}).
 *
 * <p>Concurrency: one thread uses a reader.
 */
public final class SnapshotReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SnapshotReader.class.getName());

    private final Path directory;
    private final SnapshotManifest manifest;
    private final LevelDb db;

    private SnapshotReader(Path directory, SnapshotManifest manifest, LevelDb db) {
        this.directory = directory;
        this.manifest = manifest;
        this.db = db;
    }

    /** {@link #open(Path, LevelDbEngines)} with this JVM's engines. */
    public static SnapshotReader open(Path dir) {
        return open(dir, LevelDbEngines.system());
    }

    /**
     * Opens the snapshot in {@code dir}.
     *
     * @throws KvException {@code SnapshotNotFoundError} if {@code dir} does not exist; {@code SnapshotPermissionError}
     *     if its files may not be read or written; {@code SnapshotIOError} if it is not a gridkv snapshot directory
     *     (a file, no manifest) or its database can not be opened; {@code SnapshotReadError} if the manifest is
     *     invalid or of an unknown format version, or the database is missing
     */
    public static SnapshotReader open(Path dir, LevelDbEngines engines) {
        Path absolute = dir.toAbsolutePath();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
        } catch (IOException e) {
            throw SnapshotErrors.opening(absolute, e);
        }
        if (!attributes.isDirectory()) {
            throw SnapshotErrors.notASnapshot(absolute, "a snapshot is a directory, this is a file");
        }
        Path manifestFile = absolute.resolve(SnapshotLayout.MANIFEST);
        byte[] json;
        try {
            json = Files.readAllBytes(manifestFile);
        } catch (NoSuchFileException e) {
            throw SnapshotErrors.notASnapshot(absolute, "it has no " + SnapshotLayout.MANIFEST);
        } catch (IOException e) {
            throw SnapshotErrors.opening(manifestFile, e);
        }
        SnapshotManifest manifest = SnapshotManifest.parse(json, manifestFile);
        Path database = absolute.resolve(SnapshotLayout.DATABASE);
        // LevelDB would create an empty database where there is none; a snapshot must never be "read" that way.
        if (!Files.isDirectory(database) || !Files.exists(database.resolve("CURRENT"))) {
            throw SnapshotErrors.unreadable(absolute, "its " + SnapshotLayout.DATABASE + " database is missing", null);
        }
        try {
            return new SnapshotReader(absolute, manifest, engines.openExisting(database, false));
        } catch (AccessDeniedException e) {
            throw SnapshotErrors.opening(database, e);
        } catch (ForeignDirectoryException e) {
            throw SnapshotErrors.notASnapshot(absolute, e.getMessage());
        } catch (IOException e) {
            throw SnapshotErrors.database(database, "opening", e);
        }
    }

    public Path directory() {
        return directory;
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    /**
     * Hands every entry to {@code consumer} in ascending key order (unsigned bytes, i.e. gridkv's UTF-8 key order),
     * within {@code budget} (see the class comment). Exceptions thrown by the consumer stop the read and propagate.
     *
     * @throws KvException {@code SnapshotBudgetExceededError} before any entry is handed out if the snapshot exceeds
     *     the budget; {@code SnapshotReadError} if LevelDB fails while reading or the count disagrees with the manifest
     */
    public SnapshotReadResult read(SnapshotBudget budget, EntryConsumer consumer) {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(consumer, "consumer");
        if (budget.isLimited()) {
            Tally measured = new Tally();
            walk((key, value) -> {
                measured.add(key, value);
                checkBudget(budget, measured);
                return true;
            });
            checkCount(measured.entries);
        }
        Tally delivered = new Tally();
        walk((key, value) -> {
            delivered.add(key, value);
            consumer.accept(key, value);
            return true;
        });
        checkCount(delivered.entries);
        return new SnapshotReadResult(delivered.entries, delivered.bytes);
    }

    /** Closes the database. Idempotent. */
    @Override
    public void close() {
        try {
            db.close();
        } catch (IOException e) {
            // Nothing was written through this handle, so a failed close loses nothing.
            LOG.log(Level.WARNING, "closing snapshot " + directory, e);
        }
    }

    private void walk(LevelDb.EntryVisitor visitor) {
        try {
            db.forEach(null, visitor);
        } catch (DBException e) {
            throw SnapshotErrors.unreadable(directory, "reading the entries failed: " + e.getMessage(), e);
        }
    }

    private void checkBudget(SnapshotBudget budget, Tally tally) {
        if (!budget.allowsEntries(tally.entries)) {
            throw new KvException(
                    KvError.SnapshotBudgetExceededError,
                    "snapshot " + directory + " holds more than maxEntries=" + budget.maxEntries()
                            + " entries; nothing was restored");
        }
        if (!budget.allowsBytes(tally.bytes)) {
            throw new KvException(
                    KvError.SnapshotBudgetExceededError,
                    "snapshot " + directory + " holds more than maxBytes=" + budget.maxBytes()
                            + " bytes of keys and values; nothing was restored");
        }
    }

    private void checkCount(long entries) {
        if (entries != manifest.entries()) {
            throw SnapshotErrors.unreadable(
                    directory,
                    "the manifest says " + manifest.entries() + " entries but the database holds " + entries,
                    null);
        }
    }

    /** Receives a snapshot's entries; the arrays are the consumer's to keep. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(byte[] key, byte[] value);
    }

    private static final class Tally {
        long entries;
        long bytes;

        void add(byte[] key, byte[] value) {
            entries++;
            bytes += key.length + (long) value.length;
        }
    }
}
