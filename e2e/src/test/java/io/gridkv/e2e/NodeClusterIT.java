package io.gridkv.e2e;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three node processes form one store; Java clients on this JVM and HTTP calls to each node share exact counters
 * through them, and a node that leaves with SIGTERM hands its data over first: nothing acknowledged is lost.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeClusterIT {
    @RegisterExtension
    static final NodeProcesses NODES = new NodeProcesses(3);

    private static final KvOptions OPTIONS =
            KvOptions.builder().store("e2e").trackKeys(true).build();
    private static final int THREADS = 8;
    private static final int INCREMENTS = 500;
    private static final int KEYS = 2_000;

    private static Kv first;
    private static Kv second;

    @BeforeAll
    static void startNodesAndClients() {
        NODES.start();
        first = NODES.connect(OPTIONS);
        second = NODES.connect(OPTIONS);
    }

    @AfterAll
    static void closeClients() {
        if (first != null) {
            await(first.close());
        }
        if (second != null) {
            await(second.close());
        }
    }

    @Test
    @Order(1)
    void twoClients_incrementOneCounter_totalIsExact() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Kv kv = t % 2 == 0 ? first : second;
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        for (int i = 0; i < INCREMENTS; i++) {
                            await(kv.incrementBy("hits", 1));
                        }
                    },
                    pool));
        }
        go.countDown();
        workers.forEach(w -> await(w));
        pool.shutdown();
        assertEquals((long) THREADS * INCREMENTS, await(second.get("hits")));
    }

    @Test
    @Order(2)
    void httpOnEveryNode_sharesTheCountersOfJavaClients() throws Exception {
        long before = (Long) await(first.get("hits"));
        for (int node = 0; node < 3; node++) {
            String reply = post(node, "open", "{\"trackKeys\":true}");
            assertTrue(reply.contains("\"trackKeys\":true"), reply);
            for (int i = 0; i < 10; i++) {
                post(node, "incrementBy", "{\"key\":\"hits\",\"delta\":1}");
            }
        }
        assertEquals(before + 30, await(second.get("hits")));
        assertEquals("{\"result\":" + (before + 30) + "}", post(2, "get", "{\"key\":\"hits\"}"));
    }

    private static String post(int node, String op, String body) throws Exception {
        HttpResponse<String> response = NODES.call(node, "e2e", op, body);
        assertEquals(200, response.statusCode(), "node " + node + " " + op + " answered " + response.body());
        return response.body();
    }

    @Test
    @Order(3)
    void nodeLeavingWithSigterm_losesNothing() throws InterruptedException {
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            writes.add(first.set("user:" + i, i));
        }
        writes.forEach(w -> await(w));
        long hits = (Long) await(first.get("hits"));

        // 143 = 128 + SIGTERM: the JVM's status after its shutdown hook (the graceful leave) has run.
        assertEquals(143, NODES.stop(1), "exit status after SIGTERM");

        assertEquals(KEYS + 1L, await(second.size()));
        assertEquals((long) KEYS, await(second.count("user:")));
        for (int i = 0; i < KEYS; i += 97) {
            assertEquals((long) i, await(second.get("user:" + i)));
        }
        assertEquals(hits + 1, await(first.incrementBy("hits", 1)));
        assertTrue(await(first.randomKey("user:")).startsWith("user:"));
    }
}
