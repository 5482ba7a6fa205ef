package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Entry;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import io.gridkv.ScanOptions;
import io.gridkv.ScanPage;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Walking a store page by page gives exactly what {@code list()} gives, and under concurrent inserts and deletes a
 * walk stays sorted, never repeats a key and never misses a key that existed for the whole walk.
 */
@ExtendWith(SharedClusters.Resolver.class)
@Timeout(300)
class ScanPaginationTest {
    private static final int KEYS = 10_000;
    private static final int PAGE = 97;

    private static Kv open(SharedClusters clusters, Topology topology, boolean trackKeys) {
        Kv kv = clusters.open(
                topology,
                KvOptions.builder()
                        .store("pagination-" + trackKeys)
                        .trackKeys(trackKeys)
                        .build());
        await(kv.clear());
        return kv;
    }

    private static void load(Kv kv, String prefix, int n) {
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // mixed-width UTF-8 so byte order matters
            writes.add(kv.set(prefix + (i % 3 == 0 ? "é" : i % 3 == 1 ? "😀" : "a") + i, i));
            if (writes.size() == 256) {
                writes.forEach(f -> await(f));
                writes.clear();
            }
        }
        writes.forEach(f -> await(f));
    }

    private static List<Entry> walk(Kv kv, String prefix) {
        List<Entry> all = new ArrayList<>();
        String cursor = "";
        while (true) {
            ScanPage page = await(kv.scan(ScanOptions.builder()
                    .prefix(prefix)
                    .limit(PAGE)
                    .cursor(cursor)
                    .build()));
            assertTrue(page.done() || page.entries().size() == PAGE, "only the last page may be short");
            all.addAll(page.entries());
            if (page.done()) {
                return all;
            }
            cursor = page.cursor();
        }
    }

    @ParameterizedTest(name = "{0}, trackKeys={1}")
    @CsvSource({"TWO_MEMBERS, false", "TWO_MEMBERS, true", "CLIENT, false", "CLIENT, true"})
    void pages_concatenate_toExactlyList(Topology topology, boolean trackKeys, SharedClusters clusters) {
        Kv kv = open(clusters, topology, trackKeys);
        load(kv, "s:", KEYS);
        List<Entry> walked = walk(kv, "");
        assertEquals(KEYS, walked.size());
        assertEquals(await(kv.list()), walked);
        assertEquals(walked.stream().map(Entry::key).toList(), await(kv.listKeys()));
    }

    @ParameterizedTest(name = "{0}, trackKeys={1}")
    @CsvSource({"TWO_MEMBERS, false", "TWO_MEMBERS, true", "CLIENT, false", "CLIENT, true"})
    void walk_underConcurrentChurn_isSortedUniqueAndComplete(
            Topology topology, boolean trackKeys, SharedClusters clusters) {
        Kv kv = open(clusters, topology, trackKeys);
        load(kv, "stable:", KEYS / 2);
        load(kv, "churn:", KEYS / 2);
        Set<String> stable = new HashSet<>(
                await(kv.listKeys(ListOptions.builder().prefix("stable:").build())));

        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> churn = CompletableFuture.supplyAsync(() -> {
            int ops = 0;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                String key = "churn:" + (random.nextBoolean() ? "é" : "a") + random.nextInt(KEYS);
                if (random.nextBoolean()) {
                    await(kv.set(key, ops));
                } else {
                    await(kv.delete(key));
                }
                ops++;
            }
            return ops;
        });
        List<String> walked;
        try {
            walked = walk(kv, "").stream().map(Entry::key).toList();
        } finally {
            stop.set(true);
        }
        assertTrue(await(churn) > 0, "the churn ran during the walk");

        List<byte[]> bytes =
                walked.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        IntStream.range(1, bytes.size())
                .forEach(i -> assertTrue(
                        Arrays.compareUnsigned(bytes.get(i - 1), bytes.get(i)) < 0,
                        "not strictly increasing at " + i + ": " + walked.get(i - 1) + " then " + walked.get(i)));
        assertTrue(walked.containsAll(stable), "a key present for the whole walk was missed");
    }
}
