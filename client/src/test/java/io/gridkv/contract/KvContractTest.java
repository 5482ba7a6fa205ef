package io.gridkv.contract;

import static io.gridkv.testing.Futures.await;
import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridkv.Entry;
import io.gridkv.GetOrSetResult;
import io.gridkv.KeysPage;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.ScanOptions;
import io.gridkv.ScanPage;
import io.gridkv.Serialization;
import io.gridkv.SwapResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The behaviour of every {@link Kv} method (SPEC.md a.1–a.7), run through each way in — see the subclasses — and for
 * both serializations, with and without key tracking. Every way in must pass the same suite.
 *
 * <p>A way in is a subclass that says how a handle is opened: {@link #open} and {@link #openAnother}. The in-process
 * ones are in this package ({@link InProcessContractTest}); the HTTP API's is in the node module, which reuses this
 * class from the client's test jar.
 */
@ParameterizedClass(name = "{0}, trackKeys={1}")
@CsvSource({"JSON, false", "JSON, true", "STRING, false", "STRING, true"})
@Timeout(60)
public abstract class KvContractTest {
    @Parameter(0)
    Serialization serialization;

    @Parameter(1)
    boolean trackKeys;

    Kv kv;

    /**
     * The handle the tests use on {@code options}' store. Called before every test, which first clears the store, so
     * a subclass may hand out the same handle again for the same options.
     */
    protected abstract Kv open(KvOptions options);

    /**
     * A new handle on {@code options}' store, owned by the calling test (it closes it). Fails as {@link Kv#using}
     * does: {@code KVOptionsConflictError} when the store's options were fixed otherwise.
     */
    protected abstract Kv openAnother(KvOptions options);

    /** The options of the store this parameter set tests. */
    protected KvOptions options() {
        return KvOptions.builder()
                .store("contract-" + serialization.wireName() + (trackKeys ? "-tracked" : ""))
                .serialization(serialization)
                .trackKeys(trackKeys)
                .build();
    }

    @BeforeEach
    void openCleanStore() {
        kv = open(options());
        assertTrue(await(kv.clear()));
    }

    boolean json() {
        return serialization == Serialization.JSON;
    }

    // ---- a.3 basic operations ----

    @Test
    void get_absentKey_failsKeyNotFound() {
        KvException e = failure(kv.get("missing"));
        assertEquals("KeyNotFoundError", e.name());
        assertEquals("key not found: \"missing\"", e.getMessage());
    }

    @Test
    void set_returnsTheVeryValuePassed() {
        Object value = json() ? new LinkedHashMap<>(Map.of("a", 1)) : "text";
        assertSame(value, await(kv.set("k", value)));
    }

    @Test
    void setThenGet_roundTripsValues() {
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("string", "hello, wörld 😀");
        cases.put("empty", "");
        if (json()) {
            cases.put("long", 42L);
            cases.put("negative", -456L);
            cases.put("double", 3.14159);
            cases.put("true", true);
            cases.put("list", List.of(1L, "two", List.of(3L)));
            cases.put("map", Map.of("name", "Alice", "age", 30L, "tags", List.of("x")));
            cases.put("big", new BigInteger("123456789012345678901234567890"));
        }
        cases.forEach((k, v) -> await(kv.set(k, v)));
        cases.forEach((k, v) -> assertEquals(v, await(kv.get(k)), k));
    }

    @Test
    void get_storedNull_isNullInJson_andNilTextInString() {
        await(kv.set("n", null));
        assertEquals(json() ? null : "<nil>", await(kv.get("n")));
        assertTrue(await(kv.exists("n")));
    }

    @Test
    void set_nonStringValueUnderStringSerialization_isFormattedText() {
        assumeTrue(!json());
        await(kv.set("five", 5));
        await(kv.set("half", 1.5));
        await(kv.set("yes", true));
        await(kv.set("list", List.of(1, 2)));
        assertEquals("5", await(kv.get("five")));
        assertEquals("1.5", await(kv.get("half")));
        assertEquals("true", await(kv.get("yes")));
        assertEquals("[1 2]", await(kv.get("list")));
    }

    @Test
    void set_unencodableValue_failsSerializerError() {
        assumeTrue(json());
        assertEquals("SerializerError", failure(kv.set("nan", Double.NaN)).name());
        assertEquals(
                "SerializerError",
                failure(kv.set("inf", List.of(Double.POSITIVE_INFINITY))).name());
        assertFalse(await(kv.exists("nan")));
    }

    @Test
    void delete_alwaysTrue_andRemoves() {
        assertTrue(await(kv.delete("never-there")));
        await(kv.set("k", "v"));
        assertTrue(await(kv.delete("k")));
        assertFalse(await(kv.exists("k")));
    }

    @Test
    void exists_reflectsPresence() {
        assertFalse(await(kv.exists("k")));
        await(kv.set("k", "v"));
        assertTrue(await(kv.exists("k")));
    }

    @Test
    void clearAndSize_countAndEmptyTheStore() {
        assertEquals(0L, await(kv.size()));
        for (int i = 0; i < 25; i++) {
            await(kv.set("key-" + i, "v"));
        }
        assertEquals(25L, await(kv.size()));
        assertEquals(25L, await(kv.count()));
        assertTrue(await(kv.clear()));
        assertEquals(0L, await(kv.size()));
        assertEquals(List.of(), await(kv.listKeys()));
        assertEquals("", await(kv.randomKey()));
    }

    @Test
    void clear_thenWrite_readsSeeOnlyTheNewWrite() {
        // A clear's event reaches the key index after the call returns, possibly after later writes: it must not
        // wipe them from the index (regression: a set right after clear was invisible to randomKey).
        for (int i = 0; i < 20; i++) {
            await(kv.set("old:" + i, i));
            assertTrue(await(kv.clear()));
            await(kv.set("new:" + i, i));
            assertEquals("new:" + i, await(kv.randomKey("new:")));
            assertEquals(List.of("new:" + i), await(kv.listKeys()));
            assertEquals(1L, await(kv.count("new:")));
            assertEquals(0L, await(kv.count("old:")));
        }
    }

    @Test
    void emptyKey_isRejectedEverywhere() {
        List<Function<Kv, CompletableFuture<?>>> calls = List.of(
                k -> k.get(""),
                k -> k.set("", "v"),
                k -> k.delete(""),
                k -> k.exists(""),
                k -> k.incrementBy("", 1),
                k -> k.getOrSet("", "v"),
                k -> k.swap("", "v"),
                k -> k.compareAndSwap("", null, "v"),
                k -> k.setIfAbsent("", "v"),
                k -> k.deleteIfExists(""),
                k -> k.compareAndDelete("", "v"),
                k -> k.get(null));
        for (Function<Kv, CompletableFuture<?>> call : calls) {
            assertEquals("InvalidOptionsError", failure(call.apply(kv)).name());
        }
        assertEquals(0L, await(kv.size()));
    }

    // ---- a.4 atomic operations ----

    @Test
    void incrementBy_absentKey_startsAtZero() {
        assertEquals(5L, await(kv.incrementBy("c", 5)));
        assertEquals(json() ? 5L : "5", await(kv.get("c")));
    }

    @Test
    void incrementBy_accumulates_andZeroIsAllowed() {
        await(kv.incrementBy("c", 10));
        assertEquals(7L, await(kv.incrementBy("c", -3)));
        assertEquals(7L, await(kv.incrementBy("c", 0)));
    }

    @Test
    void incrementBy_acceptsCounterForms() {
        await(kv.set("plain", json() ? 41L : "41"));
        assertEquals(42L, await(kv.incrementBy("plain", 1)));
        await(kv.set("quoted", "5")); // json: the JSON string "5"; string: the text 5
        assertEquals(6L, await(kv.incrementBy("quoted", 1)));
        assertEquals(json() ? 6L : "6", await(kv.get("quoted")));
        await(kv.set("signed", json() ? -7L : "+7"));
        assertEquals(json() ? -6L : 8L, await(kv.incrementBy("signed", 1)));
    }

    @Test
    void incrementBy_nonCounter_failsValueParseError_andKeepsValue() {
        List<Object> notCounters = json()
                ? List.of("not-a-number", 1.5, Map.of("a", 1L), "1.5", true)
                : List.of("not-a-number", "1.5", "1e3", " 1");
        for (Object value : notCounters) {
            await(kv.set("bad", value));
            assertEquals("ValueParseError", failure(kv.incrementBy("bad", 1)).name(), String.valueOf(value));
            assertEquals(json() ? value : value.toString(), await(kv.get("bad")));
        }
    }

    @Test
    void incrementBy_overflow_failsValueParseError_andKeepsValue() {
        await(kv.incrementBy("max", Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, await(kv.incrementBy("max", 0)));
        assertEquals("ValueParseError", failure(kv.incrementBy("max", 1)).name());
        assertEquals(Long.MAX_VALUE - 1, await(kv.incrementBy("max", -1)));
        await(kv.incrementBy("min", Long.MIN_VALUE));
        assertEquals("ValueParseError", failure(kv.incrementBy("min", -1)).name());
        assertEquals(json() ? Long.MIN_VALUE : Long.toString(Long.MIN_VALUE), await(kv.get("min")));
    }

    @Test
    void incrementBy_badDelta_failsValueNumberRequired() {
        List<Number> deltas = Arrays.asList(
                1.5, Double.NaN, Double.POSITIVE_INFINITY, 1e20, null, new BigInteger("9223372036854775808"));
        for (Number delta : deltas) {
            assertEquals(
                    "ValueNumberRequiredError",
                    failure(kv.incrementBy("c", delta)).name(),
                    String.valueOf(delta));
        }
        assertFalse(await(kv.exists("c")));
        assertEquals(3L, await(kv.incrementBy("c", (Number) 3.0)));
    }

    @Test
    void incrementBy_thenCompareAndSwapWithTheNumber_matches() {
        await(kv.incrementBy("rate", 50));
        assertTrue(await(kv.compareAndSwap("rate", 50, 0)));
        assertEquals(json() ? 0L : "0", await(kv.get("rate")));
    }

    @Test
    void getOrSet_absent_storesAndReportsNotLoaded() {
        Object value = json() ? Map.of("b", 2L, "a", 1.0) : "v";
        GetOrSetResult r = await(kv.getOrSet("k", value));
        assertFalse(r.loaded());
        assertEquals(json() ? Map.of("a", 1L, "b", 2L) : "v", r.value()); // decode(encode(value))
        assertEquals(r.value(), await(kv.get("k")));
    }

    @Test
    void getOrSet_present_returnsCurrent_andLeavesItUntouched() {
        await(kv.set("k", "first"));
        GetOrSetResult r = await(kv.getOrSet("k", "second"));
        assertTrue(r.loaded());
        assertEquals("first", r.value());
        assertEquals("first", await(kv.get("k")));
    }

    @Test
    void swap_reportsPrevious() {
        assertEquals(new SwapResult(null, false), await(kv.swap("k", "a")));
        assertEquals(new SwapResult("a", true), await(kv.swap("k", "b")));
        assertEquals("b", await(kv.get("k")));
    }

    @Test
    void compareAndSwap_nullOld_meansCreateIfAbsent() {
        assertTrue(await(kv.compareAndSwap("k", null, "v1")));
        assertFalse(await(kv.compareAndSwap("k", null, "v2")));
        assertEquals("v1", await(kv.get("k")));
    }

    @Test
    void compareAndSwap_matchesOnlyEqualBytes() {
        await(kv.set("k", "v1"));
        assertFalse(await(kv.compareAndSwap("k", "other", "v2")));
        assertTrue(await(kv.compareAndSwap("k", "v1", "v2")));
        assertEquals("v2", await(kv.get("k")));
        assertFalse(await(kv.compareAndSwap("absent", "v1", "v2")));
        assertFalse(await(kv.exists("absent")));
    }

    @Test
    void compareAndSwap_jsonEquality_isCanonical() {
        assumeTrue(json());
        await(kv.set("obj", Map.of("a", 1L, "b", 2L)));
        assertTrue(await(kv.compareAndSwap("obj", new LinkedHashMap<>(Map.of("b", 2L, "a", 1L)), "x")));
        await(kv.set("num", 1L));
        assertTrue(await(kv.compareAndSwap("num", 1.0, 2L)));
        await(kv.set("str", "1"));
        assertFalse(await(kv.compareAndSwap("str", 1L, 2L)));
    }

    @Test
    void compareAndSwap_stringEquality_comparesText() {
        assumeTrue(!json());
        await(kv.set("k", "1"));
        assertTrue(await(kv.compareAndSwap("k", 1, "2")));
    }

    @Test
    void compareAndSwap_valueFromGet_alwaysMatches() {
        List<Object> values = json()
                ? List.of(
                        Map.of("z", List.of(1.25, -0.5, 1e-7, 1e21), "a", Map.of("y", "x<&>\u2028")),
                        123456789012L,
                        0.1,
                        "é😀",
                        List.of())
                : List.of("plain", "é😀", "");
        int i = 0;
        for (Object v : values) {
            String key = "rt-" + i++;
            await(kv.set(key, v));
            Object read = await(kv.get(key));
            assertTrue(await(kv.compareAndSwap(key, read, "next")), key + " " + v);
        }
    }

    @Test
    void compareAndSwap_storedJsonNull_cannotBeMatched() {
        assumeTrue(json());
        await(kv.set("n", null));
        assertFalse(await(kv.compareAndSwap("n", null, "x")));
        assertNull(await(kv.get("n")));
    }

    @Test
    void setIfAbsent_onlyFirstWins() {
        assertTrue(await(kv.setIfAbsent("k", "a")));
        assertFalse(await(kv.setIfAbsent("k", "b")));
        assertEquals("a", await(kv.get("k")));
    }

    @Test
    void deleteIfExists_reportsWhetherItDeleted() {
        assertFalse(await(kv.deleteIfExists("k")));
        await(kv.set("k", "v"));
        assertTrue(await(kv.deleteIfExists("k")));
        assertFalse(await(kv.deleteIfExists("k")));
    }

    @Test
    void compareAndDelete_deletesOnlyOnMatch() {
        await(kv.set("k", "v"));
        assertFalse(await(kv.compareAndDelete("k", "other")));
        assertTrue(await(kv.exists("k")));
        assertTrue(await(kv.compareAndDelete("k", "v")));
        assertFalse(await(kv.exists("k")));
        assertFalse(await(kv.compareAndDelete("k", "v")));
    }

    @Test
    void compareAndDelete_nullIsAValue() {
        await(kv.set("n", null));
        assertTrue(await(kv.compareAndDelete("n", null)));
        assertFalse(await(kv.exists("n")));
    }

    // ---- a.5 queries ----

    /** Keys whose UTF-8 order differs from Java's UTF-16 order (U+FF61 < U+1F600 in UTF-8, not in UTF-16). */
    static final List<String> MIXED_KEYS = List.of("Z", "a", "a/b", "ab", "é", "\uFF61", "😀", "😀x", "\u00FF");

    static List<String> utf8Sorted(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort((x, y) ->
                Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }

    @Test
    void list_ordersKeysByUtf8Bytes() {
        for (String k : MIXED_KEYS) {
            await(kv.set(k, "v:" + k));
        }
        List<String> expected = utf8Sorted(MIXED_KEYS);
        List<Entry> entries = await(kv.list());
        assertEquals(expected, entries.stream().map(Entry::key).toList());
        entries.forEach(e -> assertEquals("v:" + e.key(), e.value()));
        assertEquals(expected, await(kv.listKeys()));
        assertEquals(expected, await(kv.scanKeys()).keys());
    }

    @Test
    void list_prefixAndLimit() {
        for (String k : List.of("user:3", "user:1", "order:1", "user:2", "users")) {
            await(kv.set(k, k));
        }
        ListOptions users = ListOptions.builder().prefix("user:").build();
        assertEquals(
                List.of(new Entry("user:1", "user:1"), new Entry("user:2", "user:2"), new Entry("user:3", "user:3")),
                await(kv.list(users)));
        assertEquals(
                List.of("user:1", "user:2"),
                await(kv.listKeys(ListOptions.builder().prefix("user:").limit(2).build())));
        assertEquals(
                5, await(kv.listKeys(ListOptions.builder().limit(-1).build())).size());
        assertEquals(
                List.of(), await(kv.list(ListOptions.builder().prefix("none:").build())));
    }

    @Test
    void list_limitAboveMaximum_isRejectedNotClamped() {
        KvException e = assertThrows(
                KvException.class, () -> ListOptions.builder().limit(250_001).build());
        assertEquals("InvalidOptionsError", e.name());
        ListOptions.builder().limit(250_000).build();
    }

    @Test
    void scan_emptyStore_isOneDonePage() {
        assertEquals(new ScanPage(List.of(), "", true), await(kv.scan()));
        assertEquals(
                new KeysPage(List.of(), "", true),
                await(kv.scanKeys(ScanOptions.builder().limit(10).build())));
    }

    @Test
    void scan_pages_continueStrictlyAfterCursor_withoutTrailingEmptyPage() {
        List<String> keys = List.of("k1", "k2", "k3", "k4", "k5", "k6");
        keys.forEach(k -> await(kv.set(k, k)));
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (true) {
            ScanPage page =
                    await(kv.scan(ScanOptions.builder().limit(3).cursor(cursor).build()));
            pages++;
            page.entries().forEach(e -> seen.add(e.key()));
            assertEquals(page.done(), page.cursor().isEmpty());
            if (page.done()) {
                break;
            }
            String last = page.entries().get(page.entries().size() - 1).key();
            assertEquals(Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)), page.cursor());
            cursor = page.cursor();
        }
        assertEquals(keys, seen);
        assertEquals(2, pages, "exactly two full pages, no trailing empty one");
    }

    @Test
    void scan_limitZeroOrNegative_returnsAllRemainingAndDone() {
        List.of("a", "b", "c").forEach(k -> await(kv.set(k, k)));
        ScanPage all =
                await(kv.scan(ScanOptions.builder().limit(0).cursor(cursor("a")).build()));
        assertEquals(List.of("b", "c"), all.entries().stream().map(Entry::key).toList());
        assertTrue(all.done());
        assertTrue(await(kv.scanKeys(ScanOptions.builder().limit(-5).build())).done());
    }

    @Test
    void scan_cursorIsOnlyAPosition_prefixIsNotEmbedded() {
        List.of("a:1", "a:2", "b:1", "b:2").forEach(k -> await(kv.set(k, k)));
        KeysPage page = await(kv.scanKeys(
                ScanOptions.builder().prefix("b:").cursor(cursor("a:9")).build()));
        assertEquals(List.of("b:1", "b:2"), page.keys());
        page = await(kv.scanKeys(
                ScanOptions.builder().prefix("b:").cursor(cursor("b:1")).build()));
        assertEquals(List.of("b:2"), page.keys());
        // any bytes are a valid position, even ones that are not UTF-8
        String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x61, (byte) 0xff});
        assertEquals(
                List.of("b:1", "b:2"),
                await(kv.scanKeys(ScanOptions.builder().cursor(notUtf8).build()))
                        .keys());
    }

    @Test
    void scan_malformedCursor_failsInvalidCursor() {
        await(kv.set("a", "a"));
        ScanOptions bad =
                ScanOptions.builder().cursor("%%%not-base64-cursor%%%").build();
        assertEquals("InvalidCursorError", failure(kv.scan(bad)).name());
        assertEquals("InvalidCursorError", failure(kv.scanKeys(bad)).name());
    }

    @Test
    void scan_limitAboveMaximum_isRejected() {
        assertEquals(
                "InvalidOptionsError",
                assertThrows(
                                KvException.class,
                                () -> ScanOptions.builder().limit(100_001).build())
                        .name());
    }

    @Test
    void count_byPrefix_reflectsOwnWritesImmediately() {
        for (int i = 0; i < 40; i++) {
            await(kv.set("tenant:a:" + i, i));
            assertEquals(i + 1L, await(kv.count("tenant:a:")));
        }
        await(kv.set("tenant:b:1", 1));
        assertEquals(40L, await(kv.count("tenant:a:")));
        assertEquals(41L, await(kv.count("")));
        for (int i = 0; i < 40; i += 2) {
            await(kv.delete("tenant:a:" + i));
        }
        assertEquals(20L, await(kv.count("tenant:a:")));
        assertEquals(0L, await(kv.count("nobody")));
    }

    @Test
    void listAndScan_reflectOwnWritesImmediately() {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "rw:" + (char) ('a' + i);
            await(kv.set(key, i));
            assertEquals(
                    key,
                    await(kv.listKeys(ListOptions.builder().prefix("rw:").build()))
                            .get(i));
            await(kv.delete(key));
            assertEquals(
                    written,
                    await(kv.scanKeys(ScanOptions.builder().prefix("rw:").build()))
                            .keys());
            await(kv.set(key, i));
            written.add(key);
            assertEquals(
                    written,
                    await(kv.list(ListOptions.builder().prefix("rw:").build())).stream()
                            .map(Entry::key)
                            .toList());
        }
    }

    @Test
    void randomKey_emptyOrNoMatch_isEmptyString() {
        assertEquals("", await(kv.randomKey()));
        await(kv.set("a:1", 1));
        assertEquals("", await(kv.randomKey("b:")));
        assertEquals("a:1", await(kv.randomKey("a:")));
        assertEquals("a:1", await(kv.randomKey()));
    }

    @Test
    void randomKey_picksOnlyMatchingKeys() {
        for (int i = 0; i < 30; i++) {
            await(kv.set("p:" + i, i));
            await(kv.set("q:" + i, i));
        }
        for (int i = 0; i < 50; i++) {
            assertTrue(await(kv.randomKey("p:")).startsWith("p:"));
        }
    }

    @Test
    void randomKeys_uniqueAndWithReplacement() {
        for (int i = 0; i < 10; i++) {
            await(kv.set("r:" + i, i));
        }
        await(kv.set("other", 0));
        List<String> some = await(
                kv.randomKeys(RandomKeysOptions.builder().prefix("r:").count(4).build()));
        assertEquals(4, new HashSet<>(some).size());
        List<String> all = await(
                kv.randomKeys(RandomKeysOptions.builder().prefix("r:").count(50).build()));
        assertEquals(10, all.size());
        assertEquals(10, new HashSet<>(all).size());
        List<String> repeated = await(kv.randomKeys(
                RandomKeysOptions.builder().prefix("r:").count(50).unique(false).build()));
        assertEquals(50, repeated.size());
        assertTrue(repeated.stream().allMatch(k -> k.startsWith("r:")));
        assertEquals(
                List.of(),
                await(kv.randomKeys(
                        RandomKeysOptions.builder().prefix("x:").count(3).build())));
    }

    @Test
    void randomKeys_countOutOfRange_isRejected() {
        for (long count : new long[] {0, -1, 1_000_001}) {
            assertEquals(
                    "InvalidOptionsError",
                    assertThrows(KvException.class, () -> RandomKeysOptions.builder()
                                    .count(count)
                                    .build())
                            .name());
        }
    }

    @Test
    void rebuildKeyList_returnsTrue_andKeepsAnswers() {
        await(kv.set("a", 1));
        assertTrue(await(kv.rebuildKeyList()));
        assertEquals(List.of("a"), await(kv.listKeys()));
        assertEquals(1L, await(kv.count("a")));
    }

    // ---- a.1 lock-in, a.7 close ----

    @Test
    void open_withOtherOptions_failsKVOptionsConflict() {
        KvOptions other = options().toBuilder()
                .serialization(json() ? Serialization.STRING : Serialization.JSON)
                .build();
        KvException e = assertThrows(KvException.class, () -> openAnother(other));
        assertEquals("KVOptionsConflictError", e.name());
        assertTrue(e.getMessage().contains("serialization=" + serialization.wireName()), e.getMessage());
        KvOptions otherTracking = options().toBuilder().trackKeys(!trackKeys).build();
        assertEquals(
                "KVOptionsConflictError",
                assertThrows(KvException.class, () -> openAnother(otherTracking))
                        .name());
    }

    @Test
    void close_rejectsLaterCalls_isIdempotent_andKeepsData() {
        Kv second = openAnother(options());
        await(second.set("kept", "v"));
        CompletableFuture<Void> first = second.close();
        assertSame(first, second.close());
        await(first);
        for (CompletableFuture<?> call : List.of(
                second.get("kept"),
                second.set("x", 1),
                second.size(),
                second.scan(),
                second.randomKey(),
                second.incrementBy("c", 1),
                second.get(""))) {
            KvException e = failure(call);
            assertEquals(KvError.StoreClosedError, e.error());
            assertEquals("kv store handle is closed", e.getMessage());
        }
        assertEquals("v", await(kv.get("kept")), "closing one handle leaves the store and other handles alone");
    }

    static String cursor(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
