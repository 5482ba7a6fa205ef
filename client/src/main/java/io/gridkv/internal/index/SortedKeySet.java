package io.gridkv.internal.index;

import io.gridkv.internal.codec.Utf8Order;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An ordered set of keys with order statistics: the replica of a store's key set that the key index
 * ({@code trackKeys}) keeps, so that a random key (optionally within a prefix), a prefix count and a page of
 * keys after a cursor are each answered locally in O(log n).
 *
 * <p>Order is {@link Utf8Order}: by the UTF-8 bytes of the key, as everywhere in gridkv. Keys sharing a prefix
 * are contiguous in it, so a prefix is a half-open rank range {@code [prefixStart, prefixEnd)} and "a random key
 * with prefix p" is {@code kth(prefixStart + random(prefixEnd - prefixStart))}.
 *
 * <p>Structure. A balanced tree of one node per key (a treap, as xk6-kv uses) costs a node of 30 to 40 bytes
 * per key and a pointer chase, usually a cache miss, per level: some 20 misses per search at a million keys,
 * twice that if every level also reads its key's string. Here the keys live in a short list of sorted
 * <em>chunks</em>, each a {@code String[]} of at most {@code chunkCapacity} keys, with a Fenwick tree over the
 * chunk sizes that turns "rank of chunk c" and "chunk holding rank i" into O(log C) walks over C ints:
 * <ul>
 *   <li>{@code kth}: Fenwick descent, then one array read; no key is compared.</li>
 *   <li>{@code rank}, {@code prefixStart}, {@code prefixEnd}, {@code rankAfter}: binary search over the chunks'
 *       first keys, then inside one chunk, plus a Fenwick prefix sum.</li>
 *   <li>{@code add}/{@code remove}: the same search, then an {@code arraycopy} shift inside one chunk and a
 *       Fenwick update. A full chunk splits in two, except that a key past either end of the set starts a new
 *       chunk there, so keys added in ascending order fill chunks completely. A chunk left below a quarter
 *       full by a remove merges with or borrows from a neighbour: every chunk but the first and the last stays
 *       at least a quarter full, and the structure does not decay after heavy deletes. Splits and merges
 *       renumber chunks and rebuild the Fenwick tree in O(C), once per hundreds of updates.</li>
 *   <li>{@code range}: {@code arraycopy} from consecutive chunks.</li>
 * </ul>
 *
 * <p>Heads. A binary search that reads a {@code String} per step takes two cache misses per step once the keys
 * outgrow the cache. So each key also has a {@link KeyHeads head}, 8 bytes of its UTF-8 in a {@code long}, kept
 * in arrays parallel to the keys, and most steps compare two longs from one dense array. The heads of the
 * chunks' first keys are absolute; inside chunk c, heads start after the {@code skips[c]} chars that all its keys
 * share (as chunks narrow, {@code "user:0012"} of {@code "user:00123456"}), so they tell its keys apart. A
 * string is read only where heads tie, and a prefix shorter than 8 bytes past the shared chars is located
 * without reading one. Where strings are compared, the intrinsic {@link String#compareTo} stands in for
 * {@link Utf8Order} while no stored key and not the probe holds a char at or above U+D800, where UTF-16 and code
 * point order part (a count of such "wide" keys tells when).
 *
 * <p>Memory at a million keys: 4 bytes of reference and 8 of head per slot, at 25 to 100 % occupancy (about
 * 73 % after random adds): some 16 bytes a key besides the {@code String}s themselves (about 56 bytes for
 * {@code "user:00001234"}).
 *
 * <p>Concurrency: not thread-safe. The owner guards it with a lock. Read methods write no field (no lazy
 * caches), so a read-write lock with many concurrent readers is safe.
 *
 * <p>Failure: nothing here does I/O. {@code null} keys are rejected with {@link NullPointerException} and bad
 * ranks with {@link IndexOutOfBoundsException} before anything changes. A mutation allocates everything it
 * needs before its first write, so even an {@link OutOfMemoryError} leaves the set as it was.
 */
final class SortedKeySet {

    /** Keys per chunk: 12 KB of references and heads. Shifts stay cheap; a million keys take ~1.4k chunks. */
    static final int DEFAULT_CHUNK_CAPACITY = 1024;

    private static final int INITIAL_CHUNK_SLOTS = 4;

    // Predicates for countWhere; each holds for a prefix of the key order.
    private static final int BEFORE_KEY = 0;
    private static final int BEFORE_OR_UNDER_PREFIX = 1;
    private static final int AT_OR_BEFORE_BYTES = 2;

    private final int chunkCapacity;
    /** Below this a chunk merges with, or borrows from, a neighbour. */
    private final int minFill;
    /** A merge must leave room: merging into a full chunk would split again on the next add. */
    private final int maxMerged;

    private String[][] chunks;
    /** {@code heads[c][i] == KeyHeads.head(chunks[c][i], skips[c])} for each key; stale beyond the keys. */
    private long[][] heads;
    /** Every key of chunk c starts with the same {@code skips[c]} chars (not always as many as they share). */
    private int[] skips;
    /** {@code firstKeys[c] == chunks[c][0]}, in its own dense array so the top-level search stays in cache. */
    private String[] firstKeys;
    /** {@code firstHeads[c] == KeyHeads.head(firstKeys[c])}: absolute heads, for the top-level search. */
    private long[] firstHeads;

    private int[] sizes;
    /** 1-based Fenwick tree over {@code sizes}; length {@code chunks.length + 1}. */
    private int[] fenwick;
    /** Highest power of two &le; {@code chunkCount}: the first step of a Fenwick descent. */
    private int fenwickTop;
    /** Chunks in use. No chunk in use is empty, so {@code chunkCount == 0} exactly when the set is. */
    private int chunkCount;

    private int size;
    /** Keys holding a char &ge; U+D800. While there are none, {@link String#compareTo} orders keys exactly. */
    private int wideKeys;

    SortedKeySet() {
        this(DEFAULT_CHUNK_CAPACITY);
    }

    /** Small capacities exist for tests, which need many splits and merges from few keys. */
    SortedKeySet(int chunkCapacity) {
        if (chunkCapacity < 4) {
            throw new IllegalArgumentException("chunkCapacity must be at least 4: " + chunkCapacity);
        }
        this.chunkCapacity = chunkCapacity;
        this.minFill = chunkCapacity / 4;
        this.maxMerged = chunkCapacity * 3 / 4;
        resetStorage(INITIAL_CHUNK_SLOTS);
    }

    /**
     * Builds a set from keys in any order, with duplicates allowed: one sort, then chunks filled three
     * quarters full so that later adds rarely split. O(n log n); the collection is not modified.
     *
     * @throws NullPointerException if the collection or any key is null
     */
    static SortedKeySet fromUnsorted(Collection<String> keys) {
        return fromUnsorted(keys, DEFAULT_CHUNK_CAPACITY);
    }

    static SortedKeySet fromUnsorted(Collection<String> keys, int chunkCapacity) {
        String[] sorted = keys.toArray(new String[0]);
        int wide = 0;
        for (String key : sorted) {
            if (wide(Objects.requireNonNull(key, "key"))) {
                wide++;
            }
        }
        int n = KeySorter.sortDistinct(sorted, wide == 0);
        if (wide > 0) {
            wide = 0; // count each distinct key once
            for (int i = 0; i < n; i++) {
                if (wide(sorted[i])) {
                    wide++;
                }
            }
        }
        SortedKeySet set = new SortedKeySet(chunkCapacity);
        set.load(sorted, n, wide);
        return set;
    }

    private void load(String[] sorted, int n, int wide) {
        if (n == 0) {
            return;
        }
        int fill = Math.max(1, chunkCapacity * 3 / 4);
        int count = (n + fill - 1) / fill;
        // Spread evenly rather than leave a small last chunk: every chunk gets at least 3/8 of the capacity.
        int base = n / count;
        int extra = n % count;
        resetStorage(Math.max(INITIAL_CHUNK_SLOTS, count));
        int from = 0;
        for (int c = 0; c < count; c++) {
            int len = base + (c < extra ? 1 : 0);
            String[] chunk = new String[chunkCapacity];
            System.arraycopy(sorted, from, chunk, 0, len);
            chunks[c] = chunk;
            heads[c] = new long[chunkCapacity];
            sizes[c] = len;
            skips[c] = commonPrefix(chunk[0], chunk[len - 1]);
            rehead(c);
            setFirst(c, chunk[0]);
            from += len;
        }
        chunkCount = count;
        size = n;
        wideKeys = wide;
        rebuildFenwick();
    }

    /** Number of keys. */
    int size() {
        return size;
    }

    /** Removes every key and gives the memory back. */
    void clear() {
        resetStorage(INITIAL_CHUNK_SLOTS);
        chunkCount = 0;
        size = 0;
        wideKeys = 0;
        fenwickTop = 0;
    }

    /**
     * Whether the key is in the set.
     *
     * @throws NullPointerException if key is null
     */
    boolean contains(String key) {
        boolean fast = fastFor(key);
        return chunkCount > 0 && search(chunkFor(key, fast), key, fast) >= 0;
    }

    /**
     * Adds the key.
     *
     * @return false if it was already present (the set is then unchanged)
     * @throws NullPointerException if key is null
     */
    boolean add(String key) {
        boolean wide = wide(Objects.requireNonNull(key, "key"));
        boolean fast = wideKeys == 0 && !wide;
        if (chunkCount == 0) {
            insertNewChunk(0, key);
        } else {
            int c = chunkFor(key, fast);
            int n = sizes[c];
            int pos = search(c, key, fast);
            if (pos >= 0) {
                return false;
            }
            pos = -pos - 1;
            if (n < chunkCapacity) {
                insertAt(c, pos, key);
            } else if (pos == n && c == chunkCount - 1) {
                // Appending past the last key (ascending ids, timestamps): start a fresh chunk instead of
                // splitting, so such loads leave chunks full rather than half full.
                insertNewChunk(c + 1, key);
            } else if (pos == 0 && c == 0) {
                insertNewChunk(0, key);
            } else {
                splitAndInsert(c, pos, key);
            }
        }
        size++;
        if (wide) {
            wideKeys++;
        }
        return true;
    }

    /**
     * Removes the key.
     *
     * @return false if it was absent (the set is then unchanged)
     * @throws NullPointerException if key is null
     */
    boolean remove(String key) {
        boolean fast = fastFor(key);
        if (chunkCount == 0) {
            return false;
        }
        int c = chunkFor(key, fast);
        int pos = search(c, key, fast);
        if (pos < 0) {
            return false;
        }
        String[] chunk = chunks[c];
        long[] chunkHeads = heads[c];
        int n = sizes[c];
        if (wide(chunk[pos])) {
            wideKeys--;
        }
        System.arraycopy(chunk, pos + 1, chunk, pos, n - pos - 1);
        System.arraycopy(chunkHeads, pos + 1, chunkHeads, pos, n - pos - 1);
        chunk[n - 1] = null;
        sizes[c] = --n;
        size--;
        if (n == 0) {
            removeChunk(c);
            return true;
        }
        if (pos == 0) {
            setFirst(c, chunk[0]);
        }
        fenwickAdd(c, -1);
        if (n < minFill && chunkCount > 1) {
            rebalance(c);
        }
        return true;
    }

    /**
     * The number of keys strictly less than {@code key}: its position if present, else where it would go.
     *
     * @throws NullPointerException if key is null
     */
    int rank(String key) {
        boolean fast = fastFor(key);
        long head = KeyHeads.head(key);
        return countWhere(BEFORE_KEY, key, fast, head, head);
    }

    /**
     * The number of keys whose UTF-8 encoding is &le; {@code utf8}, compared as unsigned bytes; that is, the rank
     * of the first key strictly after that byte string. Any bytes are accepted, even invalid UTF-8, as a scan
     * cursor may carry them.
     *
     * @throws NullPointerException if utf8 is null
     */
    int rankAfter(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        // Heads are the keys' UTF-8 only while every key is narrow; else compare every key with the bytes.
        boolean narrow = wideKeys == 0;
        long head = narrow ? KeyHeads.head(utf8) : Long.MIN_VALUE;
        return countWhere(AT_OR_BEFORE_BYTES, utf8, narrow, head, narrow ? head : Long.MAX_VALUE);
    }

    /**
     * The rank of the first key starting with {@code prefix}, or where such a key would go; 0 for {@code ""}.
     *
     * @throws NullPointerException if prefix is null
     */
    int prefixStart(String prefix) {
        // Every key with the prefix is >= the prefix, and every key below it lacks the prefix.
        return prefix.isEmpty() ? 0 : rank(prefix);
    }

    /**
     * One past the rank of the last key starting with {@code prefix}: keys with the prefix are exactly the ranks
     * {@code [prefixStart(prefix), prefixEnd(prefix))}. {@link #size()} for {@code ""}.
     *
     * @throws NullPointerException if prefix is null
     */
    int prefixEnd(String prefix) {
        // No "next prefix" string bound: incrementing the last char breaks on U+FFFF and on surrogates. The
        // predicate "below the prefix, or starting with it" holds for a prefix of the order, so search for its end.
        if (prefix.isEmpty()) {
            return size;
        }
        long bound = KeyHeads.upperBound(prefix, 0);
        return countWhere(BEFORE_OR_UNDER_PREFIX, prefix, fastFor(prefix), bound, bound);
    }

    /**
     * The key of rank {@code i} (0-based), without comparing any key.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < size()}
     */
    String kth(int i) {
        Objects.checkIndex(i, size);
        long at = locate(i);
        return chunks[(int) (at >>> 32)][(int) at];
    }

    /**
     * {@code count} keys drawn uniformly and independently from the ranks {@code [from, from + n)} into {@code out}
     * (see {@link RandomPicks}).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= from} and {@code 0 < n <= size() - from}
     */
    void drawInto(int from, int n, int count, String[] out) {
        Objects.checkFromIndexSize(from, n, size);
        if (n == 0) {
            throw new IndexOutOfBoundsException("nothing to draw from");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            long at = locate(from + random.nextInt(n));
            out[i] = chunks[(int) (at >>> 32)][(int) at];
        }
    }

    /**
     * Up to {@code count} keys in order, starting with the key of rank {@code fromRank}; fewer when the set ends
     * first. The list is a copy, unmodifiable. Pagination after a cursor is
     * {@code range(rankAfter(cursor) clamped to the prefix range, limit)}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= fromRank <= size()}
     * @throws IllegalArgumentException if count is negative
     */
    List<String> range(int fromRank, int count) {
        Objects.checkIndex(fromRank, size + 1);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        int n = Math.min(count, size - fromRank);
        if (n == 0) {
            return List.of();
        }
        String[] out = new String[n];
        long at = locate(fromRank);
        int c = (int) (at >>> 32);
        int offset = (int) at;
        for (int copied = 0; copied < n; c++, offset = 0) {
            int take = Math.min(sizes[c] - offset, n - copied);
            System.arraycopy(chunks[c], offset, out, copied, take);
            copied += take;
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** Every key, in order, in a new array. */
    String[] toArray() {
        String[] out = new String[size];
        for (int c = 0, at = 0; c < chunkCount; at += sizes[c], c++) {
            System.arraycopy(chunks[c], 0, out, at, sizes[c]);
        }
        return out;
    }

    // ---- search ----------------------------------------------------------------------------------------------

    /**
     * Whether {@link String#compareTo} may stand in for {@link Utf8Order#compare} against this probe. Also the
     * null check of every search, done before any state is read.
     */
    private boolean fastFor(String probe) {
        return !wide(Objects.requireNonNull(probe, "key")) && wideKeys == 0;
    }

    private static boolean wide(String key) {
        return !KeyHeads.narrow(key);
    }

    private static int compare(String a, String b, boolean fast) {
        return fast ? a.compareTo(b) : Utf8Order.compare(a, b);
    }

    private static boolean holds(int predicate, String key, Object probe, boolean fast) {
        switch (predicate) {
            case BEFORE_KEY:
                return compare(key, (String) probe, fast) < 0;
            case BEFORE_OR_UNDER_PREFIX:
                return beforeOrUnder(key, (String) probe, fast);
            default:
                return Utf8Order.compare(key, (byte[]) probe) <= 0;
        }
    }

    /** The key is below the prefix or starts with it: its first {@code prefix.length()} chars are &le; the prefix. */
    private static boolean beforeOrUnder(String key, String prefix, boolean fast) {
        if (!fast) {
            return Utf8Order.compare(key, prefix) <= 0 || key.startsWith(prefix);
        }
        // One pass instead of compareTo then startsWith: measured a third faster on prefix searches.
        int n = Math.min(key.length(), prefix.length());
        for (int i = 0; i < n; i++) {
            char a = key.charAt(i);
            char b = prefix.charAt(i);
            if (a != b) {
                return a < b;
            }
        }
        return true;
    }

    /**
     * The number of keys for which the predicate holds; it must hold for a prefix of the order. At the top
     * level, first-key heads below {@code lowHead} hold and above {@code highHead} fail without a key comparison.
     */
    private int countWhere(int predicate, Object probe, boolean fast, long lowHead, long highHead) {
        // Last chunk whose first key satisfies the predicate; -1 if none does.
        int lo = -1;
        int hi = chunkCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long head = firstHeads[mid];
            if (head < lowHead || head <= highHead && holds(predicate, firstKeys[mid], probe, fast)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo < 0) {
            return 0;
        }
        return chunkStart(lo) + countInChunk(lo, predicate, probe, fast);
    }

    /** {@link #countWhere} inside chunk c, whose first key is known to satisfy the predicate. */
    private int countInChunk(int c, int predicate, Object probe, boolean fast) {
        String[] chunk = chunks[c];
        int n = sizes[c];
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        if (predicate != AT_OR_BEFORE_BYTES) {
            String p = (String) probe;
            int skip = skips[c];
            // Every key here starts with the same `skip` chars. Unless the probe starts with them too, they
            // alone settle the predicate, alike for every key: as for the first key, it holds.
            if (!p.regionMatches(0, chunk[0], 0, skip)) {
                return n;
            }
            low = predicate == BEFORE_KEY ? KeyHeads.head(p, skip) : KeyHeads.upperBound(p, skip);
            high = low;
        }
        long[] chunkHeads = heads[c];
        int left = 1;
        int right = n;
        while (left < right) {
            int mid = (left + right) >>> 1;
            long head = chunkHeads[mid];
            if (head < low || head <= high && holds(predicate, chunk[mid], probe, fast)) {
                left = mid + 1;
            } else {
                right = mid;
            }
        }
        return left;
    }

    /** The chunk where {@code key} is or would go: the last whose first key is &le; it, else the first. */
    private int chunkFor(String key, boolean fast) {
        long keyHead = KeyHeads.head(key);
        int lo = 0;
        int hi = chunkCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long head = firstHeads[mid];
            if (head != keyHead ? head < keyHead : compare(firstKeys[mid], key, fast) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Like {@link Arrays#binarySearch} in chunk c: the index of key, else {@code -(insertion point) - 1}. */
    private int search(int c, String key, boolean fast) {
        String[] chunk = chunks[c];
        int n = sizes[c];
        int skip = skips[c];
        if (!key.regionMatches(0, chunk[0], 0, skip)) {
            // Not continuing the chunk's shared chars, the key is below or above all of its keys.
            return compare(key, chunk[0], fast) < 0 ? -1 : -n - 1;
        }
        long keyHead = KeyHeads.head(key, skip);
        long[] chunkHeads = heads[c];
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long head = chunkHeads[mid];
            int cmp = head != keyHead ? (head < keyHead ? -1 : 1) : compare(chunk[mid], key, fast);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    // ---- chunk maintenance -----------------------------------------------------------------------------------

    private void insertAt(int c, int pos, String key) {
        String[] chunk = chunks[c];
        long[] chunkHeads = heads[c];
        int n = sizes[c];
        int skip = skips[c];
        if (!key.regionMatches(0, chunk[0], 0, skip)) {
            // The key does not continue the chars every key here shares: share fewer, and re-derive the heads.
            skip = commonPrefix(key, chunk[0]);
            skips[c] = skip;
            rehead(c);
        }
        System.arraycopy(chunk, pos, chunk, pos + 1, n - pos);
        System.arraycopy(chunkHeads, pos, chunkHeads, pos + 1, n - pos);
        chunk[pos] = key;
        chunkHeads[pos] = KeyHeads.head(key, skip);
        sizes[c] = n + 1;
        if (pos == 0) {
            setFirst(c, key);
        }
        fenwickAdd(c, 1);
    }

    private void insertNewChunk(int at, String key) {
        String[] chunk = new String[chunkCapacity];
        long[] chunkHeads = new long[chunkCapacity];
        chunk[0] = key;
        chunkHeads[0] = KeyHeads.head(key, key.length());
        insertChunk(at, chunk, chunkHeads, 1, key.length());
    }

    private void splitAndInsert(int c, int pos, String key) {
        String[] right = new String[chunkCapacity];
        long[] rightHeads = new long[chunkCapacity];
        ensureChunkSlots(chunkCount + 1);
        String[] left = chunks[c];
        int half = chunkCapacity / 2;
        System.arraycopy(left, half, right, 0, chunkCapacity - half);
        System.arraycopy(heads[c], half, rightHeads, 0, chunkCapacity - half);
        Arrays.fill(left, half, chunkCapacity, null);
        sizes[c] = half;
        insertChunk(c + 1, right, rightHeads, chunkCapacity - half, skips[c]);
        // Each half may share more chars than the whole did; heads past more shared chars tell more keys apart.
        lengthenSkip(c);
        lengthenSkip(c + 1);
        if (pos <= half) {
            insertAt(c, pos, key);
        } else {
            insertAt(c + 1, pos - half, key);
        }
    }

    /** Chunk c fell below {@link #minFill}: merge it with a neighbour, or even the two out. */
    private void rebalance(int c) {
        int left;
        if (c == 0) {
            left = 0;
        } else if (c == chunkCount - 1) {
            left = c - 1;
        } else {
            // The smaller neighbour makes a merge likelier, and a merge is what reclaims the memory.
            left = sizes[c - 1] <= sizes[c + 1] ? c - 1 : c;
        }
        int right = left + 1;
        int leftSize = sizes[left];
        int rightSize = sizes[right];
        int total = leftSize + rightSize;
        String[] l = chunks[left];
        String[] r = chunks[right];
        long[] lHeads = heads[left];
        long[] rHeads = heads[right];
        // Keys moving between chunks that skip different numbers of chars need their heads re-derived.
        boolean sameSkip = skips[left] == skips[right];
        if (total <= maxMerged) {
            System.arraycopy(r, 0, l, leftSize, rightSize);
            System.arraycopy(rHeads, 0, lHeads, leftSize, rightSize);
            sizes[left] = total;
            removeChunk(right);
            resetSkip(left, !sameSkip);
            return;
        }
        // Too many for one chunk: split the pair evenly, each then holding more than 3/8 of the capacity.
        int newLeft = total / 2;
        if (newLeft > leftSize) {
            int moved = newLeft - leftSize;
            System.arraycopy(r, 0, l, leftSize, moved);
            System.arraycopy(rHeads, 0, lHeads, leftSize, moved);
            System.arraycopy(r, moved, r, 0, rightSize - moved);
            System.arraycopy(rHeads, moved, rHeads, 0, rightSize - moved);
            Arrays.fill(r, rightSize - moved, rightSize, null);
        } else {
            int moved = leftSize - newLeft;
            System.arraycopy(r, 0, r, moved, rightSize);
            System.arraycopy(rHeads, 0, rHeads, moved, rightSize);
            System.arraycopy(l, newLeft, r, 0, moved);
            System.arraycopy(lHeads, newLeft, rHeads, 0, moved);
            Arrays.fill(l, newLeft, leftSize, null);
        }
        sizes[left] = newLeft;
        sizes[right] = total - newLeft;
        setFirst(right, r[0]);
        resetSkip(left, !sameSkip);
        resetSkip(right, !sameSkip);
        fenwickAdd(left, newLeft - leftSize);
        fenwickAdd(right, leftSize - newLeft);
    }

    /** Sets chunk c's skip to all the chars its keys share, re-deriving heads if that changes it or if forced. */
    private void resetSkip(int c, boolean force) {
        int shared = commonPrefix(chunks[c][0], chunks[c][sizes[c] - 1]);
        if (force || shared != skips[c]) {
            skips[c] = shared;
            rehead(c);
        }
    }

    /** Like {@link #resetSkip}, but only ever lengthens: the old skip stays valid for a subset of the keys. */
    private void lengthenSkip(int c) {
        int shared = commonPrefix(chunks[c][0], chunks[c][sizes[c] - 1]);
        if (shared > skips[c]) {
            skips[c] = shared;
            rehead(c);
        }
    }

    private void rehead(int c) {
        String[] chunk = chunks[c];
        long[] chunkHeads = heads[c];
        int skip = skips[c];
        for (int i = 0, n = sizes[c]; i < n; i++) {
            chunkHeads[i] = KeyHeads.head(chunk[i], skip);
        }
    }

    /** Chars shared at the start of both; in a sorted chunk, that of its first and last key is that of all. */
    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private void insertChunk(int at, String[] chunk, long[] chunkHeads, int n, int skip) {
        ensureChunkSlots(chunkCount + 1);
        int tail = chunkCount - at;
        System.arraycopy(chunks, at, chunks, at + 1, tail);
        System.arraycopy(heads, at, heads, at + 1, tail);
        System.arraycopy(skips, at, skips, at + 1, tail);
        System.arraycopy(firstKeys, at, firstKeys, at + 1, tail);
        System.arraycopy(firstHeads, at, firstHeads, at + 1, tail);
        System.arraycopy(sizes, at, sizes, at + 1, tail);
        chunks[at] = chunk;
        heads[at] = chunkHeads;
        skips[at] = skip;
        setFirst(at, chunk[0]);
        sizes[at] = n;
        chunkCount++;
        rebuildFenwick();
    }

    private void removeChunk(int c) {
        int tail = chunkCount - c - 1;
        System.arraycopy(chunks, c + 1, chunks, c, tail);
        System.arraycopy(heads, c + 1, heads, c, tail);
        System.arraycopy(skips, c + 1, skips, c, tail);
        System.arraycopy(firstKeys, c + 1, firstKeys, c, tail);
        System.arraycopy(firstHeads, c + 1, firstHeads, c, tail);
        System.arraycopy(sizes, c + 1, sizes, c, tail);
        chunkCount--;
        chunks[chunkCount] = null;
        heads[chunkCount] = null;
        firstKeys[chunkCount] = null;
        sizes[chunkCount] = 0;
        rebuildFenwick();
    }

    private void setFirst(int c, String key) {
        firstKeys[c] = key;
        firstHeads[c] = KeyHeads.head(key);
    }

    private void ensureChunkSlots(int needed) {
        if (needed <= chunks.length) {
            return;
        }
        int slots = Math.max(needed, chunks.length * 2);
        // Allocate all, then assign all: an OutOfMemoryError midway must leave the arrays consistent.
        String[][] newChunks = Arrays.copyOf(chunks, slots);
        long[][] newHeads = Arrays.copyOf(heads, slots);
        int[] newSkips = Arrays.copyOf(skips, slots);
        String[] newFirstKeys = Arrays.copyOf(firstKeys, slots);
        long[] newFirstHeads = Arrays.copyOf(firstHeads, slots);
        int[] newSizes = Arrays.copyOf(sizes, slots);
        int[] newFenwick = Arrays.copyOf(fenwick, slots + 1);
        chunks = newChunks;
        heads = newHeads;
        skips = newSkips;
        firstKeys = newFirstKeys;
        firstHeads = newFirstHeads;
        sizes = newSizes;
        fenwick = newFenwick;
    }

    private void resetStorage(int slots) {
        chunks = new String[slots][];
        heads = new long[slots][];
        skips = new int[slots];
        firstKeys = new String[slots];
        firstHeads = new long[slots];
        sizes = new int[slots];
        fenwick = new int[slots + 1];
    }

    // ---- Fenwick tree over chunk sizes --------------------------------------------------------------------

    /** The rank of the first key of chunk c: the sum of the sizes of the chunks before it. */
    private int chunkStart(int c) {
        int sum = 0;
        for (int j = c; j > 0; j -= j & -j) {
            sum += fenwick[j];
        }
        return sum;
    }

    private void fenwickAdd(int c, int delta) {
        for (int j = c + 1; j <= chunkCount; j += j & -j) {
            fenwick[j] += delta;
        }
    }

    private void rebuildFenwick() {
        int n = chunkCount;
        for (int j = 1; j <= n; j++) {
            fenwick[j] = sizes[j - 1];
        }
        for (int j = 1; j <= n; j++) {
            int parent = j + (j & -j);
            if (parent <= n) {
                fenwick[parent] += fenwick[j];
            }
        }
        fenwickTop = n == 0 ? 0 : Integer.highestOneBit(n);
    }

    /** The chunk holding rank i (high 32 bits) and i's offset in it (low 32 bits); requires i &lt; size. */
    private long locate(int i) {
        int pos = 0;
        int remaining = i;
        for (int step = fenwickTop; step > 0; step >>>= 1) {
            int next = pos + step;
            if (next <= chunkCount && fenwick[next] <= remaining) {
                pos = next;
                remaining -= fenwick[next];
            }
        }
        return ((long) pos << 32) | remaining;
    }

    // ---- for tests ---------------------------------------------------------------------------------------------

    int chunkCount() {
        return chunkCount;
    }

    /** Checks every structural invariant, so tests can catch a corruption at the operation that caused it. */
    void checkInvariants() {
        int total = 0;
        int wide = 0;
        String previous = null;
        for (int c = 0; c < chunkCount; c++) {
            String[] chunk = chunks[c];
            int n = sizes[c];
            check(n > 0 && n <= chunkCapacity, "chunk " + c + " size " + n);
            check(n >= minFill || c == 0 || c == chunkCount - 1, "chunk " + c + " underfull: " + n);
            check(chunk.length == chunkCapacity && heads[c].length == chunkCapacity, "chunk " + c + " length");
            check(firstKeys[c] == chunk[0], "chunk " + c + " first key");
            check(firstHeads[c] == KeyHeads.head(chunk[0]), "chunk " + c + " first head");
            check(chunkStart(c) == total, "chunk " + c + " Fenwick start " + chunkStart(c) + " != " + total);
            for (int i = 0; i < chunkCapacity; i++) {
                check((i < n) == (chunk[i] != null), "chunk " + c + " slot " + i + " occupancy");
            }
            for (int i = 0; i < n; i++) {
                check(previous == null || Utf8Order.compare(previous, chunk[i]) < 0, "order at " + (total + i));
                check(chunk[i].regionMatches(0, chunk[0], 0, skips[c]), "chunk " + c + " skip " + skips[c]);
                check(heads[c][i] == KeyHeads.head(chunk[i], skips[c]), "chunk " + c + " head " + i);
                previous = chunk[i];
                if (wide(previous)) {
                    wide++;
                }
            }
            total += n;
        }
        check(total == size, "size " + size + " != " + total);
        check(wide == wideKeys, "wideKeys " + wideKeys + " != " + wide);
        check(fenwickTop == (chunkCount == 0 ? 0 : Integer.highestOneBit(chunkCount)), "fenwickTop");
        for (int c = chunkCount; c < chunks.length; c++) {
            check(chunks[c] == null && heads[c] == null && firstKeys[c] == null, "stale chunk slot " + c);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("SortedKeySet invariant broken: " + what);
        }
    }
}
