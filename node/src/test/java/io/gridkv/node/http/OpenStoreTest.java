package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /v1/stores/{store}/open}: xk6-kv's {@code openKv} options, fixed by a store's first opener. */
@ExtendWith(SharedNode.class)
@Timeout(60)
class OpenStoreTest {
    private static Api api;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
    }

    private static String store(TestInfo test) {
        return Api.uniqueStore("open-" + test.getTestMethod().orElseThrow().getName());
    }

    private static String described(String store, String serialization, boolean trackKeys) {
        return Api.body("store", store, "backend", "memory", "serialization", serialization, "trackKeys", trackKeys);
    }

    /** The {@code open} answer with its fields in a fixed order, whatever order the node wrote them in. */
    private static String sorted(JsonNode result) {
        return Api.body(
                "store", result.get("store").textValue(),
                "backend", result.get("backend").textValue(),
                "serialization", result.get("serialization").textValue(),
                "trackKeys", result.get("trackKeys").booleanValue());
    }

    @Test
    void open_withDefaults_describesTheStore(TestInfo test) {
        String store = store(test);
        assertEquals(described(store, "json", false), sorted(api.result(store, "open", "")));
        assertEquals(described(store, "json", false), sorted(api.result(store, "open", "{}")));
        assertEquals(4, Api.names(api.result(store, "open", "{}")).size());
    }

    @Test
    void open_sameOptionsTwice_succeedsBothTimes(TestInfo test) {
        String store = store(test);
        String options = Api.body("backend", "memory", "serialization", "string", "trackKeys", true);
        assertEquals(described(store, "string", true), sorted(api.result(store, "open", options)));
        assertEquals(described(store, "string", true), sorted(api.result(store, "open", options)));
    }

    @Test
    void open_otherSerializationOrTracking_conflicts(TestInfo test) {
        String store = store(test);
        api.result(store, "open", Api.body("serialization", "json"));
        api.call(store, "open", Api.body("serialization", "string")).assertError(409, "KVOptionsConflictError");
        api.call(store, "open", Api.body("trackKeys", true)).assertError(409, "KVOptionsConflictError");
        assertEquals(described(store, "json", false), sorted(api.result(store, "open", "{}")));
    }

    @Test
    void open_afterAnImplicitOpen_seesTheDefaults(TestInfo test) {
        String store = store(test);
        api.result(store, "set", Api.body("key", "a", "value", 5));
        api.call(store, "open", Api.body("serialization", "string")).assertError(409, "KVOptionsConflictError");
        assertEquals(5, api.result(store, "get", Api.body("key", "a")).intValue());
    }

    /**
     * A call that fails validation changes nothing — it must not open the store either, since opening fixes the
     * store's options for the whole cluster.
     */
    @Test
    void refusedCall_onANewStore_fixesNoOptions(TestInfo test) {
        String store = store(test);
        api.call(store, "get", Api.body("key", 5)).assertError(400, "InvalidOptionsError");
        api.call(store, "list", Api.body("limit", "5")).assertError(400, "InvalidOptionsError");
        api.call(store, "incrementBy", Api.body("key", "n", "delta", "1")).assertError(400, "ValueNumberRequiredError");
        api.call(store, "set", Api.body("key", "", "value", 1)).assertError(400, "InvalidOptionsError");
        api.call(store, "batch", "{\"ops\": 5}").assertError(400, "InvalidOptionsError");
        assertEquals(
                described(store, "string", true),
                sorted(api.result(store, "open", Api.body("serialization", "string", "trackKeys", true))));
    }

    @Test
    void stringSerialization_answersStrings(TestInfo test) {
        String store = store(test);
        api.result(store, "open", Api.body("serialization", "string"));
        api.result(store, "set", Api.body("key", "n", "value", 5));
        api.result(store, "set", Api.body("key", "b", "value", true));
        assertEquals("\"5\"", api.result(store, "get", Api.body("key", "n")).toString());
        assertEquals("\"true\"", api.result(store, "get", Api.body("key", "b")).toString());
    }

    @Test
    void aDiskStore_writesThrough_andAReadOnlyOneRefusesWrites(TestInfo test) {
        String store = store(test);
        api.result(store, "open", Api.body("backend", "disk"));
        assertEquals(
                "1",
                api.result(store, "incrementBy", Api.body("key", "n", "delta", 1))
                        .toString());
        api.call(store, "open", Api.body("backend", "memory")).assertError(409, "KVOptionsConflictError");
        String readOnly = store + "-ro";
        api.result(readOnly, "open", "{\"backend\":\"disk\",\"disk\":{\"readOnly\":true}}");
        api.call(readOnly, "set", Api.body("key", "k", "value", 1)).assertError(403, "StoreReadOnlyError");
    }

    @Test
    void badOptions_areRefused_andOpenNothing(TestInfo test) {
        String store = store(test);
        api.call(store, "open", Api.body("backend", "Disk")).assertError(400, "InvalidBackendError");
        api.call(store, "open", "{\"backend\":\"disk\",\"disk\":1}").assertError(400, "InvalidOptionsError");
        api.call(store, "open", "{\"backend\":\"disk\",\"disk\":{\"noSync\":\"yes\"}}")
                .assertError(400, "InvalidOptionsError");
        api.call(store, "open", Api.body("backend", "Memory")).assertError(400, "InvalidBackendError");
        api.call(store, "open", Api.body("backend", "")).assertError(400, "InvalidBackendError");
        api.call(store, "open", Api.body("backend", 1)).assertError(400, "InvalidOptionsError");
        api.call(store, "open", Api.body("serialization", "xml")).assertError(400, "InvalidSerializationError");
        api.call(store, "open", Api.body("serialization", "JSON")).assertError(400, "InvalidSerializationError");
        api.call(store, "open", Api.body("trackKeys", "yes")).assertError(400, "InvalidOptionsError");
        api.call(store, "open", Api.body("trackKeys", 1)).assertError(400, "InvalidOptionsError");
        api.call(store, "open", Api.body("shardCount", 4)).assertError(400, "InvalidOptionsError");
        api.call(store, "open", "[]").assertError(400, "InvalidOptionsError");
        // None of them fixed the store's options: the first valid open still chooses.
        assertEquals(
                described(store, "string", true),
                sorted(api.result(store, "open", Api.body("serialization", "string", "trackKeys", true))));
    }

    @Test
    void storeNames_arePercentDecodedSegments() {
        for (String name : new String[] {"a/b", "a+b", "été", "with space", "%41", "日本"}) {
            String store = Api.uniqueStore(name);
            assertEquals(store, api.result(store, "open", "{}").get("store").textValue());
            api.result(store, "set", Api.body("key", "k", "value", name));
            assertEquals(name, api.result(store, "get", Api.body("key", "k")).textValue());
        }
        String longest = "x".repeat(200);
        assertEquals(longest, api.result(longest, "open", "{}").get("store").textValue());
    }
}
