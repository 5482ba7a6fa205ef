package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridkv.node.http.Api.Reply;
import io.gridkv.node.k6.K6Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health, stats, Prometheus metrics and the k6 module files. */
@ExtendWith(SharedNode.class)
@Timeout(60)
class ObservabilityTest {
    private static Api api;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
    }

    @Test
    void live_isUp() {
        Reply live = api.get("/health/live");
        assertEquals(200, live.status());
        Api.assertJsonNoStore(live);
        assertEquals("{\"status\":\"UP\"}", live.text());
    }

    @Test
    void ready_onAStartedNode_isUpWithItsReasons() {
        Reply ready = api.get("/health/ready");
        assertEquals(200, ready.status(), ready.text());
        Api.assertJsonNoStore(ready);
        JsonNode body = ready.json();
        assertEquals("UP", body.get("status").textValue());
        assertEquals(true, body.get("memberRunning").booleanValue());
        assertEquals("ACTIVE", body.get("clusterState").textValue());
        assertEquals(1, body.get("members").intValue());
        assertEquals(true, body.get("localMemberSafe").booleanValue());
    }

    @Test
    void stats_listsTheClusterAndTheStores() {
        String store = Api.uniqueStore("stats");
        api.result(store, "open", Api.body("serialization", "string", "trackKeys", true));
        api.result(store, "set", Api.body("key", "a", "value", "1"));
        api.result(store, "set", Api.body("key", "b", "value", "2"));
        JsonNode stats = api.get("/v1/stats").result();
        assertEquals(List.of("version", "clusterName", "members", "clusterSafe", "stores"), Api.names(stats));
        assertTrue(stats.get("clusterName").textValue().startsWith("node-test-"), stats::toString);
        assertEquals(1, stats.get("members").size());
        assertEquals(true, stats.get("members").get(0).get("local").booleanValue());
        assertEquals(true, stats.get("clusterSafe").booleanValue());
        JsonNode mine = null;
        for (JsonNode s : stats.get("stores")) {
            if (s.get("store").textValue().equals(store)) {
                mine = s;
            }
        }
        assertNotNull(mine, stats::toString);
        assertEquals(
                "{\"store\":\"" + store + "\",\"serialization\":\"string\",\"trackKeys\":true,\"keys\":2}",
                mine.toString());
    }

    @Test
    void metrics_countAndTimeOperations_perStoreAndOutcome() {
        String store = Api.uniqueStore("metrics");
        api.result(store, "set", Api.body("key", "a", "value", 1));
        api.result(store, "get", Api.body("key", "a"));
        api.result(store, "get", Api.body("key", "a"));
        api.call(store, "get", Api.body("key", "absent")).assertError(404, "KeyNotFoundError");
        api.call(store, "get", Api.body("key", 5)).assertError(400, "InvalidOptionsError");
        api.call(
                        store,
                        "batch",
                        "{\"ops\": [{\"op\": \"incrementBy\", \"key\": \"n\", \"delta\": 1}, "
                                + "{\"op\": \"incrementBy\", \"key\": \"n\", \"delta\": 1}]}")
                .json();

        Reply scrape = api.get("/metrics");
        assertEquals(200, scrape.status());
        assertTrue(
                scrape.header("Content-Type").startsWith("text/plain; version=0.0.4"), scrape.header("Content-Type"));
        String text = scrape.text();
        String s = "store=\"" + store + "\"";
        assertEquals(2.0, sample(text, "gridkv_operations_total", s, "op=\"get\"", "outcome=\"ok\""));
        assertEquals(1.0, sample(text, "gridkv_operations_total", s, "op=\"get\"", "outcome=\"KeyNotFoundError\""));
        assertEquals(1.0, sample(text, "gridkv_operations_total", s, "op=\"get\"", "outcome=\"InvalidOptionsError\""));
        assertEquals(2.0, sample(text, "gridkv_operations_total", s, "op=\"incrementBy\"", "outcome=\"ok\""));
        assertEquals(4.0, sample(text, "gridkv_operation_seconds_count", s, "op=\"get\""));
        assertEquals(4.0, sample(text, "gridkv_operation_seconds_bucket", s, "op=\"get\"", "le=\"+Inf\""));
        assertEquals(2.0, sample(text, "gridkv_keys", s));
        assertEquals(1.0, sample(text, "gridkv_cluster_members"));
        assertEquals(1.0, sample(text, "gridkv_cluster_safe"));
        assertEquals(1.0, sample(text, "gridkv_leveldb_engine_info", "engine=\"", "reason=\""));
        assertTrue(sample(text, "jvm_memory_used_bytes", "area=\"heap\"") > 0, "jvm_memory_used_bytes");
    }

    /**
     * The value of the sample of {@code metric} whose labels include every one of {@code labels}: exactly one such
     * sample for gridkv's own metrics, the sum of all of them for JVM ones (one per memory pool...).
     */
    private static double sample(String exposition, String metric, String... labels) {
        List<String> found = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if ((line.startsWith(metric + "{") || line.startsWith(metric + " "))
                    && Stream.of(labels).allMatch(line::contains)) {
                found.add(line);
            }
        }
        String what = metric + " " + List.of(labels);
        assertFalse(found.isEmpty(), () -> "no " + what + " in:\n" + exposition);
        if (!metric.startsWith("jvm_")) {
            assertEquals(1, found.size(), () -> "several " + what + ": " + found);
        }
        return found.stream()
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void k6Module_isServedAsJavaScript_withTheSourceBytes() throws IOException {
        assertK6File(K6Module.SCRIPT, "text/javascript");
    }

    @Test
    void k6Declarations_areServedAsTypeScript_withTheSourceBytes() throws IOException {
        assertK6File(K6Module.DECLARATIONS, "application/typescript");
    }

    private static void assertK6File(String file, String contentType) throws IOException {
        // The build's resources step copies src/main/k6 into target/classes/k6 before the tests run.
        byte[] packaged = Optional.ofNullable(K6Module.read(file))
                .orElseThrow(() -> new AssertionError("target/classes lacks k6/" + file));
        Reply reply = api.get("/k6/" + file);
        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").startsWith(contentType), reply.header("Content-Type"));
        assertEquals("no-store", reply.header("Cache-Control"));
        assertArrayEquals(packaged, reply.body());
        assertArrayEquals(
                Files.readAllBytes(Path.of("src/main/k6", file)),
                reply.body(),
                "served " + file + " differs from src/main/k6");
    }
}
