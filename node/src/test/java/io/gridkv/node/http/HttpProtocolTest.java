package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gridkv.node.http.Api.Reply;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every answer carries, and connections that serve many requests. */
@ExtendWith(SharedNode.class)
@Timeout(60)
class HttpProtocolTest {
    private static Api api;
    private static String store;

    @BeforeAll
    static void setUp(Api shared) {
        api = shared;
        store = Api.uniqueStore("protocol");
        api.result(store, "set", Api.body("key", "a", "value", 1));
    }

    @Test
    void everyJsonAnswer_isNoStoreJson_successOrFailure() {
        List<Reply> replies = List.of(
                api.call(store, "get", Api.body("key", "a")),
                api.call(store, "get", Api.body("key", "absent")),
                api.call(store, "get", "{"),
                api.call(store, "nosuchOperation", "{}"),
                api.call(store, "batch", "{\"ops\": [{\"op\": \"size\"}]}"),
                api.call(store, "open", "{}"),
                api.get(Api.storePath(store, "get")),
                api.get("/no/such/path"),
                api.get("/v1/stats"),
                api.get("/health/live"),
                api.get("/health/ready"),
                api.get("/openapi.json"),
                api.post("/health/live", "{}"));
        for (Reply reply : replies) {
            Api.assertJsonNoStore(reply);
            Api.parse(reply.text(), reply.request());
        }
    }

    @Test
    void textAnswers_areNoStoreToo() {
        for (String path : List.of("/metrics", "/k6/gridkv.js", "/k6/gridkv.d.ts")) {
            Reply reply = api.get(path);
            assertEquals(200, reply.status(), path);
            assertEquals("no-store", reply.header("Cache-Control"), path);
        }
    }

    @Test
    void keepAlive_servesManyRequestsOverOneConnection() {
        try (RawHttp connection = new RawHttp(api.port())) {
            for (int i = 0; i < 50; i++) {
                RawHttp.Response set = connection.exchange(
                        RawHttp.request("POST", Api.storePath(store, "set"), Api.body("key", "k" + i, "value", i)));
                assertEquals(200, set.status(), set.text());
                assertEquals("{\"result\":" + i + "}", set.text());
                assertFalse(
                        "close".equalsIgnoreCase(set.headers().get("connection")),
                        set.headers().toString());
            }
            RawHttp.Response count = connection.exchange(
                    RawHttp.request("POST", Api.storePath(store, "count"), Api.body("prefix", "k")));
            assertEquals("{\"result\":50}", count.text());
        }
    }

    @Test
    void keepAlive_pipelinedRequests_areAnsweredInOrder() {
        try (RawHttp connection = new RawHttp(api.port())) {
            connection.send(RawHttp.concat(
                    RawHttp.request("POST", Api.storePath(store, "set"), Api.body("key", "p", "value", "first")),
                    RawHttp.request("POST", Api.storePath(store, "get"), Api.body("key", "p")),
                    RawHttp.request("GET", "/health/live", (String) null)));
            assertEquals("{\"result\":\"first\"}", connection.read().text());
            assertEquals("{\"result\":\"first\"}", connection.read().text());
            assertEquals("{\"status\":\"UP\"}", connection.read().text());
        }
    }

    @Test
    void keepAlive_survivesErrorsAnsweredBeforeTheBodyIsRead() {
        String body = Api.body("key", "a");
        try (RawHttp connection = new RawHttp(api.port())) {
            // Each of these is refused before its body is read; the body must not be taken for the next request.
            connection
                    .exchange(RawHttp.request("POST", Api.storePath(store, "nosuchOperation"), body))
                    .assertError(404, "NotFoundError");
            connection
                    .exchange(RawHttp.request("GET", Api.storePath(store, "get"), body))
                    .assertError(405, "MethodNotAllowedError");
            connection
                    .exchange(RawHttp.request("POST", "/v1/stores/%ZZ/get", body))
                    .assertError(400, "InvalidOptionsError");
            connection
                    .exchange(RawHttp.request("POST", "/health/live", body))
                    .assertError(405, "MethodNotAllowedError");
            connection
                    .exchange(RawHttp.request("POST", Api.storePath(store, "get"), "{"))
                    .assertError(400, "InvalidOptionsError");
            RawHttp.Response get = connection.exchange(RawHttp.request("POST", Api.storePath(store, "get"), body));
            assertEquals("{\"result\":1}", get.text());
        }
    }

    @Test
    void methodNotAllowed_namesTheAllowedMethod() {
        Reply post = api.call(store, "get", Api.body("key", "a"));
        assertEquals(200, post.status());
        assertEquals(
                "POST",
                api.get(Api.storePath(store, "get"))
                        .assertError(405, "MethodNotAllowedError")
                        .header("Allow"));
        Reply delete = api.send(api.request(Api.storePath(store, "get")).DELETE());
        assertEquals("POST", delete.assertError(405, "MethodNotAllowedError").header("Allow"));
        assertEquals(
                "GET",
                api.post("/v1/stats", "{}")
                        .assertError(405, "MethodNotAllowedError")
                        .header("Allow"));
        assertEquals(
                "GET",
                api.post("/metrics", "")
                        .assertError(405, "MethodNotAllowedError")
                        .header("Allow"));
    }

    @Test
    void head_onAGetPath_answersHeadersOnly() {
        Reply head = api.send(api.request("/health/live").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        assertEquals("no-store", head.header("Cache-Control"));
    }

    @Test
    void unknownPaths_areNotFound() {
        for (String path : List.of(
                "/nope", "/v1/stores", "/v1/stores/" + store, "/v1/stores//get", "/v1/stores/" + store + "/get/more")) {
            api.post(path, "{}").assertError(404, "NotFoundError");
        }
    }
}
