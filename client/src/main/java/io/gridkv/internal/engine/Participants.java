package io.gridkv.internal.engine;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.cluster.ClusterSettings;
import io.gridkv.cluster.HazelcastConfigs;
import io.gridkv.internal.disk.DiskStores;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The three ways in: a member started here, a client started here, or an instance the caller owns. */
public final class Participants {
    private Participants() {}

    static {
        KvExecutors.init();
    }

    public static Kv embedded(ClusterSettings cluster, KvOptions options) {
        Objects.requireNonNull(options, "options");
        return openOwned("member", () -> startMember(cluster), options);
    }

    /**
     * Starts a gridkv member: a Hazelcast member whose files of disk stores, left by an earlier run, are set aside at
     * once for loading (see {@code DiskStores}), before this run writes any.
     */
    public static HazelcastInstance startMember(ClusterSettings cluster) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(cluster));
        try {
            DiskStores.of(member);
        } catch (RuntimeException e) {
            member.shutdown();
            throw e;
        }
        return member;
    }

    public static Kv client(ClusterSettings cluster, KvOptions options) {
        Objects.requireNonNull(options, "options");
        return openOwned("client", () -> HazelcastClient.newHazelcastClient(HazelcastConfigs.client(cluster)), options);
    }

    public static Kv using(HazelcastInstance instance, KvOptions options) {
        return StoreEngine.open(
                Objects.requireNonNull(instance, "instance"), false, Objects.requireNonNull(options, "options"));
    }

    /** The options a store's first opener fixed cluster-wide, if it was ever opened. */
    public static Optional<KvOptions> fixedOptions(HazelcastInstance instance, String store) {
        return StoreCatalog.find(instance, store);
    }

    /**
     * Fixes {@code options} for their store cluster-wide if nobody has yet, else checks they match what is fixed.
     *
     * @throws KvException {@code KVOptionsConflictError} when the store is fixed with other options
     */
    public static void lockIn(HazelcastInstance instance, KvOptions options) {
        StoreCatalog.lockIn(instance, options);
    }

    /** The names of every store ever opened in the cluster of {@code instance}, sorted. */
    public static Set<String> storeNames(HazelcastInstance instance) {
        return StoreCatalog.names(instance);
    }

    /** The number of keys in {@code store}, without opening a handle on it. */
    public static long keyCount(HazelcastInstance instance, String store) {
        return instance.getMap(StoreEngine.mapName(store)).size();
    }

    private static Kv openOwned(String what, Supplier<HazelcastInstance> start, KvOptions options) {
        HazelcastInstance instance;
        try {
            instance = start.get();
        } catch (RuntimeException e) {
            throw new KvException(
                    KvError.UnknownError, "could not start the gridkv " + what + ": " + e.getMessage(), e);
        }
        try {
            return StoreEngine.open(instance, true, options);
        } catch (RuntimeException e) {
            instance.shutdown();
            throw e;
        }
    }
}
