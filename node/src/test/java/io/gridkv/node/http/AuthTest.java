package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridkv.node.http.Api.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node started with {@code --auth-token}: {@code /v1} needs the bearer token, the rest stays open. */
@Timeout(60)
class AuthTest {
    private static final String TOKEN = "s3cret-t0ken";
    private static SharedNode.Started node;
    private static Api anonymous;
    private static Api authorized;
    private static String store;

    @BeforeAll
    static void start() {
        node = new SharedNode.Started(TOKEN, null, null, SharedNode.MAX_BODY_BYTES, null);
        anonymous = node.api;
        authorized = node.api.withToken(TOKEN);
        store = Api.uniqueStore("auth");
        authorized.result(store, "set", Api.body("key", "a", "value", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static List<Reply> v1Calls(Api api) {
        return List.of(
                api.call(store, "get", Api.body("key", "a")),
                api.call(store, "set", Api.body("key", "a", "value", 2)),
                api.call(store, "open", "{}"),
                api.call(store, "batch", "{\"ops\": [{\"op\": \"clear\"}]}"),
                api.call(store, "nosuchOperation", "{}"),
                api.get("/v1/stats"));
    }

    private static void assertUnauthorized(Reply reply) {
        reply.assertError(401, "UnauthorizedError");
        assertEquals("Bearer", reply.header("WWW-Authenticate"), reply.request());
    }

    @Test
    void withoutToken_v1IsUnauthorized_andChangesNothing() {
        v1Calls(anonymous).forEach(AuthTest::assertUnauthorized);
        assertEquals(1, authorized.result(store, "get", Api.body("key", "a")).intValue());
    }

    @Test
    void wrongToken_isUnauthorized() {
        for (String wrong : new String[] {"wrong", TOKEN + "x", TOKEN.substring(1), " " + TOKEN}) {
            v1Calls(anonymous.withToken(wrong)).forEach(AuthTest::assertUnauthorized);
        }
        Reply basic = anonymous.send(anonymous
                .request(Api.storePath(store, "get"))
                .header("Authorization", "Basic " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.body("key", "a"))));
        assertUnauthorized(basic);
        assertEquals(1, authorized.result(store, "get", Api.body("key", "a")).intValue());
    }

    @Test
    void rightToken_isServed() {
        assertEquals(1, authorized.result(store, "get", Api.body("key", "a")).intValue());
        assertEquals(200, authorized.get("/v1/stats").status());
        assertEquals(200, authorized.call(store, "open", "{}").status());
        authorized.call(store, "nosuchOperation", "{}").assertError(404, "NotFoundError");
        Reply lowerCaseScheme = anonymous.send(anonymous
                .request(Api.storePath(store, "get"))
                .header("Authorization", "bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.body("key", "a"))));
        assertEquals(200, lowerCaseScheme.status(), "the scheme name is case-insensitive (RFC 9110)");
    }

    @Test
    void healthMetricsDocumentAndK6Module_stayOpen() {
        for (String path : List.of(
                "/health/live", "/health/ready", "/metrics", "/openapi.json", "/k6/gridkv.js", "/k6/gridkv.d.ts")) {
            assertEquals(200, anonymous.get(path).status(), path);
        }
    }
}
