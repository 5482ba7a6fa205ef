package io.gridkv.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.internal.disk.DiskLoad;
import io.gridkv.internal.disk.DiskStores;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The disk stores this node found files of at start, brought back in the background: each is loaded with the other
 * members' files once the cluster is complete, or — when it is already live in the cluster this node joined — its
 * stale files are dropped. The node reports not ready until every one is done, so a rolling restart waits for it.
 */
public final class DiskRecovery {
    private static final Logger LOG = Logger.getLogger(DiskRecovery.class.getName());

    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private DiskRecovery() {}

    /** Starts recovering every store {@code member} has earlier files of, each on {@code executor}. */
    public static DiskRecovery start(HazelcastInstance member, Executor executor) {
        DiskRecovery recovery = new DiskRecovery();
        for (String store : DiskStores.of(member).stagedStores()) {
            recovery.pending.add(store);
            executor.execute(() -> {
                try {
                    DiskLoad.awaitLive(member, store);
                    LOG.info("disk store \"" + store + "\" is live");
                } catch (RuntimeException e) {
                    if (member.getLifecycleService().isRunning()) {
                        LOG.log(Level.SEVERE, "disk store \"" + store + "\" could not be loaded", e);
                    }
                } finally {
                    recovery.pending.remove(store);
                }
            });
        }
        return recovery;
    }

    /** The stores still being recovered. */
    public Set<String> pending() {
        return new TreeSet<>(pending);
    }
}
