package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /v1/stores/{store}/batch}: one answer per operation, in order, as if run one by one. */
@ExtendWith(SharedNode.class)
@Timeout(60)
class BatchTest {
    private static Api api;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
    }

    private static ObjectNode op(String name, Object... args) {
        ObjectNode op = Api.JSON.createObjectNode().put("op", name);
        for (int i = 0; i < args.length; i += 2) {
            op.set((String) args[i], Api.JSON.valueToTree(args[i + 1]));
        }
        return op;
    }

    private static String batch(List<? extends JsonNode> ops) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putArray("ops").addAll(ops);
        return body.toString();
    }

    /** The {@code results} of a batch that must be answered {@code 200}. */
    private static List<JsonNode> run(String store, List<? extends JsonNode> ops) {
        JsonNode answer = api.call(store, "batch", batch(ops)).json();
        assertEquals(List.of("results"), Api.names(answer), answer::toString);
        List<JsonNode> results = new ArrayList<>();
        answer.get("results").forEach(results::add);
        assertEquals(ops.size(), results.size(), answer::toString);
        return results;
    }

    private static JsonNode ok(JsonNode itemResult) {
        assertEquals(List.of("result"), Api.names(itemResult), itemResult::toString);
        return itemResult.get("result");
    }

    private static String store(TestInfo test) {
        return Api.uniqueStore("batch-" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void results_comeInRequestOrder(TestInfo test) {
        String store = store(test);
        List<ObjectNode> ops = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ops.add(op("set", "key", "k" + i, "value", "v" + i));
        }
        for (int i = 199; i >= 0; i--) {
            ops.add(op("get", "key", "k" + i));
        }
        List<JsonNode> results = run(store, ops);
        for (int i = 0; i < 200; i++) {
            assertEquals("v" + i, ok(results.get(i)).textValue());
            assertEquals("v" + (199 - i), ok(results.get(200 + i)).textValue());
        }
    }

    @Test
    void setThenGet_inOneBatch_readsTheWrite(TestInfo test) {
        String store = store(test);
        List<JsonNode> results = run(
                store,
                List.of(
                        op("get", "key", "a"),
                        op("set", "key", "a", "value", 1),
                        op("get", "key", "a"),
                        op(
                                "set",
                                "key",
                                "a",
                                "value",
                                Api.JSON.createObjectNode().put("n", 2)),
                        op("get", "key", "a"),
                        op("delete", "key", "a"),
                        op("exists", "key", "a")));
        assertEquals("KeyNotFoundError", Api.errorNameOf(results.get(0), "item 0"));
        assertEquals(1, ok(results.get(1)).intValue());
        assertEquals(1, ok(results.get(2)).intValue());
        assertEquals("{\"n\":2}", ok(results.get(4)).toString());
        assertEquals(true, ok(results.get(5)).booleanValue());
        assertEquals(false, ok(results.get(6)).booleanValue());
    }

    @Test
    void incrementsOnManyKeys_eachKeyCountsInOrder(TestInfo test) {
        String store = store(test);
        int keys = 20;
        int rounds = 50;
        List<ObjectNode> ops = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < keys; k++) {
                ops.add(op("incrementBy", "key", "c" + k, "delta", 1));
            }
        }
        List<JsonNode> results = run(store, ops);
        for (int i = 0; i < results.size(); i++) {
            // Same-key operations run in request order, so the i-th increment of a key answers exactly i.
            assertEquals(i / keys + 1, ok(results.get(i)).longValue(), "increment " + i);
        }
        for (int k = 0; k < keys; k++) {
            assertEquals(
                    rounds, api.result(store, "get", Api.body("key", "c" + k)).longValue());
        }
    }

    @Test
    void storeWideOperations_seeEverythingBeforeThem(TestInfo test) {
        String store = store(test);
        List<JsonNode> results = run(
                store,
                List.of(
                        op("set", "key", "a", "value", 1),
                        op("set", "key", "b", "value", 2),
                        op("size"),
                        op("clear"),
                        op("size"),
                        op("set", "key", "c", "value", 3),
                        op("listKeys"),
                        op("count", "prefix", "c")));
        assertEquals(2, ok(results.get(2)).longValue());
        assertEquals(0, ok(results.get(4)).longValue());
        assertEquals("[\"c\"]", ok(results.get(6)).toString());
        assertEquals(1, ok(results.get(7)).longValue());
    }

    @Test
    void failingOperations_failAlone(TestInfo test) {
        String store = store(test);
        List<JsonNode> results = run(
                store,
                List.of(
                        op("set", "key", "x", "value", "before"),
                        op("nosuchOperation", "key", "x"),
                        op("set", "key", 5, "value", 1),
                        op("incrementBy", "key", "x", "delta", 1),
                        op("incrementBy", "key", "n", "delta", "1"),
                        op("get", "key", "x", "extra", true),
                        Api.JSON.createObjectNode().put("key", "x"),
                        Api.JSON.getNodeFactory().numberNode(7),
                        op("set", "key", "x", "value", "after"),
                        op("get", "key", "x")));
        assertEquals("before", ok(results.get(0)).textValue());
        assertEquals("NotFoundError", Api.errorNameOf(results.get(1), "unknown op"));
        assertEquals("InvalidOptionsError", Api.errorNameOf(results.get(2), "key as number"));
        assertEquals("ValueParseError", Api.errorNameOf(results.get(3), "not a counter"));
        assertEquals("ValueNumberRequiredError", Api.errorNameOf(results.get(4), "delta as string"));
        assertEquals("InvalidOptionsError", Api.errorNameOf(results.get(5), "unknown argument"));
        assertEquals("InvalidOptionsError", Api.errorNameOf(results.get(6), "no op"));
        assertEquals("InvalidOptionsError", Api.errorNameOf(results.get(7), "not an object"));
        assertEquals("after", ok(results.get(8)).textValue());
        assertEquals("after", ok(results.get(9)).textValue());
        assertEquals(false, api.result(store, "exists", Api.body("key", "n")).booleanValue());
    }

    @Test
    void invalidBody_failsAsAWhole_andRunsNothing(TestInfo test) {
        String store = store(test);
        String set = op("set", "key", "z", "value", 1).toString();
        for (String body : new String[] {
            "{\"ops\": {\"0\": " + set + "}}",
            "{\"ops\": " + set + "}",
            "{\"ops\": null}",
            "{\"ops\": [" + set + "], \"extra\": 1}",
            "{\"op\": \"set\", \"key\": \"z\", \"value\": 1}",
            "[" + set + "]",
            "{\"ops\": [" + set + "]",
            "{}",
            ""
        }) {
            api.call(store, "batch", body).assertError(400, "InvalidOptionsError");
        }
        assertEquals(false, api.result(store, "exists", Api.body("key", "z")).booleanValue());
    }

    @Test
    void moreThan10000Operations_isRefusedAsAWhole(TestInfo test) {
        String store = store(test);
        List<JsonNode> ops = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ops.add(Api.JSON.getNodeFactory().numberNode(0)); // the smallest item: it would fail alone
        }
        ops.add(op("set", "key", "over", "value", 1));
        api.call(store, "batch", batch(ops)).assertError(400, "InvalidOptionsError");
        assertEquals(false, api.result(store, "exists", Api.body("key", "over")).booleanValue());
    }

    @Test
    void exactly10000Operations_areRun(TestInfo test) {
        String store = store(test);
        List<JsonNode> ops = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            ops.add(Api.JSON.getNodeFactory().numberNode(0));
        }
        ops.add(op("set", "key", "last", "value", 1));
        List<JsonNode> results = run(store, ops);
        assertEquals("InvalidOptionsError", Api.errorNameOf(results.get(0), "item 0"));
        assertEquals(1, ok(results.get(9_999)).intValue());
    }

    @Test
    void emptyBatch_answersNoResults(TestInfo test) {
        assertTrue(run(store(test), List.of()).isEmpty());
    }
}
