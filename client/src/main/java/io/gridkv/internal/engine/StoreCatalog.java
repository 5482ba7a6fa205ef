package io.gridkv.internal.engine;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.Backend;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.Serialization;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The cluster-wide record of each store's fixed options (xk6-kv's "configuration lock-in"): the first opener of a
 * store writes them, every later opener — on any host — must ask for the same or fail with
 * {@code KVOptionsConflictError}. Closing handles or clearing the store never resets them.
 *
 * <p>The catalogue map's name is a constant, never derived from configuration (xk6-kv once lost data by naming its
 * bucket after a path).
 */
final class StoreCatalog {
    static final String CATALOG_MAP = "gridkv.catalog";

    private StoreCatalog() {}

    static void lockIn(HazelcastInstance instance, KvOptions options) {
        IMap<String, String> catalog = instance.getMap(CATALOG_MAP);
        String wanted = describe(options);
        // Redone after an unknown outcome (a member failing, a backup not acknowledging in time under load): a
        // put-if-absent that did apply the first time finds its own options and agrees.
        String winner;
        try {
            winner = Redo.untilKnown(n -> CompletableFuture.supplyAsync(
                            () -> catalog.putIfAbsent(options.store(), wanted), KvExecutors.blocking()))
                    .join();
        } catch (CompletionException e) {
            throw Errors.translate(e);
        }
        if (winner != null && !winner.equals(wanted)) {
            throw new KvException(
                    KvError.KVOptionsConflictError,
                    "store \"" + options.store()
                            + "\" is already open with " + winner + "; this open asked for " + wanted
                            + " (a store's options are fixed by its first opener)");
        }
    }

    /** The options the store's first opener fixed, if anyone opened it yet. */
    static Optional<KvOptions> find(HazelcastInstance instance, String store) {
        String fixed = instance.<String, String>getMap(CATALOG_MAP).get(store);
        if (fixed == null) {
            return Optional.empty();
        }
        KvOptions.Builder b = KvOptions.builder().store(store);
        for (String part : fixed.split(", ")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "serialization" -> b.serialization(Serialization.fromWireName(kv[1]));
                case "trackKeys" -> b.trackKeys(Boolean.parseBoolean(kv[1]));
                case "backend" -> b.backend(Backend.fromWireName(kv[1]));
                case "disk.noSync" -> b.diskNoSync(Boolean.parseBoolean(kv[1]));
                case "disk.readOnly" -> b.diskReadOnly(Boolean.parseBoolean(kv[1]));
                default -> throw new IllegalStateException("unknown catalogue field in \"" + fixed + '"');
            }
        }
        return Optional.of(b.build());
    }

    /** Every store anyone opened in this cluster, by name. */
    static Set<String> names(HazelcastInstance instance) {
        return new TreeSet<>(instance.<String, String>getMap(CATALOG_MAP).keySet());
    }

    /** The canonical text of the options that must match; also what the conflict message shows. */
    static String describe(KvOptions options) {
        String described = "serialization=" + options.serialization().wireName() + ", trackKeys=" + options.trackKeys();
        if (options.backend() == Backend.DISK) { // memory stores keep the text earlier versions wrote
            described +=
                    ", backend=disk, disk.noSync=" + options.diskNoSync() + ", disk.readOnly=" + options.diskReadOnly();
        }
        return described;
    }
}
