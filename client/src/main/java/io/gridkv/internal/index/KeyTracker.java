package io.gridkv.internal.index;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import io.gridkv.internal.processor.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This participant's replica of one store's key set, kept in key order with counts ({@link SortedKeySet}) so prefix
 * counts, random picks and ordered pages are local O(log n) reads.
 *
 * <p><b>How it stays equal to the map.</b> The entry listener is registered first; a (re)build then records the events
 * that arrive while it reads the cluster's key set, builds a fresh set, replays the recorded events on it in arrival
 * order and swaps it in. Hazelcast delivers the events of one key in order, so the last event replayed for a key is
 * its latest change, and keys without events are as the key set read them: the replica converges whatever the
 * interleaving. Events can still be lost (a member crash, an overflowing event queue), so the replica also rebuilds
 * when a member leaves, after a map clear (clear events are not ordered with key events), and when a periodic check
 * finds its size different from the map's twice in a row with no event in between.
 *
 * <p><b>Reading your own writes.</b> Events arrive after the write's response, so an index read first waits (bounded)
 * until this participant's completed writes have reached the replica; see {@link PendingWrites}. Reads do not wait for
 * other participants' writes: the replica is eventually consistent for them (a random pick may name a key deleted a
 * moment ago).
 *
 * <p>Concurrency: the set is guarded by a read-write lock; events take the write lock, reads the read lock. Rebuilds
 * run one at a time on the blocking executor; requests made during a rebuild are served by the next one.
 *
 * <p>Failure: if waiting for an own write times out (its event was lost), the read triggers a rebuild and waits for
 * it instead. A failed rebuild leaves the previous replica in place and is retried by the next check.
 */
public final class KeyTracker {
    private static final Logger LOG = Logger.getLogger(KeyTracker.class.getName());

    static final long AWAIT_OWN_WRITES_MILLIS = Long.getLong("gridkv.index.awaitOwnWritesMillis", 5_000);
    static final long CHECK_INTERVAL_MILLIS = Long.getLong("gridkv.index.checkIntervalMillis", 5_000);

    /** How many prefixes a thread keeps random picks drawn ahead for (a script often alternates a few). */
    private static final int PICKED_PREFIXES = 4;

    /** The fewest unchanged draws before {@link #flat} is made: a set that changes between most picks never gets one. */
    private static final int FLAT_AFTER_DRAWS = 16;

    private static final CompletableFuture<Void> SETTLED = CompletableFuture.completedFuture(null);

    private final HazelcastInstance instance;
    private final IMap<String, ?> map;
    private final Executor blocking;
    private final Executor async;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final PendingWrites pending = new PendingWrites();
    private final AtomicLong events = new AtomicLong();
    private final List<ClearWatch> clears = new CopyOnWriteArrayList<>();

    private SortedKeySet keys = new SortedKeySet(); // guarded by lock
    /** Counts the changes of {@link #keys} (made under the write lock): random picks drawn ahead hold while it stands. */
    private volatile long keysVersion;
    /**
     * The keys of {@link #keys} in one array, once the set has stood unchanged through enough random draws to pay for
     * copying it ({@link #flatCopy}); null until then, and again from the next change. A random pick from it reads one
     * slot of one array, where the sorted set descends its chunk tree first: at a million keys ~5 ns against 60–80 ns
     * (measured on this machine), which makes a pick's time nearly independent of the store's size. Costs a reference
     * per key while it lasts. Made on the blocking executor ({@link #makeFlat}), so no caller waits for the copy (~4 ms
     * a million keys, under the read lock: index updates do wait). Written only under the lock: cleared under the
     * write lock, set under the read lock, so a non-null value read under either lock is a copy of the current set.
     */
    private volatile String[] flat;
    /** Random draws served by the current {@link #keys} since it last changed. */
    private final AtomicLong drawsSinceChange = new AtomicLong();
    /** Each thread's picks drawn ahead, for the last few prefixes it asked for ({@link RandomPicks}). */
    private final ThreadLocal<RandomPicks[]> picks = ThreadLocal.withInitial(() -> new RandomPicks[PICKED_PREFIXES]);

    private List<KeyEvent> replayLog; // guarded by lock; non-null while a rebuild reads the key set

    private final Object rebuildState = new Object();
    private CompletableFuture<Void> nextRebuild; // guarded by rebuildState
    private boolean rebuilding; // guarded by rebuildState

    private volatile boolean closed;
    private volatile CompletableFuture<Void> afterClear = CompletableFuture.completedFuture(null);
    private long suspectAtEvents = -1; // only touched by the periodic check
    private UUID entryListener;
    private UUID membershipListener;
    private ScheduledFuture<?> checker;

    private KeyTracker(HazelcastInstance instance, IMap<String, ?> map, Executor blocking, Executor async) {
        this.instance = instance;
        this.map = map;
        this.blocking = blocking;
        this.async = async;
    }

    /**
     * Registers the listeners, loads the replica (blocking until it is loaded) and starts the periodic check.
     *
     * @param blocking runs rebuilds and checks, which block on the cluster
     * @param async completes {@link #barrier()}s, so index reads never run on Hazelcast's event threads
     */
    public static KeyTracker start(
            HazelcastInstance instance,
            IMap<String, ?> map,
            Executor blocking,
            Executor async,
            ScheduledExecutorService timer) {
        KeyTracker t = new KeyTracker(instance, map, blocking, async);
        t.entryListener = map.addEntryListener(t.new Listener(), false);
        t.membershipListener = instance.getCluster().addMembershipListener(t.new MemberWatcher());
        try {
            t.rebuild().join();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        t.checker = timer.scheduleWithFixedDelay(
                t::scheduleCheck, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return t;
    }

    // ---- writes announced by this participant ----

    public PendingWrites.Write beginWrite(String key) {
        return pending.begin(key);
    }

    /** The write finished with {@code effect} on the key's presence, or failed ({@code null}). */
    public void endWrite(PendingWrites.Write write, Effect effect) {
        pending.responded(write, effect);
    }

    /**
     * Completes once every write this participant completed before the call is in the replica (or a rebuild made
     * sure of it). Completes on a gridkv thread, never on a Hazelcast event thread.
     */
    public CompletableFuture<Void> barrier() {
        List<PendingWrites.Write> writes = pending.awaiting();
        CompletableFuture<Void> clear = afterClear;
        if (writes.isEmpty() && clear.isDone()) {
            return SETTLED;
        }
        CompletableFuture<Void> own = writes.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : PendingWrites.allSettled(writes)
                        .orTimeout(AWAIT_OWN_WRITES_MILLIS, TimeUnit.MILLISECONDS)
                        .exceptionallyCompose(t -> {
                            LOG.warning("key index of " + map.getName() + " missed an event for "
                                    + AWAIT_OWN_WRITES_MILLIS + " ms; rebuilding it");
                            return rebuild();
                        });
        return CompletableFuture.allOf(own, clear.exceptionally(t -> null)).thenApplyAsync(Function.identity(), async);
    }

    /**
     * Runs this participant's clear of the store — {@code removeAll} removes every entry and answers the removed keys
     * — and completes once the replica has applied each of those removals, so reads after the clear never see them.
     * Removals are watched from before the clear starts, so an event that overtakes its answer is not missed; if one
     * is lost, the replica is rebuilt instead. Fails as {@code removeAll} fails (after a rebuild).
     */
    public CompletableFuture<Void> clear(Supplier<CompletableFuture<Set<String>>> removeAll) {
        ClearWatch watch = new ClearWatch();
        clears.add(watch);
        return removeAll
                .get()
                .<CompletableFuture<Void>>handle((removed, failure) -> {
                    if (failure != null) {
                        return rebuild().handle((v, t) -> {
                            throw new CompletionException(failure);
                        });
                    }
                    watch.expect(removed);
                    return watch.done
                            .orTimeout(AWAIT_OWN_WRITES_MILLIS, TimeUnit.MILLISECONDS)
                            .exceptionallyCompose(t -> rebuild());
                })
                .thenCompose(Function.identity())
                .whenComplete((v, t) -> clears.remove(watch));
    }

    /** Whether the replica already holds every write of this participant: a read needs no {@link #barrier()}. */
    public boolean settled() {
        return pending.isEmpty() && afterClear.isDone();
    }

    // ---- reads ----

    public long count(String prefix) {
        return read(k -> (long) (k.prefixEnd(prefix) - k.prefixStart(prefix)));
    }

    /**
     * A uniformly random key with {@code prefix}, or {@code ""}: one drawn ahead by this thread while the key set is
     * unchanged since (no lock taken), else from a new draw.
     */
    public String randomKey(String prefix) {
        RandomPicks ahead = picksFor(prefix);
        String pick = ahead.next(keysVersion);
        return pick != null ? pick : read(k -> ahead.draw(k, flatCopy(k), keysVersion));
    }

    /**
     * {@link #flat}, or null. The draw that finds the set unchanged through {@code size / 512} draws before it (at least
     * {@value #FLAT_AFTER_DRAWS}) has it made, so copying the keys costs a small part of the draws already served. Under
     * the read lock.
     */
    private String[] flatCopy(SortedKeySet k) {
        String[] copy = flat;
        if (copy == null
                && drawsSinceChange.incrementAndGet() == Math.max(FLAT_AFTER_DRAWS, k.size() / 512)
                && !closed) {
            long version = keysVersion;
            try {
                blocking.execute(() -> makeFlat(version));
            } catch (RejectedExecutionException e) {
                // shutting down: picks go on without the copy, as they do until it is made
            }
        }
        return copy;
    }

    /** Makes {@link #flat} if the keys are still as they were at {@code version}. */
    private void makeFlat(long version) {
        read(k -> {
            if (keysVersion == version && flat == null) {
                flat = k.toArray();
            }
            return null;
        });
    }

    /** This thread's picks for {@code prefix}; a new prefix replaces the one asked for least recently. */
    private RandomPicks picksFor(String prefix) {
        RandomPicks[] mine = picks.get();
        if (mine[0] != null && mine[0].prefix.equals(prefix)) {
            return mine[0];
        }
        for (int i = 1; i < mine.length && mine[i] != null; i++) {
            if (mine[i].prefix.equals(prefix)) {
                RandomPicks found = mine[i];
                System.arraycopy(mine, 0, mine, 1, i); // most recent first
                mine[0] = found;
                return found;
            }
        }
        System.arraycopy(mine, 0, mine, 1, mine.length - 1);
        mine[0] = new RandomPicks(prefix);
        return mine[0];
    }

    public List<String> sample(String prefix, int count, boolean unique) {
        return read(k -> {
            int from = k.prefixStart(prefix);
            String[] copy = flatCopy(k);
            return Sampling.pick(
                    k.prefixEnd(prefix) - from, count, unique, i -> copy != null ? copy[from + i] : k.kth(from + i));
        });
    }

    /** Up to {@code limit} ({@code <= 0}: all) keys with {@code prefix} strictly after {@code after} (UTF-8 bytes). */
    public List<String> keysAfter(String prefix, byte[] after, int limit) {
        return read(k -> {
            int from = k.prefixStart(prefix);
            if (after != null) {
                from = Math.max(from, k.rankAfter(after));
            }
            int available = Math.max(0, k.prefixEnd(prefix) - from);
            return new ArrayList<>(k.range(from, limit <= 0 ? available : Math.min(limit, available)));
        });
    }

    public int size() {
        return read(SortedKeySet::size);
    }

    private <T> T read(Function<SortedKeySet, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(keys);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- events ----

    private void onKeyEvent(String key, Effect effect) {
        events.incrementAndGet();
        lock.writeLock().lock();
        try {
            if (apply(keys, key, effect)) {
                changed();
            }
            if (replayLog != null) {
                replayLog.add(new KeyEvent(key, effect));
            }
        } finally {
            lock.writeLock().unlock();
        }
        pending.observed(key, effect);
        if (effect == Effect.REMOVED && !clears.isEmpty()) {
            clears.forEach(c -> c.removed(key));
        }
    }

    /**
     * A clear event is not ordered with key events (a key written just after the clear may already be in), so the
     * replica is not cleared here but re-read; index reads wait for that rebuild, so none of them sees keys the
     * clear removed once this participant has heard of it.
     */
    private void onCleared() {
        events.incrementAndGet();
        afterClear = rebuild();
    }

    /** Whether the set changed. */
    private static boolean apply(SortedKeySet set, String key, Effect effect) {
        return effect == Effect.ADDED ? set.add(key) : set.remove(key);
    }

    /** {@link #keys} has just changed: picks drawn ahead and the flat copy no longer hold. Under the write lock. */
    private void changed() {
        keysVersion++; // one writer at a time
        flat = null;
        drawsSinceChange.set(0);
    }

    private record KeyEvent(String key, Effect effect) {}

    private final class Listener
            implements EntryAddedListener<String, Object>,
                    EntryRemovedListener<String, Object>,
                    EntryEvictedListener<String, Object>,
                    EntryExpiredListener<String, Object>,
                    MapClearedListener,
                    MapEvictedListener {

        @Override
        public void entryAdded(EntryEvent<String, Object> event) {
            onKeyEvent(event.getKey(), Effect.ADDED);
        }

        @Override
        public void entryRemoved(EntryEvent<String, Object> event) {
            onKeyEvent(event.getKey(), Effect.REMOVED);
        }

        @Override
        public void entryEvicted(EntryEvent<String, Object> event) {
            onKeyEvent(event.getKey(), Effect.REMOVED);
        }

        @Override
        public void entryExpired(EntryEvent<String, Object> event) {
            onKeyEvent(event.getKey(), Effect.REMOVED);
        }

        @Override
        public void mapCleared(MapEvent event) {
            onCleared();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            onCleared();
        }
    }

    private final class MemberWatcher implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {}

        @Override
        public void memberRemoved(MembershipEvent event) {
            // Events the departed member published but never delivered are gone: re-read.
            rebuild();
        }
    }

    // ---- rebuilds ----

    /** Rebuilds the replica from the map; completes after a rebuild that started after this call. */
    public CompletableFuture<Void> rebuild() {
        synchronized (rebuildState) {
            if (nextRebuild != null) {
                return nextRebuild;
            }
            CompletableFuture<Void> requested = new CompletableFuture<>();
            nextRebuild = requested;
            if (!rebuilding) {
                startNextRebuild();
            }
            return requested;
        }
    }

    private void startNextRebuild() { // holds rebuildState
        CompletableFuture<Void> done = nextRebuild;
        nextRebuild = null;
        rebuilding = true;
        blocking.execute(() -> {
            try {
                if (!closed) {
                    load();
                }
                done.complete(null);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "could not rebuild the key index of " + map.getName(), t);
                done.completeExceptionally(t);
            } finally {
                synchronized (rebuildState) {
                    rebuilding = false;
                    if (nextRebuild != null) {
                        startNextRebuild();
                    }
                }
            }
        });
    }

    private void load() {
        List<PendingWrites.Write> completedBefore = pending.awaiting();
        lock.writeLock().lock();
        try {
            replayLog = new ArrayList<>();
        } finally {
            lock.writeLock().unlock();
        }
        try {
            SortedKeySet fresh = SortedKeySet.fromUnsorted(map.keySet());
            lock.writeLock().lock();
            try {
                for (KeyEvent event : replayLog) {
                    apply(fresh, event.key(), event.effect());
                }
                keys = fresh;
                changed();
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            lock.writeLock().lock();
            try {
                replayLog = null;
            } finally {
                lock.writeLock().unlock();
            }
        }
        pending.settle(completedBefore);
    }

    // ---- self-check ----

    private void scheduleCheck() {
        if (!closed) {
            blocking.execute(this::check);
        }
    }

    /** Rebuilds when the replica's size differs from the map's in two checks with no event in between. */
    private void check() {
        try {
            synchronized (rebuildState) {
                if (rebuilding || closed) {
                    return;
                }
            }
            long before = events.get();
            if (!pending.isEmpty()) {
                suspectAtEvents = -1;
                return;
            }
            boolean differs = map.size() != size();
            if (!differs || events.get() != before) {
                suspectAtEvents = -1;
            } else if (suspectAtEvents == before) {
                LOG.warning("key index of " + map.getName() + " disagrees with the map; rebuilding it");
                suspectAtEvents = -1;
                rebuild();
            } else {
                suspectAtEvents = before;
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.FINE, "key index check of " + map.getName() + " failed", e);
            }
        }
    }

    /** Stops listening; the replica is dropped with this object. */
    public void close() {
        closed = true;
        if (checker != null) {
            checker.cancel(false);
        }
        try {
            if (entryListener != null) {
                map.removeEntryListener(entryListener);
            }
            if (membershipListener != null) {
                instance.getCluster().removeMembershipListener(membershipListener);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not remove key index listeners of " + map.getName(), e);
        }
    }
}
