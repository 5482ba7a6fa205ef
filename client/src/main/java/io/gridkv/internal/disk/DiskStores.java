package io.gridkv.internal.disk;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.internal.leveldb.LevelDb;
import io.gridkv.internal.leveldb.LevelDbEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The disk stores of one member, under {@code <dataDir>/disk/}: one directory per store, opened on first use and
 * closed when the member shuts down.
 *
 * <p>Directory names encode the store name (letters, digits, {@code -} and {@code _} kept, every other byte of its
 * UTF-8 as {@code %XX}), so any store name is a safe single path element and reads back exactly.
 */
public final class DiskStores {
    private static final Logger LOG = Logger.getLogger(DiskStores.class.getName());
    private static final String USER_CONTEXT_KEY = DiskStores.class.getName();
    private static final String DISK_DIR = "disk";
    private static final String STAGED_DIR = "disk-staged";

    private final Path root;
    private final Path staged;
    private final ConcurrentMap<String, DiskStore> open = new ConcurrentHashMap<>();
    private volatile DiskSettler settler;

    private DiskStores(Path dataDir) {
        this.root = dataDir == null ? null : dataDir.resolve(DISK_DIR);
        this.staged = dataDir == null ? null : dataDir.resolve(STAGED_DIR);
    }

    /** The disk stores of {@code member} (which must be a member, not a client). */
    public static DiskStores of(HazelcastInstance member) {
        return (DiskStores) member.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, k -> {
            Path dataDir = (Path) member.getUserContext().get(HazelcastConfigs.DATA_DIR_KEY);
            DiskStores stores = new DiskStores(dataDir);
            stores.stagePreviousFiles();
            if (dataDir != null) {
                DiskSettler settler = new DiskSettler(member);
                stores.settler = settler;
                member.getCluster().addMembershipListener(settler);
                member.getPartitionService().addMigrationListener(settler);
                member.getLifecycleService().addLifecycleListener(event -> {
                    if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                        settler.close();
                    } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                        stores.closeAll();
                    }
                });
            }
            return stores;
        });
    }

    /**
     * How many times this member, as the oldest, has rewritten every live disk store to the files of the members that
     * now own and back up its partitions (see {@code DiskSettler}).
     */
    public long settlePasses() {
        return settler == null ? 0 : settler.passes();
    }

    /**
     * The store's files on this member, opened (or created) on first use.
     *
     * @throws KvException {@code DiskPathError} when the member has no data directory; {@code DiskStoreOpenError}
     *     when LevelDB can not open the files
     */
    public DiskStore store(String store) {
        DiskStore existing = open.get(store);
        if (existing != null) {
            return existing;
        }
        if (root == null) {
            throw new KvException(
                    KvError.DiskPathError,
                    "store \"" + store + "\" uses the disk backend, but this member has no data directory"
                            + " (start it with --data-dir, or ClusterSettings.dataDir)");
        }
        return open.computeIfAbsent(store, s -> {
            Path dir = root.resolve(directoryName(s));
            try {
                return new DiskStore(s, LevelDbEngines.system().openOrCreate(dir));
            } catch (IOException | RuntimeException e) {
                throw new KvException(
                        KvError.DiskStoreOpenError, "store \"" + s + "\": cannot open " + dir + ": " + e, e);
            }
        });
    }

    /**
     * Sets aside the files an earlier life of this member left ({@code disk/<store>} to
     * {@code disk-staged/<store>/<n>}), before anything of this life is written. They are what this member offers
     * when the cluster loads a store after a restart ({@link #forEachStaged}), and they are dropped once the store is
     * live ({@link #dropStaged}) — if the cluster was already live when this member joined, they are stale, and the
     * member gets its share from the others.
     */
    private void stagePreviousFiles() {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        for (Path dir : directories(root)) {
            Path target = staged.resolve(dir.getFileName().toString())
                    .resolve(System.currentTimeMillis() + "-" + Long.toHexString(System.nanoTime()));
            try {
                Files.createDirectories(target.getParent());
                Files.move(dir, target);
                LOG.info("disk store files of an earlier run set aside for loading: " + target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set aside " + dir + " for loading", e);
            }
        }
    }

    /** The stores this member holds files of an earlier life for. */
    public List<String> stagedStores() {
        List<String> names = new ArrayList<>();
        if (staged != null && Files.isDirectory(staged)) {
            for (Path dir : directories(staged)) {
                names.add(storeName(dir.getFileName().toString()));
            }
        }
        return names;
    }

    /** Visits every record of the store in this member's files of earlier lives, then in this life's files. */
    public void forEachStaged(String store, DiskStore.Visitor visitor) {
        if (staged != null) {
            Path dir = staged.resolve(directoryName(store));
            if (Files.isDirectory(dir)) {
                for (Path generation : directories(dir)) {
                    try (LevelDb db = LevelDbEngines.system().openExisting(generation, false)) {
                        DiskStore.forEach(db, visitor);
                    } catch (IOException e) {
                        throw new KvException(
                                KvError.DiskStoreReadError,
                                "store \"" + store + "\": cannot read " + generation + ": " + e,
                                e);
                    }
                }
            }
        }
        if (root != null && Files.isDirectory(root.resolve(directoryName(store)))) {
            store(store).forEach(visitor);
        }
    }

    /** Deletes the store's files of earlier lives: the store is live, and its records are in this life's files. */
    public void dropStaged(String store) {
        if (staged == null) {
            return;
        }
        Path dir = staged.resolve(directoryName(store));
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + dir + " (files of an earlier run, no longer needed)", e);
        }
    }

    private static List<Path> directories(Path parent) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Files::isDirectory)) {
            dirs.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private void closeAll() {
        open.values().forEach(s -> {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + s.directory() + " failed", e);
            }
        });
        open.clear();
    }

    static String directoryName(String store) {
        StringBuilder out = new StringBuilder();
        for (byte b : store.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    static String storeName(String directoryName) {
        return java.net.URLDecoder.decode(directoryName.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
