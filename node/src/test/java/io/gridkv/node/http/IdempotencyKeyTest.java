package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Idempotency-Key}: a request sent again with the key of one already applied is answered with the first result
 * and changes nothing — single calls and each item of a batch; {@code Gridkv-Resend} makes a conditional delete that
 * finds its key gone say the outcome is unknown.
 */
@ExtendWith(SharedNode.class)
@Timeout(60)
class IdempotencyKeyTest {
    private static Api api;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
    }

    private static Api.Reply call(String store, String op, String body, String... headers) {
        return api.send(api.request(Api.storePath(store, op))
                .headers(headers)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aRepeatedRequest_answersItsFirstResult_andCountsOnce() {
        String store = Api.uniqueStore("idempotency");
        String key = UUID.randomUUID().toString();
        String increment = Api.body("key", "n", "delta", 5);
        assertEquals(
                5,
                call(store, "incrementBy", increment, "Idempotency-Key", key)
                        .result()
                        .intValue());
        assertEquals(
                6,
                api.result(store, "incrementBy", Api.body("key", "n", "delta", 1))
                        .intValue());
        assertEquals(
                5,
                call(store, "incrementBy", increment, "Idempotency-Key", key)
                        .result()
                        .intValue());
        assertEquals(6, api.result(store, "get", Api.body("key", "n")).intValue());
        // another key is another operation
        assertEquals(
                11,
                call(store, "incrementBy", increment, "Idempotency-Key", key + "'")
                        .result()
                        .intValue());
    }

    @Test
    void eachBatchItem_isItsOwnOperation() {
        String store = Api.uniqueStore("idempotency");
        String key = UUID.randomUUID().toString();
        String batch = "{\"ops\":[{\"op\":\"incrementBy\",\"key\":\"a\",\"delta\":1},"
                + "{\"op\":\"incrementBy\",\"key\":\"a\",\"delta\":1},{\"op\":\"setIfAbsent\",\"key\":\"b\",\"value\":1}]}";
        String first =
                call(store, "batch", batch, "Idempotency-Key", key).json().toString();
        assertEquals("{\"results\":[{\"result\":1},{\"result\":2},{\"result\":true}]}", first);
        String again = call(store, "batch", batch, "Idempotency-Key", key, "Gridkv-Resend", "true")
                .json()
                .toString();
        assertEquals(first, again, "the resent batch answers as the first did");
        assertEquals(2, api.result(store, "get", Api.body("key", "a")).intValue());
    }

    @Test
    void aResentConditionalDelete_findingItsKeyGone_saysTheOutcomeIsUnknown() {
        String store = Api.uniqueStore("idempotency");
        String absent = Api.body("key", "never-there");
        assertEquals(
                false,
                call(store, "deleteIfExists", absent, "Idempotency-Key", "first")
                        .result()
                        .booleanValue());
        call(store, "deleteIfExists", absent, "Idempotency-Key", "other", "Gridkv-Resend", "true")
                .assertError(500, "UnknownError");
        // but a resend whose first attempt did delete, on a living member, gets its first answer back
        api.result(store, "set", Api.body("key", "k", "value", 1));
        JsonNode deleted = call(store, "deleteIfExists", Api.body("key", "k"), "Idempotency-Key", "del")
                .result();
        assertEquals(true, deleted.booleanValue());
        assertEquals(
                true,
                call(store, "deleteIfExists", Api.body("key", "k"), "Idempotency-Key", "del", "Gridkv-Resend", "true")
                        .result()
                        .booleanValue());
    }

    @Test
    void badHeaders_areRefused_beforeAnythingRuns() {
        String store = Api.uniqueStore("idempotency");
        String set = Api.body("key", "k", "value", 1);
        call(store, "set", set, "Idempotency-Key", "x".repeat(257)).assertError(400, "InvalidOptionsError");
        call(store, "set", set, "Idempotency-Key", "k", "Gridkv-Resend", "yes").assertError(400, "InvalidOptionsError");
        call(store, "batch", "{\"ops\":[{\"op\":\"set\",\"key\":\"k\",\"value\":1}]}", "Gridkv-Resend", "1")
                .assertError(400, "InvalidOptionsError");
        assertEquals(false, api.result(store, "exists", Api.body("key", "k")).booleanValue());
    }
}
