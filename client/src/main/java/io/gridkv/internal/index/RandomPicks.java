package io.gridkv.internal.index;

/**
 * Random keys drawn ahead of the calls that take them, by one thread, for one prefix: while the key set has not changed
 * since they were drawn, handing them out one by one is the same as drawing each at its call — every pick is an
 * independent, uniform draw from the same set. A change of the set (any add or remove, see {@link KeyTracker})
 * discards them.
 *
 * <p>Why: at a million keys a pick is a read from one random place of megabytes of key references, a cache and TLB
 * miss (~250 ns here, against ~20 ns for a set that fits the cache). Drawn one at a time, each pick waits for its
 * miss; drawn many at once, the positions are found first (in the small, cached chunk-size tree) and the references
 * read in a second loop of independent loads, so the processor waits for many misses at the same time.
 *
 * <p>How many to draw: one after a change, doubling each time a whole batch was taken without one, up to
 * {@value #MAX_BATCH}; halving when the set changed under a batch. So a store whose keys change between most picks
 * draws one key per pick, as it would without this, and a stable pool of test data — the usual load-test case — is
 * drawn {@value #MAX_BATCH} at a time.
 *
 * <p>Not thread-safe: one per thread (and prefix).
 */
final class RandomPicks {
    static final int MAX_BATCH = 64;

    final String prefix;
    private final String[] drawn = new String[MAX_BATCH];
    private final long[] positions = new long[MAX_BATCH];
    private int next;
    private int count;
    /** The key set's version the picks and the prefix's rank range were taken at; -1: none yet. */
    private long version = -1;

    private int from;
    private int to;
    private int batch = 1;

    RandomPicks(String prefix) {
        this.prefix = prefix;
    }

    /** The next pick drawn at {@code version}, or {@code null} when none is left or the set has changed since. */
    String next(long version) {
        return next < count && this.version == version ? drawn[next++] : null;
    }

    /**
     * Draws a new batch from {@code keys} at {@code version} and answers its first pick ({@code ""} when the prefix
     * has no key). The caller holds the read lock, so neither changes meanwhile.
     */
    String draw(SortedKeySet keys, long version) {
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
        keys.drawInto(from, to - from, batch, positions, drawn);
        count = batch;
        next = 1;
        return drawn[0];
    }
}
