package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import io.gridkv.KvError;
import io.gridkv.KvException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * What this member refuses or holds back for each store while a backup or a restore runs (SPEC.md a.6): the
 * "mutation block" xk6-kv keeps in its process, here kept on every member, because every member runs mutations.
 *
 * <p>A coordinator ({@code engine.Snapshots}) sets a store's block on every member before it reads or replaces the
 * store, renews it while it works and lifts it when done. A block also lapses on its own after its lease, so a
 * coordinator that dies (a client killed mid-backup) blocks writers for at most one lease.
 *
 * <p>Why setting it on each member is enough: mutations run as partition operations on their key's owner, which
 * checks the block first. Once every member has the block, every later mutation is refused, and one that checked just
 * before finishes on its partition thread before anything the coordinator sends to that partition afterwards.
 *
 * <p>Concurrency: thread-safe; checked on partition threads, so the check is a read of the map's size (and a lookup
 * only while some store has a block).
 */
public final class StoreBlocks {
    private static final String USER_CONTEXT_KEY = StoreBlocks.class.getName();

    /** Who blocks a store; each refuses mutations with its own error name. */
    public enum Kind {
        BACKUP(KvError.BackupInProgressError, "a backup"),
        RESTORE(KvError.RestoreInProgressError, "a restore");

        private final KvError error;
        private final String what;

        Kind(KvError error, String what) {
            this.error = error;
            this.what = what;
        }

        /** The error a caller gets for trying what this block forbids on {@code store}. */
        public KvException refusal(String store, String attempted) {
            return new AnsweredError(
                    error,
                    attempted + " refused: " + what + " of store \"" + store + "\" is in progress; retry when it ends");
        }
    }

    private record Block(Kind kind, long token, boolean holdReads, long untilNanos) {
        boolean live(long now) {
            return now - untilNanos < 0;
        }
    }

    /** Every member's blocks in this JVM, for {@link HoldReadsInterceptor}, which Hazelcast does not tell its member. */
    private static final Set<StoreBlocks> IN_THIS_JVM =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * Nearly always empty: the checks every read and mutation make ask {@link ConcurrentHashMap#isEmpty} first (two
     * field reads), and look the store up only when some store has a block.
     */
    private final ConcurrentMap<String, Block> blocks = new ConcurrentHashMap<>();

    private StoreBlocks() {}

    /** The blocks of {@code member}, kept in its user context. */
    public static StoreBlocks of(HazelcastInstance member) {
        return (StoreBlocks) member.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, k -> {
            StoreBlocks blocks = new StoreBlocks();
            IN_THIS_JVM.add(blocks);
            return blocks;
        });
    }

    /**
     * {@link #awaitReads} for whichever member of this JVM runs the read. Several members in one JVM (tests) belong to
     * one cluster and get the same blocks; two clusters in one JVM restoring stores of the same name at once would
     * hold each other's reads for a moment, nothing worse.
     */
    static void awaitReadsInThisJvm(String store) {
        synchronized (IN_THIS_JVM) {
            for (StoreBlocks blocks : IN_THIS_JVM) {
                blocks.awaitReads(store);
            }
        }
    }

    /** Sets (or renews) {@code store}'s block for {@code leaseMillis}; {@code holdReads} makes single-key reads wait. */
    void set(String store, Kind kind, long token, boolean holdReads, long leaseMillis) {
        blocks.put(
                store,
                new Block(kind, token, holdReads, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis)));
    }

    /** Lifts {@code store}'s block if it is still the one {@code token} set. */
    void lift(String store, long token) {
        blocks.computeIfPresent(store, (s, b) -> b.token() == token ? null : b);
    }

    /** Why a mutation of {@code store} must be refused now, or {@code null} when it may run. */
    KvException mutationRefusal(String store) {
        if (blocks.isEmpty()) {
            return null;
        }
        Block block = blocks.get(store);
        return block != null && block.live(System.nanoTime()) ? block.kind().refusal(store, "write") : null;
    }

    /** Whether a restore holds single-key reads of {@code store} now (from before its swap until its block lifts). */
    public boolean readsHeld(String store) {
        if (blocks.isEmpty()) {
            return false;
        }
        Block block = blocks.get(store);
        return block != null && block.holdReads() && block.live(System.nanoTime());
    }

    /**
     * @throws RetryableHazelcastException while a restore swaps {@code store}'s contents: Hazelcast sends the read
     *     again, so it sees the old contents or the new, never a mix
     */
    void awaitReads(String store) {
        if (readsHeld(store)) {
            throw new RetryableHazelcastException(
                    "store \"" + store + "\" is being replaced by a restore; this read is retried when it is done");
        }
    }
}
