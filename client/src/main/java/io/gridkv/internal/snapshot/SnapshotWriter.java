package io.gridkv.internal.snapshot;

import io.gridkv.KvException;
import io.gridkv.Serialization;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.internal.leveldb.LevelDb;
import io.gridkv.internal.leveldb.LevelDbEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iq80.leveldb.DBException;

/**
 * Writes one snapshot: {@link #begin}, {@link #put} every entry (any order; LevelDB sorts), {@link #commit()}, and
 * always {@link #close()} — closing without a commit abandons the snapshot.
 *
 * <h2>How a snapshot lands</h2>
 *
 * Entries go into a LevelDB database in a temporary sibling directory {@code <name>.<random>.tmp}, in batches of up
 * to {@value #BATCH_ENTRIES} entries or {@value #BATCH_BYTES} bytes, none of them synced. {@link #commit()} counts the
 * entries back (so the manifest's count is the database's, whatever was put twice), closes the database, writes the
 * manifest, fsyncs every file and directory of the temporary tree, moves it into place and fsyncs the parent.
 *
 * <p>POSIX can not rename a directory over a non-empty one, so replacing an existing snapshot takes two renames: the
 * old one aside to {@code <name>.<random>.old}, the new one into place, then the old one is deleted. Readers that look
 * in the instant between the renames find no snapshot ({@code SnapshotNotFoundError}).
 *
 * <p>Failure: anything that fails before the new snapshot is in place leaves the target as it was and removes the
 * temporary directory. If the second rename fails, the old snapshot is moved back. Only a crash of the process
 * between the two renames leaves the name empty, with the previous snapshot complete in {@code <name>.*.old} and the
 * new one complete in {@code <name>.*.tmp}; a crash earlier leaves only a stale {@code .tmp} directory. Nothing removes
 * those leftovers automatically: they may be the only copy.
 *
 * <p>An existing target that is not a gridkv snapshot (a file, a link, a non-empty directory without manifest) is
 * never replaced, so a mistyped name can not delete someone's directory.
 *
 * <p>Concurrency: one thread uses a writer. Writers to different targets are independent; the replacing step is
 * serialised per target within this JVM, but two processes writing the same target at once are not supported.
 */
public final class SnapshotWriter implements AutoCloseable {
    static final int BATCH_ENTRIES = 10_000;
    static final int BATCH_BYTES = 16 << 20;

    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class.getName());
    private static final ConcurrentMap<Path, Object> REPLACING = new ConcurrentHashMap<>();

    private enum State {
        OPEN,
        COMMITTED,
        ABANDONED
    }

    private final Path target;
    private final Path temporary;
    private final String store;
    private final Serialization serialization;
    private final Clock clock;
    private final LevelDb db;
    private LevelDb.Batch batch;
    private State state = State.OPEN;

    private SnapshotWriter(
            Path target, Path temporary, String store, Serialization serialization, Clock clock, LevelDb db) {
        this.target = target;
        this.temporary = temporary;
        this.store = store;
        this.serialization = serialization;
        this.clock = clock;
        this.db = db;
    }

    /** {@link #begin(Path, String, Serialization, LevelDbEngines, Clock)} with this JVM's engine and clock. */
    public static SnapshotWriter begin(Path target, String store, Serialization serialization) {
        return begin(target, store, serialization, LevelDbEngines.system(), Clock.systemUTC());
    }

    /**
     * Starts a snapshot that will replace {@code target} on {@link #commit()}. Creates the target's missing parent
     * directories (mode 0750) and the temporary directory beside it.
     *
     * @throws KvException {@code SnapshotExportError} if the target exists and is not a snapshot, or a directory can
     *     not be created; {@code SnapshotIOError} if the LevelDB database can not be created
     */
    public static SnapshotWriter begin(
            Path target, String store, Serialization serialization, LevelDbEngines engines, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(serialization, "serialization");
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw SnapshotErrors.export(absolute, "choosing the target", new IOException("not a file name"));
        }
        checkReplaceable(absolute);
        Path temporary = parent.resolve(absolute.getFileName() + "." + randomSuffix() + ".tmp");
        try {
            FileTrees.createDirectories(parent);
            Files.createDirectory(temporary, FileTrees.directoryAttributes());
        } catch (IOException e) {
            throw SnapshotErrors.export(temporary, "creating the temporary directory", e);
        }
        LevelDb db;
        try {
            db = engines.create(temporary.resolve(SnapshotLayout.DATABASE));
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw SnapshotErrors.database(temporary, "creating the database", e);
        }
        return new SnapshotWriter(absolute, temporary, store, serialization, clock, db);
    }

    /** The directory the snapshot will have once committed. */
    public Path target() {
        return target;
    }

    /**
     * Adds an entry. Keys are the raw UTF-8 bytes of the store's keys and values its stored bytes, both unchanged; a
     * key put twice keeps its last value. Entries are buffered and written in batches.
     *
     * @throws KvException {@code SnapshotIOError} if LevelDB fails; the snapshot is then abandoned
     */
    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        requireOpen();
        try {
            if (batch == null) {
                batch = db.newBatch();
            }
            batch.put(key, value);
            if (batch.size() >= BATCH_ENTRIES || batch.bytes() >= BATCH_BYTES) {
                flush();
            }
        } catch (RuntimeException e) {
            abandon();
            throw e instanceof KvException k ? k : SnapshotErrors.database(temporary, "writing entries", e);
        }
    }

    /**
     * Completes the snapshot and moves it into place (see the class comment), replacing any previous snapshot there.
     *
     * @throws KvException {@code SnapshotIOError} if LevelDB fails, {@code SnapshotExportError} if a file-system step
     *     fails; either way the target is as it was and the temporary directory is gone
     */
    public SnapshotWriteResult commit() {
        requireOpen();
        try {
            flush();
            long entries = countEntries();
            closeDatabase();
            SnapshotManifest manifest = new SnapshotManifest(
                    SnapshotManifest.FORMAT_VERSION,
                    store,
                    serialization,
                    entries,
                    clock.instant(),
                    db.engine().id());
            step("writing the manifest", () -> {
                Files.write(temporary.resolve(SnapshotLayout.MANIFEST), manifest.toJson());
                FileTrees.fsyncTree(temporary);
            });
            moveIntoPlace();
            state = State.COMMITTED;
            step("syncing the parent directory", () -> FileTrees.fsyncDirectory(target.getParent()));
            long bytes;
            try {
                bytes = FileTrees.sizeOf(target);
            } catch (IOException e) {
                throw SnapshotErrors.export(target, "measuring the snapshot", e);
            }
            return new SnapshotWriteResult(entries, bytes);
        } catch (RuntimeException e) {
            if (state == State.OPEN) {
                abandon();
            }
            throw e instanceof KvException k ? k : SnapshotErrors.database(temporary, "writing entries", e);
        }
    }

    /** Abandons the snapshot unless it was committed: the database is closed and the temporary directory removed. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            abandon();
        }
    }

    private void flush() throws DBException {
        if (batch == null) {
            return;
        }
        try (LevelDb.Batch full = batch) {
            batch = null;
            db.write(full, false);
        } catch (IOException e) {
            throw new DBException(e);
        }
    }

    private long countEntries() {
        try {
            return db.forEach(null, (k, v) -> true);
        } catch (DBException e) {
            throw SnapshotErrors.database(temporary, "counting the entries back", e);
        }
    }

    private void closeDatabase() {
        try {
            db.close();
        } catch (IOException e) {
            throw SnapshotErrors.database(temporary, "closing the database", e);
        }
    }

    private void moveIntoPlace() {
        Path parent = target.getParent();
        synchronized (REPLACING.computeIfAbsent(target, t -> new Object())) {
            checkReplaceable(target);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path aside = parent.resolve(target.getFileName() + "." + randomSuffix() + ".old");
                step(
                        "moving the previous snapshot aside",
                        () -> Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE));
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    restore(aside, e);
                    throw SnapshotErrors.export(target, "renaming the new snapshot into place", e);
                }
                try {
                    FileTrees.deleteTree(aside);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete the previous snapshot at " + aside, e);
                }
            } else {
                step(
                        "renaming the new snapshot into place",
                        () -> Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE));
            }
        }
    }

    private void restore(Path aside, IOException failure) {
        try {
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            failure.addSuppressed(e);
            LOG.log(
                    Level.SEVERE,
                    "could not move the previous snapshot back to " + target + "; it is complete at " + aside,
                    e);
        }
    }

    private static void checkReplaceable(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (Files.isSymbolicLink(target) || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw SnapshotErrors.export(
                        target,
                        "checking the target",
                        new IOException("exists and is not a gridkv snapshot directory; refusing to replace it"));
            }
            if (!Files.exists(target.resolve(SnapshotLayout.MANIFEST)) && !FileTrees.isEmptyDirectory(target)) {
                throw SnapshotErrors.export(
                        target,
                        "checking the target",
                        new IOException("is a non-empty directory without " + SnapshotLayout.MANIFEST
                                + ", not a gridkv snapshot; refusing to replace it"));
            }
        } catch (IOException e) {
            throw SnapshotErrors.export(target, "checking the target", e);
        }
    }

    private void abandon() {
        state = State.ABANDONED;
        if (batch != null) {
            try {
                batch.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing an abandoned batch", e);
            }
            batch = null;
        }
        try {
            db.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing an abandoned snapshot database", e);
        }
        deleteQuietly(temporary);
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove the abandoned snapshot directory " + dir, e);
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException(
                    "snapshot writer for " + target + " is " + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private void step(String what, IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw SnapshotErrors.export(target, what, e);
        }
    }

    private static String randomSuffix() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
