package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots through real nodes: {@code backup}/{@code restore} over HTTP (files in the node's snapshot directory) of a
 * store written by Java clients.
 */
@Timeout(600)
class SnapshotIT {
    @RegisterExtension
    static final NodeProcesses nodes = new NodeProcesses(3);

    @BeforeAll
    static void start() {
        nodes.start();
    }

    @Test
    void aRoundTripOf100000MixedJsonKeysIsByteIdentical() throws Exception {
        String store = "round-trip";
        Kv kv = nodes.connect(KvOptions.builder().store(store).build());
        try {
            List<CompletableFuture<Object>> writes = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                writes.add(kv.set(String.format("k%06d", i), mixedValue(i)));
                if (writes.size() == 2_000) {
                    writes.forEach(f -> await(f));
                    writes.clear();
                }
            }
            writes.forEach(f -> await(f));
            String before = everything(store);

            String backup = call(0, store, "backup", "{\"fileName\":\"round-trip\"}");
            assertTrue(backup.contains("\"totalEntries\":100000"), backup);
            await(kv.clear());
            await(kv.set("stranger", 1));
            // The snapshot is node 0's file: another node can not reach it, not even by a path.
            String escape = call(1, store, "restore", "{\"fileName\":\"../node-0/round-trip\"}");
            assertTrue(escape.contains("\"InvalidOptionsError\""), escape);
            assertTrue(
                    call(1, store, "restore", "{\"fileName\":\"round-trip\"}").contains("SnapshotNotFoundError"));
            assertEquals(
                    "{\"result\":{\"totalEntries\":100000}}",
                    call(0, store, "restore", "{\"fileName\":\"round-trip\"}"));
            assertEquals(before, everything(store), "every value comes back byte for byte");
        } finally {
            await(kv.close());
        }
    }

    @Test
    void aStrictBackupUnder16WritersIsOneInstantAndOneAllowingWritesRefusesNobody() throws Exception {
        for (boolean allowWrites : new boolean[] {false, true}) {
            String store = "under-load-" + allowWrites;
            Kv kv = nodes.connect(KvOptions.builder().store(store).build());
            try {
                Map<String, Long> refusals = new ConcurrentHashMap<>();
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch started = new CountDownLatch(16);
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int w = 0; w < 16; w++) {
                    int writer = w;
                    writers.add(CompletableFuture.runAsync(() -> {
                        long i = 0;
                        while (!stop.get()) {
                            try {
                                kv.set(String.format("w%02d:%08d", writer, i), i)
                                        .join();
                                if (++i == 20) {
                                    started.countDown();
                                }
                            } catch (RuntimeException e) {
                                KvException k = (KvException) e.getCause();
                                refusals.merge(k.name(), 1L, Long::sum);
                                if (k.error() != KvError.BackupInProgressError) {
                                    throw k;
                                }
                            }
                        }
                    }));
                }
                assertTrue(started.await(120, TimeUnit.SECONDS), "writers started");
                String answer = call(
                        0,
                        store,
                        "backup",
                        "{\"fileName\":\"" + store + "\",\"allowConcurrentWrites\":" + allowWrites + "}");
                stop.set(true);
                for (CompletableFuture<Void> w : writers) {
                    w.get(60, TimeUnit.SECONDS);
                }
                assertTrue(answer.contains("\"bestEffort\":" + allowWrites), answer);
                if (allowWrites) {
                    assertEquals(Map.of(), refusals, "writers are never refused");
                } else {
                    refusals.remove("BackupInProgressError");
                    assertEquals(Map.of(), refusals, "writers see only BackupInProgressError");
                    call(0, store + "-check", "restore", "{\"fileName\":\"" + store + "\"}");
                    assertOneInstant(store + "-check");
                }
            } finally {
                await(kv.close());
            }
        }
    }

    /** In the snapshot, each writer's keys are exactly its first m writes: none after a missing one. */
    private void assertOneInstant(String store) {
        Kv kv = nodes.connect(KvOptions.builder().store(store).build());
        try {
            Map<String, List<Long>> byWriter = new TreeMap<>();
            for (var e : await(kv.list(ListOptions.DEFAULT))) {
                byWriter.computeIfAbsent(e.key().substring(0, 3), w -> new ArrayList<>())
                        .add(((Number) e.value()).longValue());
            }
            assertEquals(16, byWriter.size());
            byWriter.forEach((w, values) -> {
                values.sort(null);
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != i) {
                        fail("writer " + w + ": snapshot has write " + values.get(i) + " without write " + i);
                    }
                }
            });
        } finally {
            await(kv.close());
        }
    }

    private static Object mixedValue(int i) {
        return switch (i % 6) {
            case 0 -> i;
            case 1 -> "text " + i + " é€😀";
            case 2 -> i % 2 == 0;
            case 3 -> null;
            case 4 -> List.of(i, "x", Map.of("n", i, "f", i / 7.0));
            default -> Map.of("id", i, "tags", List.of("a", "b"), "big", Long.MAX_VALUE - i);
        };
    }

    /** Every entry of the store as the HTTP API renders it, page after page. */
    private String everything(String store) throws Exception {
        StringBuilder all = new StringBuilder();
        String cursor = "";
        Pattern next = Pattern.compile("\"cursor\":\"([^\"]*)\"");
        do {
            String page = call(2, store, "scan", "{\"limit\":5000,\"cursor\":\"" + cursor + "\"}");
            all.append(page.replaceAll(",\"cursor\":\"[^\"]*\",\"done\":(true|false)", ""));
            Matcher m = next.matcher(page);
            assertTrue(m.find(), page.length() > 300 ? page.substring(0, 300) : page);
            cursor = m.group(1);
        } while (!cursor.isEmpty());
        return all.toString();
    }

    private String call(int node, String store, String op, String body) throws Exception {
        return nodes.call(node, store, op, body).body();
    }
}
