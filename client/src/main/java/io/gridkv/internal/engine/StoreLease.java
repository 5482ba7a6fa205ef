package io.gridkv.internal.engine;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.processor.StoreBlocks;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster-wide claim on a store that backups, restores and clears take, so they never overlap where overlapping
 * would break them: a strict backup must not see half a clear, a restore must not be copied half done. One entry per
 * store in a map, taken with a put-if-absent, so exactly one caller holds it.
 *
 * <p>The entry lives {@value #LEASE_SECONDS} s and its holder renews it every {@value #RENEW_SECONDS} s, so a holder
 * that dies (a client killed mid-backup) frees the store within the lease.
 *
 * <p>Who waits for whom: clears are short, so a backup, restore or clear that finds a clear running waits for it (at
 * most {@value #WAIT_SECONDS} s); one that finds a backup or restore running fails at once with that one's error, as
 * xk6-kv does — except a clear during a backup that allows concurrent writes, which goes ahead without the lease.
 */
final class StoreLease implements AutoCloseable {
    static final String LEASE_MAP = "gridkv.store-leases";
    static final long LEASE_SECONDS = 30;
    static final long RENEW_SECONDS = 10;
    private static final long WAIT_SECONDS = 30;
    private static final long WAIT_STEP_MILLIS = 20;
    private static final Logger LOG = Logger.getLogger(StoreLease.class.getName());

    /** What a holder is doing. */
    enum Purpose {
        BACKUP,
        /** A backup that lets writers run: clears go ahead too. */
        BACKUP_WITH_WRITES,
        RESTORE,
        CLEAR;

        /** The member-side block a holder for this purpose sets, or {@code null} when writers may run. */
        StoreBlocks.Kind block() {
            return switch (this) {
                case BACKUP -> StoreBlocks.Kind.BACKUP;
                case RESTORE -> StoreBlocks.Kind.RESTORE;
                case BACKUP_WITH_WRITES, CLEAR -> null;
            };
        }

        KvException refusal(String store, Purpose wanted) {
            StoreBlocks.Kind kind = this == RESTORE ? StoreBlocks.Kind.RESTORE : StoreBlocks.Kind.BACKUP;
            return kind.refusal(store, wanted == RESTORE ? "restore" : wanted == CLEAR ? "clear" : "backup");
        }
    }

    private final IMap<String, String> leases;
    private final String store;
    private final String value;
    private final long token;
    private final ScheduledFuture<?> renewal;

    private StoreLease(IMap<String, String> leases, String store, String value, long token, Runnable onRenew) {
        this.leases = leases;
        this.store = store;
        this.value = value;
        this.token = token;
        this.renewal = value == null
                ? null
                : KvExecutors.timer()
                        .scheduleWithFixedDelay(() -> renew(onRenew), RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Takes the store's lease for {@code purpose}; {@code onRenew} runs at each renewal (in a timer thread).
     *
     * @throws KvException {@code BackupInProgressError}/{@code RestoreInProgressError} when one is running, or
     *     {@code OperationCanceledError} when a clear did not end within the wait
     */
    static StoreLease acquire(HazelcastInstance instance, String store, Purpose purpose, Runnable onRenew) {
        IMap<String, String> leases = instance.getMap(LEASE_MAP);
        long token = ThreadLocalRandom.current().nextLong();
        String value = purpose.name() + ':' + Long.toUnsignedString(token, 16);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            String holder = leases.putIfAbsent(store, value, LEASE_SECONDS, TimeUnit.SECONDS);
            if (holder == null || holder.equals(value)) { // equal: our own put, redone after an unknown outcome
                return new StoreLease(leases, store, value, token, onRenew);
            }
            Purpose held = Purpose.valueOf(holder.substring(0, holder.indexOf(':')));
            if (held == Purpose.BACKUP_WITH_WRITES && purpose == Purpose.CLEAR) {
                return new StoreLease(leases, store, null, token, onRenew); // nothing to hold: writers may run
            }
            if (held != Purpose.CLEAR) {
                throw held.refusal(store, purpose);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KvException(
                        KvError.OperationCanceledError,
                        "a clear of store \"" + store + "\" did not end within " + WAIT_SECONDS + " s");
            }
            try {
                Thread.sleep(WAIT_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvException(KvError.OperationCanceledError, "interrupted while waiting for a clear", e);
            }
        }
    }

    /** A number that names this holding, for the member-side blocks it sets. */
    long token() {
        return token;
    }

    private void renew(Runnable onRenew) {
        try {
            if (value.equals(leases.get(store))) {
                leases.setTtl(store, LEASE_SECONDS, TimeUnit.SECONDS);
            }
            onRenew.run();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not renew the lease on store \"" + store + "\"; it lapses in " + LEASE_SECONDS
                            + " s unless a later renewal gets through",
                    e);
        }
    }

    @Override
    public void close() {
        if (value == null) {
            return;
        }
        renewal.cancel(false);
        try {
            leases.remove(store, value);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not release the lease on store \"" + store + "\"; it lapses within " + LEASE_SECONDS + " s",
                    e);
        }
    }
}
