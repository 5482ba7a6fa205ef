package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that must be refused: each gets its documented 4xx {@code {"error": {name, message}}}, and afterwards the
 * store holds exactly what it held before and the node still answers.
 */
@ExtendWith(SharedNode.class)
@Timeout(60)
class BadInputTest {
    private static Api api;
    private static String store;
    private static JsonNode before;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
        store = Api.uniqueStore("bad-input");
        api.result(store, "set", Api.body("key", "a", "value", 1));
        api.result(
                store,
                "set",
                Api.body("key", "doc", "value", Api.JSON.createObjectNode().put("n", 1)));
        api.result(store, "incrementBy", Api.body("key", "counter", "delta", 5));
        before = contents();
    }

    private static JsonNode contents() {
        return api.result(store, "list", "{}");
    }

    @AfterEach
    void nothingChanged_andTheNodeStillAnswers() {
        assertEquals(before, contents());
        assertEquals(3, api.result(store, "size", "").asLong());
        assertEquals(200, api.get("/health/live").status());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                bad("malformed JSON", "set", "{\"key\": \"a\", \"value\": ", 400, "InvalidOptionsError"),
                bad("not JSON at all", "set", "key=a&value=2", 400, "InvalidOptionsError"),
                bad("a JSON array", "set", "[{\"key\": \"a\", \"value\": 2}]", 400, "InvalidOptionsError"),
                bad("a JSON number", "set", "5", 400, "InvalidOptionsError"),
                bad("a JSON string", "set", "\"a\"", 400, "InvalidOptionsError"),
                bad("JSON null", "set", "null", 400, "InvalidOptionsError"),
                bad("trailing garbage", "set", "{\"key\": \"a\", \"value\": 2} x", 400, "InvalidOptionsError"),
                bad("a second object", "set", "{\"key\": \"a\", \"value\": 2}{}", 400, "InvalidOptionsError"),
                bad(
                        "duplicate argument",
                        "set",
                        "{\"key\": \"a\", \"value\": 2, \"value\": 3}",
                        400,
                        "InvalidOptionsError"),
                bad(
                        "duplicate key argument",
                        "delete",
                        "{\"key\": \"zz\", \"key\": \"a\"}",
                        400,
                        "InvalidOptionsError"),
                bad("key as number", "set", "{\"key\": 5, \"value\": 2}", 400, "InvalidOptionsError"),
                bad("key as object", "delete", "{\"key\": {\"k\": \"a\"}}", 400, "InvalidOptionsError"),
                bad("key missing", "set", "{\"value\": 2}", 400, "InvalidOptionsError"),
                bad("key empty", "set", "{\"key\": \"\", \"value\": 2}", 400, "InvalidOptionsError"),
                bad("limit as string", "list", "{\"limit\": \"5\"}", 400, "InvalidOptionsError"),
                bad("limit fractional", "list", "{\"limit\": 1.5}", 400, "InvalidOptionsError"),
                bad("limit over the maximum", "list", "{\"limit\": 250001}", 400, "InvalidOptionsError"),
                bad("prefix as number", "count", "{\"prefix\": 1}", 400, "InvalidOptionsError"),
                bad("cursor not base64", "scan", "{\"cursor\": \"%%%not-base64%%%\"}", 400, "InvalidCursorError"),
                bad(
                        "unique as string",
                        "randomKeys",
                        "{\"count\": 1, \"unique\": \"yes\"}",
                        400,
                        "InvalidOptionsError"),
                bad("count missing", "randomKeys", "{}", 400, "InvalidOptionsError"),
                bad(
                        "delta as string",
                        "incrementBy",
                        "{\"key\": \"counter\", \"delta\": \"1\"}",
                        400,
                        "ValueNumberRequiredError"),
                bad(
                        "delta fractional",
                        "incrementBy",
                        "{\"key\": \"counter\", \"delta\": 1.5}",
                        400,
                        "ValueNumberRequiredError"),
                bad(
                        "delta beyond int64",
                        "incrementBy",
                        "{\"key\": \"counter\", \"delta\": 9223372036854775808}",
                        400,
                        "ValueNumberRequiredError"),
                bad("delta missing", "incrementBy", "{\"key\": \"counter\"}", 400, "ValueNumberRequiredError"),
                bad("number beyond float64", "set", "{\"key\": \"a\", \"value\": 1e400}", 400, "SerializerError"),
                bad(
                        "nested number beyond float64",
                        "set",
                        "{\"key\": \"a\", \"value\": {\"n\": [-1e400]}}",
                        400,
                        "SerializerError"),
                bad(
                        "unknown argument",
                        "set",
                        "{\"key\": \"a\", \"value\": 2, \"ttl\": 5}",
                        400,
                        "InvalidOptionsError"),
                bad("misspelt argument", "clear", "{\"prefx\": \"a\"}", 400, "InvalidOptionsError"),
                bad(
                        "op argument outside a batch",
                        "set",
                        "{\"op\": \"set\", \"key\": \"a\", \"value\": 2}",
                        400,
                        "InvalidOptionsError"),
                bad("unknown operation", "sett", "{\"key\": \"a\", \"value\": 2}", 404, "NotFoundError"),
                bad("not a counter", "incrementBy", "{\"key\": \"doc\", \"delta\": 1}", 409, "ValueParseError"));
    }

    private static Arguments bad(String what, String op, String body, int status, String name) {
        return Arguments.of(what, op, body.getBytes(StandardCharsets.UTF_8), status, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBody_isRefused(String what, String op, byte[] body, int status, String name) {
        api.post(Api.storePath(store, op), body).assertError(status, name);
    }

    static Stream<Arguments> badBytes() {
        return Stream.of(
                Arguments.of(
                        "0xFF in a value", bytes("{\"key\": \"a\", \"value\": \"", new byte[] {(byte) 0xff}, "\"}")),
                Arguments.of(
                        "truncated sequence in a key",
                        bytes("{\"key\": \"", new byte[] {(byte) 0xc3}, "\", \"value\": 2}")),
                Arguments.of(
                        "bad continuation in a key",
                        bytes("{\"key\": \"", new byte[] {(byte) 0xc3, 0x28}, "\", \"value\": 2}")),
                Arguments.of(
                        "overlong encoding of '/'",
                        bytes("{\"key\": \"", new byte[] {(byte) 0xc0, (byte) 0xaf}, "\", \"value\": 2}")),
                Arguments.of(
                        "encoded surrogate",
                        bytes(
                                "{\"key\": \"",
                                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                                "\", \"value\": 2}")));
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        return RawHttp.concat(head.getBytes(StandardCharsets.UTF_8), middle, tail.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBytes")
    void invalidUtf8_inTheBody_isRefused(String what, byte[] body) {
        api.post(Api.storePath(store, "set"), body).assertError(400, "InvalidOptionsError");
    }

    /**
     * {@code "\ud800"} is valid JSON text but no Unicode text: the key has no UTF-8 form. Today the node stores it under
     * {@code "?"} (a different key that may exist) and turns a lone surrogate in a value into U+FFFD, so {@code get}
     * answers something other than what {@code set} acknowledged.
     */
    @Test
    void loneSurrogate_inAKeyOrValue_isRefused() {
        api.result(store, "set", Api.body("key", "?", "value", "question mark"));
        try {
            for (String body : new String[] {
                "{\"key\": \"\\ud800\", \"value\": 2}",
                "{\"key\": \"a\", \"value\": \"x\\udc00y\"}",
                "{\"key\": \"a\", \"value\": {\"\\ud800\": 1}}"
            }) {
                api.call(store, "set", body).assertError(400, "InvalidOptionsError");
            }
            assertEquals(
                    "question mark",
                    api.result(store, "get", Api.body("key", "?")).textValue());
        } finally {
            api.result(store, "delete", Api.body("key", "?"));
        }
    }

    @Test
    void unknownOperation_isNotFound() {
        api.call(store, "nosuchOperation", "{}").assertError(404, "NotFoundError");
        api.call(store, "Get", Api.body("key", "a")).assertError(404, "NotFoundError");
    }

    @Test
    void get_onAnOperation_isMethodNotAllowed() {
        api.get(Api.storePath(store, "set")).assertError(405, "MethodNotAllowedError");
        api.send(api.request(Api.storePath(store, "clear"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")))
                .assertError(405, "MethodNotAllowedError");
    }

    @Test
    void badEscape_inTheStoreName_isRefused() {
        for (String path : new String[] {
            "/v1/stores/%ZZ/clear",
            "/v1/stores/a%/clear",
            "/v1/stores/a%4/clear",
            "/v1/stores/%FF/clear",
            "/v1/stores/%C3%28/clear"
        }) {
            try (RawHttp connection = new RawHttp(api.port())) {
                connection.exchange(RawHttp.request("POST", path, "{}")).assertError(400, "InvalidOptionsError");
            }
        }
    }

    @Test
    void storeName_tooLongOrWithControlCharacters_isRefused() {
        api.call("x".repeat(201), "clear", "{}").assertError(400, "InvalidOptionsError");
        api.call("a\nb", "clear", "{}").assertError(400, "InvalidOptionsError");
        api.call("a\u0000b", "clear", "{}").assertError(400, "InvalidOptionsError");
    }

    @Test
    void bodyOverTheLimit_withContentLength_isTooLarge() {
        int size = (int) SharedNode.MAX_BODY_BYTES + 1;
        try (RawHttp connection = new RawHttp(api.port())) {
            // Only the head: the node must answer from the declared length, without waiting for the body.
            String head = "POST " + Api.storePath(store, "set") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n";
            RawHttp.Response answer = connection
                    .exchange(head.getBytes(StandardCharsets.US_ASCII))
                    .assertError(413, "RequestTooLargeError");
            assertEquals("close", answer.headers().get("connection"));
        }
    }

    @Test
    void bodyOverTheLimit_chunked_isTooLarge() {
        try (RawHttp connection = new RawHttp(api.port())) {
            byte[] request = RawHttp.chunked(Api.storePath(store, "set"), oversizedSet(), 4096);
            // The node may answer and close while the body is still being written: write from another thread.
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> connection.send(request));
            connection.read().assertError(413, "RequestTooLargeError");
            writing.handle((ok, failed) -> null).join();
        }
    }

    @Test
    void bodyAtTheLimit_isAccepted() {
        byte[] body = setOfSize((int) SharedNode.MAX_BODY_BYTES, "at-limit");
        try {
            assertEquals(200, api.post(Api.storePath(store, "set"), body).status());
            try (RawHttp connection = new RawHttp(api.port())) {
                assertEquals(
                        200,
                        connection
                                .exchange(RawHttp.chunked(Api.storePath(store, "set"), body, 1000))
                                .status());
            }
        } finally {
            api.result(store, "delete", Api.body("key", "at-limit"));
        }
    }

    /**
     * The node answers {@code 413} with {@code Connection: close} but then keeps the connection and reads (and drops)
     * the whole body, however large: a client that sends gigabytes keeps the node reading them.
     */
    @Test
    void bodyOverTheLimit_closesTheConnection() {
        try (RawHttp connection = new RawHttp(api.port())) {
            String head = "POST " + Api.storePath(store, "set") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (SharedNode.MAX_BODY_BYTES * 16)
                    + "\r\n\r\n";
            connection.exchange(head.getBytes(StandardCharsets.US_ASCII)).assertError(413, "RequestTooLargeError");
            assertTrue(connection.closedByPeer(), "the connection stayed open after 413 with Connection: close");
        }
    }

    /**
     * A request Vert.x itself cannot decode (a bad {@code Content-Length}, a request line over Vert.x's 4096 bytes) is
     * today answered by Vert.x's default handler: a bare status with an empty body, no JSON, no
     * {@code Cache-Control}.
     */
    @Test
    void undecodableRequest_getsAJsonError_andTheConnectionCloses() {
        try (RawHttp connection = new RawHttp(api.port())) {
            String request = "POST " + Api.storePath(store, "set") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: abc\r\n\r\n{}";
            connection.exchange(request.getBytes(StandardCharsets.US_ASCII)).assertError(400, "InvalidOptionsError");
            assertTrue(connection.closedByPeer());
        }
        try (RawHttp connection = new RawHttp(api.port())) {
            String longPath = Api.storePath("x".repeat(5000), "get");
            connection.exchange(RawHttp.request("POST", longPath, "{}")).assertError(413, "RequestTooLargeError");
            assertTrue(connection.closedByPeer());
        }
    }

    private static byte[] oversizedSet() {
        return setOfSize((int) SharedNode.MAX_BODY_BYTES + 1, "a");
    }

    /** A {@code set} body of exactly {@code size} bytes. */
    private static byte[] setOfSize(int size, String key) {
        String head = "{\"key\": \"" + key + "\", \"value\": \"";
        String tail = "\"}";
        char[] filler = new char[size - head.length() - tail.length()];
        Arrays.fill(filler, 'x');
        byte[] body = (head + new String(filler) + tail).getBytes(StandardCharsets.UTF_8);
        assertEquals(size, body.length);
        return body;
    }
}
