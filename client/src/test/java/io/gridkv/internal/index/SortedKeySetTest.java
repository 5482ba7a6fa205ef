package io.gridkv.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.internal.codec.Utf8Order;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SortedKeySetTest {

    /** The oracle: UTF-8 bytes compared unsigned, computed independently of {@link Utf8Order}. */
    private static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

    /** Chars below U+D800 only: every search takes the compareTo-and-heads path. */
    private static final String[] NARROW = {"a", "b", "\u0000", "\u00E9", "\u07FF", "\u0800", "\uD7FF"};

    /** Where UTF-16 order and UTF-8 order part: private use and specials vs supplementary characters. */
    private static final String[] WIDE = {"\uE000", "\uFFFD", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF"};

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> modelRuns() {
        List<Arguments> runs = new ArrayList<>();
        long seed = 0x5EED;
        for (int capacity : new int[] {4, 8, 13, 64, SortedKeySet.DEFAULT_CHUNK_CAPACITY}) {
            for (double wideShare : new double[] {0.0, 0.03, 0.5}) {
                runs.add(Arguments.of(capacity, wideShare, "", seed++));
            }
        }
        // Most keys under one long prefix: chunks share many chars, and heads start far into the keys.
        for (int capacity : new int[] {8, 64}) {
            for (double wideShare : new double[] {0.0, 0.03}) {
                runs.add(Arguments.of(capacity, wideShare, "tenant/0001/\u00E9/", seed++));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "capacity={0} wideShare={1} base={2} seed={3}")
    @MethodSource("modelRuns")
    void randomOperations_matchTreeSetModel(int capacity, double wideShare, String base, long seed) {
        Random random = new Random(seed);
        SortedKeySet set = new SortedKeySet(capacity);
        TreeSet<String> model = new TreeSet<>(UTF8);
        List<String> sorted = new ArrayList<>();
        boolean dirty = false;
        // Grow towards a target, then shrink, a few times: splits, merges and borrowing all get exercised.
        int target = 1500;
        for (int op = 0; op < 25_000; op++) {
            String where = "seed=" + seed + " capacity=" + capacity + " wideShare=" + wideShare + " base=" + base
                    + " op=" + op;
            if (op % 5000 == 0) {
                target = target == 1500 ? 50 : 1500;
            }
            if (dirty) {
                sorted = new ArrayList<>(model);
                dirty = false;
            }
            int choice = random.nextInt(100);
            if (choice < 30) {
                String key = randomKey(random, wideShare, base);
                boolean grow = model.size() < target || random.nextInt(4) == 0;
                if (grow) {
                    assertEquals(model.add(key), set.add(key), where + " add " + escape(key));
                } else {
                    String victim =
                            !model.isEmpty() && random.nextBoolean() ? sorted.get(random.nextInt(sorted.size())) : key;
                    assertEquals(model.remove(victim), set.remove(victim), where + " remove " + escape(victim));
                }
                dirty = true;
            } else if (choice < 40) {
                String victim = sorted.isEmpty() || random.nextInt(4) == 0
                        ? randomKey(random, wideShare, base)
                        : sorted.get(random.nextInt(sorted.size()));
                assertEquals(model.remove(victim), set.remove(victim), where + " remove " + escape(victim));
                dirty = true;
            } else if (choice < 48) {
                String key = randomProbe(random, wideShare, base, sorted);
                assertEquals(model.contains(key), set.contains(key), where + " contains " + escape(key));
            } else if (choice < 56) {
                String key = randomProbe(random, wideShare, base, sorted);
                assertEquals(model.headSet(key).size(), set.rank(key), where + " rank " + escape(key));
            } else if (choice < 64) {
                if (!sorted.isEmpty()) {
                    int i = random.nextInt(sorted.size());
                    assertEquals(sorted.get(i), set.kth(i), where + " kth " + i);
                }
            } else if (choice < 80) {
                String prefix = randomPrefix(random, wideShare, base, sorted);
                int[] expected = prefixRange(sorted, prefix);
                assertEquals(expected[0], set.prefixStart(prefix), where + " prefixStart " + escape(prefix));
                assertEquals(expected[1], set.prefixEnd(prefix), where + " prefixEnd " + escape(prefix));
            } else if (choice < 88) {
                byte[] cursor = randomCursor(random, wideShare, base, sorted);
                int expected = 0;
                for (String key : sorted) {
                    if (Arrays.compareUnsigned(utf8(key), cursor) <= 0) {
                        expected++;
                    }
                }
                assertEquals(expected, set.rankAfter(cursor), where + " rankAfter " + Arrays.toString(cursor));
            } else if (choice < 96) {
                int from = random.nextInt(sorted.size() + 1);
                int count = random.nextInt(40);
                List<String> expected = sorted.subList(from, Math.min(sorted.size(), from + count));
                assertEquals(expected, set.range(from, count), where + " range " + from + "+" + count);
            } else if (choice < 99) {
                assertEquals(model.size(), set.size(), where + " size");
            } else if (random.nextInt(50) == 0) {
                model.clear();
                set.clear();
                dirty = true;
            }
            if (op % 250 == 0) {
                assertMatches(sorted(model), set, where);
            }
        }
        assertMatches(sorted(model), set, "seed=" + seed + " at end");
    }

    // ---- edge cases -------------------------------------------------------------------------------------------

    @Test
    void emptySet_answersEverythingWithNothing() {
        SortedKeySet set = new SortedKeySet();
        assertEquals(0, set.size());
        assertFalse(set.contains("a"));
        assertFalse(set.remove("a"));
        assertEquals(0, set.rank("a"));
        assertEquals(0, set.rank(""));
        assertEquals(0, set.prefixStart(""));
        assertEquals(0, set.prefixEnd(""));
        assertEquals(0, set.prefixEnd("\uFFFF"));
        assertEquals(0, set.rankAfter(new byte[] {(byte) 0xFF}));
        assertEquals(List.of(), set.range(0, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> set.kth(0));
        assertThrows(IndexOutOfBoundsException.class, () -> set.range(1, 1));
        set.checkInvariants();
    }

    @Test
    void singleKey_hasRankZeroAndOwnPrefixRange() {
        SortedKeySet set = new SortedKeySet();
        assertTrue(set.add("user:1"));
        assertFalse(set.add("user:1"));
        assertEquals(1, set.size());
        assertEquals("user:1", set.kth(0));
        assertEquals(0, set.rank("user:1"));
        assertEquals(1, set.rank("user:2"));
        assertEquals(0, set.rank("user:0"));
        assertEquals(0, set.prefixStart("user"));
        assertEquals(1, set.prefixEnd("user"));
        assertEquals(1, set.prefixEnd("user:1"));
        // The key is a proper prefix of "user:10", so it sorts below it: an empty range after the key.
        assertEquals(1, set.prefixStart("user:10"));
        assertEquals(1, set.prefixEnd("user:10"));
        assertEquals(1, set.rankAfter(utf8("user:1")));
        assertEquals(0, set.rankAfter(utf8("user:")));
        assertEquals(List.of("user:1"), set.range(0, 5));
        assertEquals(List.of(), set.range(1, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> set.kth(1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.kth(-1));
        set.checkInvariants();
    }

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {4, 8, SortedKeySet.DEFAULT_CHUNK_CAPACITY})
    void removingDownToEmpty_thenReAdding_works(int capacity) {
        SortedKeySet set = new SortedKeySet(capacity);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add("k" + i);
        }
        for (int round = 0; round < 3; round++) {
            Collections.shuffle(keys, new Random(round));
            keys.forEach(set::add);
            assertEquals(500, set.size());
            Collections.shuffle(keys, new Random(round + 100));
            for (String key : keys) {
                assertTrue(set.remove(key), key);
            }
            assertEquals(0, set.size());
            assertEquals(0, set.chunkCount());
            set.checkInvariants();
            assertTrue(set.add("again"));
            assertEquals("again", set.kth(0));
            assertTrue(set.remove("again"));
        }
    }

    /** Run with U+FFFF (code point comparisons) and with U+D7FF, the largest narrow char (compareTo and heads). */
    @ParameterizedTest(name = "top={0}")
    @ValueSource(strings = {"\uFFFF", "\uD7FF"})
    void prefixEdgeCases(String top) {
        SortedKeySet set = new SortedKeySet(4);
        List<String> keys = Stream.of(
                        "a", "ab", "abc", "abd", "b", "b\uFFFF", "b\uFFFFx", "c", "\uFFFF", "\uFFFF\uFFFF")
                .map(key -> key.replace("\uFFFF", top))
                .toList();
        keys.forEach(set::add);
        set.checkInvariants();
        assertEquals(keys, set.range(0, 100));
        int n = keys.size();
        // "" covers everything.
        assertEquals(0, set.prefixStart(""));
        assertEquals(n, set.prefixEnd(""));
        // Keys that are prefixes of each other: "a" covers a, ab, abc, abd; "ab" covers ab, abc, abd.
        assertRange(set, "a", 0, 4);
        assertRange(set, "ab", 1, 4);
        assertRange(set, "abc", 2, 3);
        // Longer than any key, below and above all keys.
        assertRange(set, "abcdefghijklmnop", 3, 3);
        assertRange(set, "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", 0, 0);
        assertRange(set, top.repeat(9), n, n);
        // Ending in the top char, where a "next prefix" string trick would overflow.
        assertRange(set, "b" + top, 5, 7);
        assertRange(set, top, 8, 10);
        assertRange(set, top + top, 9, 10);
        // Equal to a key that has no extensions.
        assertRange(set, "c", 7, 8);
        // Absent prefix between keys.
        assertRange(set, "abz", 4, 4);
    }

    @Test
    void prefixEndingInLoneHighSurrogate_coversItsSupplementaryCharacters() {
        SortedKeySet set = new SortedKeySet(4);
        List<String> keys = List.of(
                "x\uD83D\uDE00",
                "x\uD83D\uDE01a",
                "x\uD83D\uDFFF",
                "x\uD83E\uDC00",
                "x\uE000",
                "x\uFFFF",
                "x\uD83C\uDFFF",
                "x");
        keys.forEach(set::add);
        // In UTF-8 order: x, xU+E000, xU+FFFF, xU+1F3FF, xU+1F600, xU+1F601a, xU+1F7FF, xU+1F800.
        assertEquals(
                List.of(
                        "x",
                        "x\uE000",
                        "x\uFFFF",
                        "x\uD83C\uDFFF",
                        "x\uD83D\uDE00",
                        "x\uD83D\uDE01a",
                        "x\uD83D\uDFFF",
                        "x\uD83E\uDC00"),
                set.range(0, 100));
        assertRange(set, "x\uD83D", 4, 7);
        assertRange(set, "x\uD83D\uDE01", 5, 6);
        assertRange(set, "x\uE000", 1, 2);
    }

    @Test
    void surrogatesSortAbovePrivateUse_unlikeStringCompareTo() {
        SortedKeySet set = new SortedKeySet();
        // Starts narrow (fast path), then wide keys switch it to code point comparisons, then back again.
        set.add("z");
        set.add("\uD7FF");
        assertEquals(List.of("z", "\uD7FF"), set.range(0, 10));
        set.add("\uD83D\uDE00");
        set.add("\uE000");
        set.add("\uFFFF");
        assertEquals(List.of("z", "\uD7FF", "\uE000", "\uFFFF", "\uD83D\uDE00"), set.range(0, 10));
        assertEquals(4, set.rank("\uD83D\uDE00"));
        assertEquals(2, set.rank("\uE000"));
        assertEquals(5, set.rankAfter(utf8("\uD83D\uDE00")));
        assertEquals(3, set.rankAfter(utf8("\uE000\u0000")));
        set.remove("\uD83D\uDE00");
        set.remove("\uE000");
        set.remove("\uFFFF");
        set.checkInvariants();
        assertEquals(1, set.rank("\uD7FF"));
        assertEquals(2, set.rank("\uE000"));
        assertEquals(2, set.rankAfter(new byte[] {(byte) 0xEE}));
    }

    @Test
    void rankAfter_acceptsInvalidUtf8() {
        SortedKeySet set = new SortedKeySet(4);
        List<String> keys = List.of("a", "\u00E9", "\u00E9t\u00E9", "\u0800", "\uD83D\uDE00", "\uFFFF");
        keys.forEach(set::add);
        // 0xC3 alone: a cut "é" (C3 A9) sorts before it but after "a".
        assertEquals(1, set.rankAfter(new byte[] {(byte) 0xC3}));
        assertEquals(2, set.rankAfter(new byte[] {(byte) 0xC3, (byte) 0xA9}));
        assertEquals(3, set.rankAfter(new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF}));
        assertEquals(6, set.rankAfter(new byte[] {(byte) 0xFF}));
        assertEquals(6, set.rankAfter(new byte[] {(byte) 0xF8, 0}));
        assertEquals(0, set.rankAfter(new byte[0]));
        assertEquals(1, set.rankAfter(new byte[] {'a', 0}));

        SortedKeySet narrow = new SortedKeySet(4);
        List.of("a", "\u00E9", "\u00E9t\u00E9", "\u0800").forEach(narrow::add);
        assertEquals(1, narrow.rankAfter(new byte[] {(byte) 0xC3}));
        assertEquals(3, narrow.rankAfter(new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF}));
        assertEquals(4, narrow.rankAfter(new byte[] {(byte) 0xFF}));
        assertEquals(3, narrow.rankAfter(new byte[] {(byte) 0xE0, (byte) 0xA0}));
    }

    @Test
    void range_isAnUnmodifiableCopyAcrossChunks() {
        SortedKeySet set = new SortedKeySet(4);
        for (int i = 0; i < 100; i++) {
            set.add(String.format("k%03d", i));
        }
        List<String> page = set.range(37, 20);
        assertEquals(20, page.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(String.format("k%03d", 37 + i), page.get(i));
        }
        assertThrows(UnsupportedOperationException.class, () -> page.set(0, "x"));
        set.remove("k040");
        assertEquals("k040", page.get(3));
        assertEquals(List.of("k098", "k099"), set.range(97, 10));
        assertEquals(List.of(), set.range(99, 0));
        assertThrows(IllegalArgumentException.class, () -> set.range(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.range(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> set.range(100, 1));
    }

    @Test
    void nulls_areRejected_andChangeNothing() {
        SortedKeySet set = new SortedKeySet();
        set.add("a");
        assertThrows(NullPointerException.class, () -> set.add(null));
        assertThrows(NullPointerException.class, () -> set.remove(null));
        assertThrows(NullPointerException.class, () -> set.contains(null));
        assertThrows(NullPointerException.class, () -> set.rank(null));
        assertThrows(NullPointerException.class, () -> set.prefixStart(null));
        assertThrows(NullPointerException.class, () -> set.prefixEnd(null));
        assertThrows(NullPointerException.class, () -> set.rankAfter(null));
        assertThrows(NullPointerException.class, () -> SortedKeySet.fromUnsorted(Arrays.asList("a", null)));
        assertThrows(NullPointerException.class, () -> new SortedKeySet().contains(null));
        assertEquals(List.of("a"), set.range(0, 10));
    }

    @Test
    void ascendingAdds_fillChunksCompletely() {
        SortedKeySet set = new SortedKeySet(64);
        for (int i = 0; i < 6400; i++) {
            set.add(String.format("id:%06d", i));
        }
        assertEquals(100, set.chunkCount());
        SortedKeySet descending = new SortedKeySet(64);
        for (int i = 6399; i >= 0; i--) {
            descending.add(String.format("id:%06d", i));
        }
        assertEquals(100, descending.chunkCount());
        set.checkInvariants();
        descending.checkInvariants();
    }

    // ---- bulk load and scale ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "wide={0}")
    @ValueSource(booleans = {false, true})
    void bulkLoadOf200kKeys_matchesIncrementalAdds(boolean wide) {
        long seed = wide ? 7 : 8;
        Random random = new Random(seed);
        List<String> keys = new ArrayList<>();
        String[] prefixes = {"user:", "order:", "session:", "u", "user:00", "\u00E9t\u00E9/", "a-long-shared-prefix/x/"
        };
        for (int i = 0; i < 200_000; i++) {
            String key = prefixes[random.nextInt(prefixes.length)] + random.nextInt(150_000);
            if (wide && random.nextInt(20) == 0) {
                key += random.nextBoolean() ? "\uE000" : "\uD83D\uDE00";
            }
            keys.add(key); // duplicates on purpose
        }
        SortedKeySet bulk = SortedKeySet.fromUnsorted(keys);
        SortedKeySet incremental = new SortedKeySet();
        keys.forEach(incremental::add);
        TreeSet<String> distinct = new TreeSet<>(UTF8);
        distinct.addAll(keys);
        List<String> expected = new ArrayList<>(distinct);
        String where = "seed=" + seed;
        bulk.checkInvariants();
        incremental.checkInvariants();
        assertEquals(expected.size(), bulk.size(), where);
        assertEquals(expected, bulk.range(0, bulk.size()), where);
        assertEquals(expected, incremental.range(0, incremental.size()), where);
        for (String prefix : prefixes) {
            assertEquals(incremental.prefixStart(prefix), bulk.prefixStart(prefix), where + " " + prefix);
            assertEquals(incremental.prefixEnd(prefix), bulk.prefixEnd(prefix), where + " " + prefix);
        }
        // A bulk-loaded set keeps working under updates.
        for (int i = 0; i < 20_000; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            assertEquals(incremental.remove(key), bulk.remove(key), where + " remove " + key);
            String fresh = "fresh:" + random.nextInt(10_000);
            assertEquals(incremental.add(fresh), bulk.add(fresh), where + " add " + fresh);
        }
        bulk.checkInvariants();
        assertEquals(incremental.range(0, incremental.size()), bulk.range(0, bulk.size()), where);
    }

    @Test
    void bulkLoad_ofEmptyAndDuplicateOnlyCollections() {
        assertEquals(0, SortedKeySet.fromUnsorted(List.of()).size());
        SortedKeySet set = SortedKeySet.fromUnsorted(Collections.nCopies(1000, "same"), 8);
        assertEquals(List.of("same"), set.range(0, 10));
        set.checkInvariants();
        SortedKeySet tiny = SortedKeySet.fromUnsorted(List.of("b", "a", "c", "a"), 4);
        assertEquals(List.of("a", "b", "c"), tiny.range(0, 10));
        tiny.checkInvariants();
    }

    @Test
    void heavyDeletes_keepRanksCorrectAndMemoryBounded() {
        long seed = 99;
        Random random = new Random(seed);
        SortedKeySet set = new SortedKeySet();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add("user:" + Integer.toHexString(random.nextInt()) + ":" + i);
        }
        keys.forEach(set::add);
        Collections.shuffle(keys, random);
        for (String key : keys.subList(0, 99_000)) {
            assertTrue(set.remove(key), "seed=" + seed + " " + key);
        }
        set.checkInvariants();
        List<String> expected = new ArrayList<>(keys.subList(99_000, 100_000));
        expected.sort(UTF8);
        assertEquals(1000, set.size());
        // Every chunk but the two ends is at least a quarter full.
        int quarter = SortedKeySet.DEFAULT_CHUNK_CAPACITY / 4;
        assertTrue(set.chunkCount() <= 1000 / quarter + 2, "chunks: " + set.chunkCount());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), set.kth(i), "seed=" + seed + " kth " + i);
            assertEquals(i, set.rank(expected.get(i)), "seed=" + seed + " rank " + i);
        }
        assertEquals(expected, set.range(0, 1000));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertRange(SortedKeySet set, String prefix, int start, int end) {
        assertEquals(start, set.prefixStart(prefix), "prefixStart " + escape(prefix));
        assertEquals(end, set.prefixEnd(prefix), "prefixEnd " + escape(prefix));
        for (int i = start; i < end; i++) {
            assertTrue(set.kth(i).startsWith(prefix), escape(set.kth(i)));
        }
    }

    private static void assertMatches(List<String> expected, SortedKeySet set, String where) {
        set.checkInvariants();
        assertEquals(expected.size(), set.size(), where);
        assertEquals(expected, set.range(0, set.size()), where);
        assertEquals(expected, List.of(set.toArray()), where + " toArray");
        for (int i = 0; i < expected.size(); i += 1 + expected.size() / 50) {
            assertEquals(expected.get(i), set.kth(i), where + " kth " + i);
            assertEquals(i, set.rank(expected.get(i)), where + " rank");
        }
    }

    private static List<String> sorted(TreeSet<String> model) {
        return new ArrayList<>(model);
    }

    /** [start, end) by definition: keys below the prefix, then keys starting with it. */
    private static int[] prefixRange(List<String> sorted, String prefix) {
        // A trailing lone high surrogate stands for "any supplementary character it starts": compare with the
        // smallest of those.
        String bound = prefix;
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            bound = prefix + "\uDC00";
        }
        byte[] boundBytes = utf8(bound);
        int below = 0;
        int under = 0;
        int firstUnder = -1;
        for (int i = 0; i < sorted.size(); i++) {
            String key = sorted.get(i);
            if (key.startsWith(prefix)) {
                under++;
                if (firstUnder < 0) {
                    firstUnder = i;
                }
            } else if (Arrays.compareUnsigned(utf8(key), boundBytes) < 0) {
                below++;
            }
        }
        assertTrue(firstUnder < 0 || firstUnder == below, "oracle: keys under a prefix are contiguous");
        return new int[] {below, below + under};
    }

    private static String randomKey(Random random, double wideShare, String base) {
        StringBuilder key = new StringBuilder(random.nextInt(10) == 0 ? "" : base);
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            key.append(
                    random.nextDouble() < wideShare
                            ? WIDE[random.nextInt(WIDE.length)]
                            : NARROW[random.nextInt(NARROW.length)]);
        }
        return key.toString();
    }

    /** Mostly keys that exist or nearly exist, so that searches land on hits, neighbours and ties. */
    private static String randomProbe(Random random, double wideShare, String base, List<String> sorted) {
        if (sorted.isEmpty() || random.nextInt(3) == 0) {
            return randomKey(random, wideShare, base);
        }
        String key = sorted.get(random.nextInt(sorted.size()));
        return random.nextBoolean() ? key : key + randomKey(random, wideShare, "");
    }

    private static String randomPrefix(Random random, double wideShare, String base, List<String> sorted) {
        int kind = random.nextInt(5);
        if (kind == 0 || sorted.isEmpty()) {
            return randomKey(random, wideShare, base);
        }
        String key = sorted.get(random.nextInt(sorted.size()));
        if (kind == 1) {
            return key + "\uFFFF";
        }
        // A prefix of an existing key, possibly cut between the two halves of a surrogate pair.
        return key.substring(0, random.nextInt(key.length() + 1));
    }

    private static byte[] randomCursor(Random random, double wideShare, String base, List<String> sorted) {
        String from = sorted.isEmpty() || random.nextInt(4) == 0
                ? randomKey(random, wideShare, base)
                : sorted.get(random.nextInt(sorted.size()));
        byte[] bytes = utf8(from);
        switch (random.nextInt(4)) {
            case 0:
                return bytes;
            case 1:
                // Possibly cut inside a multi-byte sequence: invalid UTF-8.
                return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            default:
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
                longer[bytes.length] = (byte) random.nextInt(256);
                return longer;
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}
