package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Backend;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.testing.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disk backend's promise, with real processes: 3 nodes, 8 writers doing {@code set}/{@code incrementBy}/
 * {@code delete} over HTTP and recording every acknowledged result, every node killed with SIGKILL at once mid-run,
 * the nodes restarted on their data directories — and every acknowledged write is there with its last acknowledged
 * value, no deleted key is back. Again with one node's data directory lost before the restart.
 */
@Timeout(600)
class DiskCrashIT {
    private static final int WRITERS = 8;
    private static final int KEYS_PER_WRITER = 40;
    private static final long ACKS_BEFORE_THE_CRASH = 3_000;
    private static final String DELETED = "<deleted>";

    @RegisterExtension
    static final NodeProcesses nodes = new NodeProcesses(3);

    @Test
    void killingEveryNodeLosesNoAcknowledgedWrite() throws Exception {
        crashAndCheck("crash-all", false);
    }

    @Test
    void losingOneNodesDataDirectoryToo() throws Exception {
        crashAndCheck("crash-lost-dir", true);
    }

    /** One writer's view of its own keys: what was acknowledged last, and the one call whose outcome it never heard. */
    private static final class Writer {
        final Map<String, String> acked = new TreeMap<>();
        String doubtKey;
        String doubtValue;
    }

    private void crashAndCheck(String store, boolean loseADirectory) throws Exception {
        nodes.start();
        for (int n = 0; n < 3; n++) {
            assertEquals(
                    200, nodes.call(n, store, "open", "{\"backend\":\"disk\"}").statusCode());
        }
        AtomicLong acks = new AtomicLong();
        List<Writer> writers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Writer writer = new Writer();
            writers.add(writer);
            int id = w;
            running.add(threads.submit(() -> write(store, id, writer, acks)));
        }
        Eventually.assertEventually(
                Duration.ofSeconds(120),
                () -> assertTrue(acks.get() >= ACKS_BEFORE_THE_CRASH, acks.get() + " acknowledged writes so far"));
        nodes.killAll();
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS); // every writer stops at its first failure
        }
        threads.shutdown();
        if (loseADirectory) {
            FileTrees.deleteTree(nodes.dataDir(1));
        }
        nodes.start(); // ready only once the disk stores are loaded

        try (var closer = new KvCloser(nodes.connect(
                KvOptions.builder().store(store).backend(Backend.DISK).build()))) {
            Kv kv = closer.kv();
            Set<String> expectedKeys = ConcurrentHashMap.newKeySet();
            List<String> wrong = new ArrayList<>();
            for (Writer writer : writers) {
                for (Map.Entry<String, String> e : writer.acked.entrySet()) {
                    String key = e.getKey();
                    String actual = await(kv.exists(key)) ? String.valueOf(await(kv.get(key))) : DELETED;
                    boolean inDoubt = key.equals(writer.doubtKey);
                    if (!actual.equals(e.getValue()) && !(inDoubt && actual.equals(writer.doubtValue))) {
                        wrong.add(key + ": acknowledged " + e.getValue()
                                + (inDoubt ? " (or " + writer.doubtValue + ")" : "") + ", found " + actual);
                    }
                    if (!actual.equals(DELETED)) {
                        expectedKeys.add(key);
                    }
                }
                if (writer.doubtKey != null && !writer.acked.containsKey(writer.doubtKey)) {
                    expectedKeys.add(writer.doubtKey); // its first write, outcome unknown: either way is right
                }
            }
            assertEquals(List.of(), wrong, "acknowledged writes lost or deleted keys back");
            for (String key : await(kv.listKeys())) {
                assertTrue(expectedKeys.contains(key), "a key nobody acknowledged: " + key);
            }
            long total = writers.stream().mapToLong(w -> w.acked.size()).sum();
            assertTrue(total > 100, "the writers covered " + total + " keys");
        }
    }

    /** Writes until its node is gone; records what each answer acknowledged. */
    private void write(String store, int id, Writer writer, AtomicLong acks) {
        int node = id % 3;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Long> counters = new TreeMap<>();
        for (long seq = 0; ; seq++) {
            int k = random.nextInt(KEYS_PER_WRITER);
            String op;
            String key;
            String body;
            String after;
            switch (random.nextInt(3)) {
                case 0 -> {
                    op = "set";
                    key = "w" + id + ":k" + k;
                    after = "v" + seq;
                    body = "{\"key\":\"" + key + "\",\"value\":\"" + after + "\"}";
                }
                case 1 -> {
                    op = "incrementBy";
                    key = "w" + id + ":n" + k;
                    after = Long.toString(counters.getOrDefault(key, 0L) + 1);
                    body = "{\"key\":\"" + key + "\",\"delta\":1}";
                }
                default -> {
                    op = "delete";
                    key = "w" + id + ":k" + k;
                    after = DELETED;
                    body = "{\"key\":\"" + key + "\"}";
                }
            }
            writer.doubtKey = key;
            writer.doubtValue = after;
            try {
                HttpResponse<String> answer = nodes.call(node, store, op, body);
                if (answer.statusCode() != 200) {
                    return;
                }
            } catch (Exception e) {
                return;
            }
            if (op.equals("incrementBy")) {
                counters.put(key, Long.parseLong(after));
            }
            writer.acked.put(key, after);
            writer.doubtKey = null;
            writer.doubtValue = null;
            acks.incrementAndGet();
        }
    }

    private record KvCloser(Kv kv) implements AutoCloseable {
        @Override
        public void close() {
            await(kv.close());
        }
    }
}
