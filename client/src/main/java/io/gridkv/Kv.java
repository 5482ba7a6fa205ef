package io.gridkv;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.internal.engine.Participants;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one gridkv store: the xk6-kv API, shared by every participant of a Hazelcast cluster.
 *
 * <p>Open one with {@link #embedded()} (this JVM becomes a member; alone it is a complete single-node store),
 * {@link #connect(String)} (a client of a running cluster) or {@link #using} (an instance you manage). All three give
 * the same answers and the same errors.
 *
 * <pre>{@code
 * Kv kv = Kv.embedded();
 * kv.incrementBy("hits", 1).join();
 * kv.close().join();
 * }</pre>
 *
 * <p><b>Futures.</b> Every method returns at once with a {@link CompletableFuture}; failures complete it
 * exceptionally with a {@link KvException} whose {@link KvException#name() name} is one of {@link KvError}. Dependent
 * stages never run on Hazelcast's threads: non-async stages attached before completion run on gridkv's executor.
 *
 * <p><b>Atomicity.</b> Each single-key operation is atomic with respect to every other operation on that key, from any
 * participant: it runs as one entry processor on the key's owner. Operations on different keys are not ordered with
 * each other.
 *
 * <p><b>Values.</b> Under JSON serialization any value Jackson can turn into JSON is accepted (maps, lists, strings,
 * numbers, booleans, {@code null}, records and POJOs); reads return plain Java values: {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Long} (or {@code BigInteger}), {@code Double}, {@code Boolean} or
 * {@code null}. Under STRING serialization reads always return a {@code String}. Comparisons (compare-and-swap and
 * compare-and-delete) compare the stored bytes, which the one canonical encoder makes equal for equal values.
 *
 * <p><b>Keys</b> are non-empty strings, ordered everywhere by their UTF-8 bytes.
 *
 * <p>Handles are thread-safe. {@link #close()} ends this handle only (and the member or client it started), never the
 * store's data or its fixed options.
 */
public interface Kv {

    /** Starts a single-node member on the default port and opens store {@code "default"}. */
    static Kv embedded() {
        return embedded(ClusterSettings.DEFAULT, KvOptions.DEFAULT);
    }

    /** Starts a single-node member on the default port and opens the store {@code options} name. */
    static Kv embedded(KvOptions options) {
        return embedded(ClusterSettings.DEFAULT, options);
    }

    /**
     * Starts a member in this JVM — joining the members {@code cluster} names, if any — and opens a store on it. The
     * member stops when the handle is closed.
     *
     * @throws KvException {@code KVOptionsConflictError} when the store is already open with other options
     */
    static Kv embedded(ClusterSettings cluster, KvOptions options) {
        return Participants.embedded(cluster, options);
    }

    /** Connects a client to the members {@code "host:port,host:port"} of cluster {@code "gridkv"}. */
    static Kv connect(String members) {
        return connect(members, KvOptions.DEFAULT);
    }

    /** Connects a client to the members {@code "host:port,host:port"} of cluster {@code "gridkv"}. */
    static Kv connect(String members, KvOptions options) {
        return connect(ClusterSettings.builder().members(members).build(), options);
    }

    /**
     * Connects a Hazelcast client to {@code cluster} (its name and members) and opens a store through it. The client
     * stops when the handle is closed.
     */
    static Kv connect(ClusterSettings cluster, KvOptions options) {
        return Participants.client(cluster, options);
    }

    /**
     * Opens a store on an instance you started (member or client). Closing the handle leaves the instance running.
     * gridkv-client must be on the classpath of every member: its classes run there.
     */
    static Kv using(HazelcastInstance instance, KvOptions options) {
        return Participants.using(instance, options);
    }

    /** The options this handle opened with. */
    KvOptions options();

    // ---- basic operations (SPEC a.3) ----

    /** The value at {@code key}; fails with {@code KeyNotFoundError} when absent. A stored {@code null} is null. */
    CompletableFuture<Object> get(String key);

    /** Stores {@code value} at {@code key} (upsert) and completes with the very value passed. */
    CompletableFuture<Object> set(String key, Object value);

    /** Removes {@code key}; completes with {@code true} whether or not it existed. */
    CompletableFuture<Boolean> delete(String key);

    /** Whether {@code key} exists. */
    CompletableFuture<Boolean> exists(String key);

    /** Removes every key of the store; completes with {@code true}. Not a barrier against concurrent writers. */
    CompletableFuture<Boolean> clear();

    /** The number of keys in the store. */
    CompletableFuture<Long> size();

    // ---- atomic operations (SPEC a.4) ----

    /**
     * Adds {@code delta} to the int64 counter at {@code key} (absent counts as 0) and completes with the new value. The
     * stored value must be decimal int64 text, a JSON integer, or a JSON string holding one; otherwise — or if the sum
     * overflows int64 — it fails with {@code ValueParseError} and leaves the value unchanged.
     */
    CompletableFuture<Long> incrementBy(String key, long delta);

    /**
     * As {@link #incrementBy(String, long)}, for a delta of any numeric type: it must be a finite integral number
     * within int64, else the call fails with {@code ValueNumberRequiredError} ({@code 1.5}, {@code NaN}, {@code 1e20},
     * {@code null}).
     */
    CompletableFuture<Long> incrementBy(String key, Number delta);

    /** The current value with {@code loaded = true}, or stores {@code value} and answers it with {@code loaded = false}. */
    CompletableFuture<GetOrSetResult> getOrSet(String key, Object value);

    /** Stores {@code value}; answers the previous value ({@code loaded = true}) or {@code null, loaded = false}. */
    CompletableFuture<SwapResult> swap(String key, Object value);

    /**
     * Stores {@code newValue} if the stored value equals {@code oldValue} (byte-for-byte after encoding). A
     * {@code null} {@code oldValue} means "only if absent" — so a stored JSON null can never be matched here; use
     * {@link #swap} or {@link #compareAndDelete}.
     */
    CompletableFuture<Boolean> compareAndSwap(String key, Object oldValue, Object newValue);

    /** Stores {@code value} only if {@code key} is absent; exactly one of many racing callers wins. */
    CompletableFuture<Boolean> setIfAbsent(String key, Object value);

    /** Removes {@code key} if it exists; exactly one of many racing callers sees {@code true}. */
    CompletableFuture<Boolean> deleteIfExists(String key);

    /** Removes {@code key} if its value equals {@code oldValue}; here {@code null} is a value (matches a stored null). */
    CompletableFuture<Boolean> compareAndDelete(String key, Object oldValue);

    // ---- queries (SPEC a.5, b.3) ----

    /** Every entry, in key order. */
    CompletableFuture<List<Entry>> list();

    /** The entries matching {@code options}, in key order. */
    CompletableFuture<List<Entry>> list(ListOptions options);

    /** Every key, in order. */
    CompletableFuture<List<String>> listKeys();

    /** The keys matching {@code options}, in order. */
    CompletableFuture<List<String>> listKeys(ListOptions options);

    /** All entries in one page. */
    CompletableFuture<ScanPage> scan();

    /**
     * One page of entries strictly after {@code options.cursor()}. Pages are not a snapshot: keys added after the
     * cursor show up later, deleted keys vanish, and no key is returned twice within one walk. Fails with
     * {@code InvalidCursorError} when the cursor is not base64.
     */
    CompletableFuture<ScanPage> scan(ScanOptions options);

    /** All keys in one page. */
    CompletableFuture<KeysPage> scanKeys();

    /** As {@link #scan(ScanOptions)}, keys only. */
    CompletableFuture<KeysPage> scanKeys(ScanOptions options);

    /** The number of keys ({@link #size()}). */
    CompletableFuture<Long> count();

    /** The number of keys starting with {@code prefix}; reflects this participant's completed writes at once. */
    CompletableFuture<Long> count(String prefix);

    /** A uniformly random key, or {@code ""} when the store is empty. */
    CompletableFuture<String> randomKey();

    /**
     * A uniformly random key starting with {@code prefix}, or {@code ""} when none does. With key tracking the pick is
     * local and may name a key another participant deleted a moment ago.
     */
    CompletableFuture<String> randomKey(String prefix);

    /** Several random keys; see {@link RandomKeysOptions}. */
    CompletableFuture<List<String>> randomKeys(RandomKeysOptions options);

    /** Rebuilds this participant's key index from the store (a no-op without key tracking); completes with true. */
    CompletableFuture<Boolean> rebuildKeyList();

    // ---- snapshots (SPEC a.6) ----

    /**
     * Writes the whole store — every member's share — to a LevelDB snapshot directory on this JVM's file system, under
     * a temporary name renamed into place once complete (a failed backup leaves the target as it was).
     *
     * <p>By default the copy is one instant of the whole cluster's store: for as long as the entries are being
     * gathered (not while the files are written), every mutation of the store, from any participant, fails at once with
     * {@code BackupInProgressError} — as xk6-kv does; callers retry it. With
     * {@link BackupOptions#allowConcurrentWrites()} nothing is refused and the result says what may differ.
     *
     * <p>Fails with {@code BackupInProgressError} while another backup of the store runs, {@code RestoreInProgressError}
     * during a restore, {@code SnapshotExportError}/{@code SnapshotIOError} when the files can not be written.
     */
    CompletableFuture<BackupResult> backup(BackupOptions options);

    /**
     * Replaces the store's whole contents with a snapshot's. Nothing changes before the snapshot has been read and
     * checked (manifest, {@code maxEntries}/{@code maxBytes} → {@code SnapshotBudgetExceededError}); while it runs,
     * mutations fail with {@code RestoreInProgressError}, and while the contents are swapped single-key reads wait, so
     * they see either the old contents or the new.
     *
     * <p>Fails with {@code SnapshotNotFoundError} (missing), {@code SnapshotIOError}/{@code SnapshotReadError} (not a
     * snapshot, unreadable, a snapshot of a store with another serialization), {@code BackupInProgressError}/
     * {@code RestoreInProgressError} while another backup or restore of the store runs.
     */
    CompletableFuture<RestoreResult> restore(RestoreOptions options);

    /**
     * Closes this handle: later calls fail with {@code StoreClosedError}; calls already running finish. A member or
     * client the handle started is shut down (a member gracefully, handing its partitions to the others). Idempotent:
     * every call returns the first call's future.
     */
    CompletableFuture<Void> close();
}
