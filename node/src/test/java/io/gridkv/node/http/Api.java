package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Calls on one node over real HTTP/1.1 ({@code java.net.http}, keep-alive), and the checks every answer must pass.
 * Requests it cannot express (bad bytes, bad headers, pipelining) go through {@link RawHttp}.
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger STORES = new AtomicInteger();

    private final HttpClient client;
    private final URI base;
    private final String token;

    /**
     * @param ssl the trust for an {@code https} node, or null for the JDK's default
     * @param token sent as {@code Authorization: Bearer <token>} when not null
     */
    Api(String baseUrl, SSLContext ssl, String token) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
        this.base = URI.create(baseUrl);
        this.token = token;
    }

    private Api(HttpClient client, URI base, String token) {
        this.client = client;
        this.base = base;
        this.token = token;
    }

    /** The same node, sending {@code token} (null: none). */
    Api withToken(String token) {
        return new Api(client, base, token);
    }

    URI base() {
        return base;
    }

    int port() {
        return base.getPort();
    }

    /** A store name no other test uses; it names the test to help reading a failure. */
    static String uniqueStore(String hint) {
        return hint + "-" + STORES.incrementAndGet();
    }

    /** {@code /v1/stores/{store}/{op}} with the store name percent-encoded as one path segment. */
    static String storePath(String store, String op) {
        return "/v1/stores/" + segment(store) + "/" + op;
    }

    /** Percent-encodes every byte of the UTF-8 form but RFC 3986's unreserved characters. */
    static String segment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** A JSON object from alternating names and values, e.g. {@code body("key", "a", "value", 1)}. */
    static String body(Object... namesAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return node.toString();
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Reply post(String path, byte[] body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** {@code POST /v1/stores/{store}/{op}} with {@code body}. */
    Reply call(String store, String op, String body) {
        return post(storePath(store, op), body);
    }

    /** The {@code result} of a call that must succeed. */
    JsonNode result(String store, String op, String body) {
        return call(store, op, body).result();
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(
                    response.request().method() + " " + response.uri(),
                    response.statusCode(),
                    response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One answer; its checks name the request in their messages. */
    record Reply(String request, int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            return parse(text(), request);
        }

        /** The {@code result} of a {@code 200 {"result": ...}} answer. */
        JsonNode result() {
            assertEquals(200, status, () -> request + " answered " + status + " " + text());
            assertJsonNoStore(this);
            JsonNode json = json();
            assertEquals(List.of("result"), names(json), () -> request + ": " + text());
            return json.get("result");
        }

        /** The {@code error.name} of an error answer, after checking its shape. */
        String errorName() {
            assertJsonNoStore(this);
            return errorNameOf(json(), request + " answered " + status);
        }

        /** Checks this is {@code status {"error": {"name": name, "message": "..."}}}. */
        Reply assertError(int status, String name) {
            assertEquals(status, this.status, () -> request + " answered " + this.status + " " + text());
            assertEquals(name, errorName(), () -> request + ": " + text());
            return this;
        }
    }

    static JsonNode parse(String json, String context) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError(context + ": the answer is not JSON: " + json, e);
        }
    }

    /** The name of a {@code {"error": {"name", "message"}}} object, after checking it has exactly that shape. */
    static String errorNameOf(JsonNode json, String context) {
        assertEquals(List.of("error"), names(json), () -> context + ": " + json);
        JsonNode error = json.get("error");
        assertEquals(List.of("name", "message"), names(error), () -> context + ": " + json);
        assertTrue(error.get("name").isTextual(), () -> context + ": " + json);
        assertTrue(error.get("message").isTextual(), () -> context + ": " + json);
        assertFalse(error.get("message").textValue().isBlank(), () -> context + ": empty message in " + json);
        return error.get("name").textValue();
    }

    static void assertJsonNoStore(Reply reply) {
        assertEquals("no-store", reply.header("Cache-Control"), () -> reply.request() + ": Cache-Control");
        String type = reply.header("Content-Type");
        assertTrue(
                type != null && type.startsWith("application/json"), () -> reply.request() + ": Content-Type " + type);
    }

    static List<String> names(JsonNode object) {
        assertTrue(object != null && object.isObject(), () -> "not a JSON object: " + object);
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
