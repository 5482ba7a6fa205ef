package io.gridkv.internal.index;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random keys drawn ahead of the calls that take them, by one thread, for one prefix: while the key set has not changed
 * since they were drawn, handing them out one by one is the same as drawing each at its call — every pick is an
 * independent, uniform draw from the same set. A change of the set (any add or remove, see {@link KeyTracker})
 * discards them.
 *
 * <p>Why: a pick drawn at its call takes the index's read lock and, with a prefix, two searches for the prefix's rank
 * range that compare keys — most of a pick's cost while the keys fit the CPU cache (a prefixed pick over 1k keys went
 * from 73 to 25–32 ns). A stock of picks is taken without a lock, and the rank range is kept with them. (At a million
 * keys what a draw from the sorted set costs is its descent to the key's chunk, not the lock; the tracker's flat copy
 * of a set that stands unchanged removes that.)
 *
 * <p>How many to draw: twice as many as last time when the whole stock was taken with the set unchanged, up to
 * {@value #MAX_BATCH}; half as many when the set changed under it. So a store whose keys change between most picks
 * soon draws one key per pick, as it would without this, and a stable pool of test data — the usual load-test case —
 * is drawn {@value #MAX_BATCH} at a time.
 *
 * <p>Not thread-safe: one per thread (and prefix).
 */
final class RandomPicks {
    static final int MAX_BATCH = 64;

    final String prefix;
    private final String[] drawn = new String[MAX_BATCH];
    private int next;
    private int count;
    /** The key set's version the picks and the prefix's rank range were taken at; -1: none yet. */
    private long version = -1;

    private int from;
    private int to;
    private int batch = 1;
    /** Written so the reads of the drawn keys are not optimised away. */
    @SuppressWarnings("unused")
    private int readAhead;

    RandomPicks(String prefix) {
        this.prefix = prefix;
    }

    /** The next pick drawn at {@code version}, or {@code null} when none is left or the set has changed since. */
    String next(long version) {
        return next < count && this.version == version ? drawn[next++] : null;
    }

    /**
     * Draws a new batch from {@code keys} at {@code version} and answers its first pick ({@code ""} when the prefix
     * has no key); from {@code flat}, the same keys in one array, when there is one. The caller holds the read lock,
     * so none of them changes meanwhile.
     */
    String draw(SortedKeySet keys, String[] flat, long version) {
        if (this.version == version) {
            batch = Math.min(MAX_BATCH, batch * 2);
        } else {
            batch = Math.max(1, batch / 2);
            from = keys.prefixStart(prefix);
            to = keys.prefixEnd(prefix);
            this.version = version;
        }
        if (from == to) {
            count = 0;
            return "";
        }
        if (flat != null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < batch; i++) {
                drawn[i] = flat[from + random.nextInt(to - from)];
            }
        } else {
            keys.drawInto(from, to - from, batch, drawn);
        }
        // Read each drawn key once, here, all together: at a million keys the strings (~56 MB) are far outside the
        // CPU cache, and a caller's first look at its pick (even join()'s type check) is a cache miss. Taken one call
        // at a time those misses wait on each other; in this loop they overlap. Measured over 1M keys: 85–95 against
        // 250–300 ns a call of Kv.randomKey. In two passes, because a key is two objects, each a miss of its own, the
        // second found only through the first: the String (hashCode() reads its header alone, the hash cached after
        // the first call), then its characters to the last one, which a caller that uses the key reads and which may
        // lie on the next cache line. In one pass each key's second miss waited on its first; in two, every miss of a
        // pass is independent of the others (at 1M keys 15.3 M → 20.9 M ops/s, a pick then read 15.6 M → 20.5 M).
        int chars = 0;
        for (int i = 0; i < batch; i++) {
            chars += drawn[i].hashCode();
        }
        for (int i = 0; i < batch; i++) {
            String key = drawn[i];
            chars += key.charAt(key.length() - 1);
        }
        readAhead = chars;
        count = batch;
        next = 1;
        return drawn[0];
    }
}
