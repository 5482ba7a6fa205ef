package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.node.testing.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: a JSON number beyond float64 ({@code 1e400}) was stored by a string store and then reported as a failed
 * write (its echo could not be written). It is refused before any store sees it, whatever the serialization.
 */
class ValueRangeTest {
    @TempDir
    static Path dir;

    private static Node node;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        node = TestNodes.start(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "json"})
    void numberBeyondFloat64_isRefused_andNothingIsStored(String serialization) throws Exception {
        String store = "range-" + serialization;
        assertEquals(
                200,
                post(store, "open", "{\"serialization\":\"" + serialization + "\"}")
                        .statusCode());
        for (String value : new String[] {"1e400", "-1e400", "{\"a\":[1,1e999]}"}) {
            HttpResponse<String> set = post(store, "set", "{\"key\":\"f\",\"value\":" + value + "}");
            assertEquals(400, set.statusCode(), set.body());
            assertTrue(set.body().contains("\"SerializerError\""), set.body());
        }
        assertEquals(404, post(store, "get", "{\"key\":\"f\"}").statusCode(), "nothing was stored");
    }

    @Test
    void largeButFiniteNumbers_areKept() throws Exception {
        post("range-big", "open", "{}");
        assertEquals(
                200, post("range-big", "set", "{\"key\":\"f\",\"value\":1e308}").statusCode());
        assertEquals(
                "{\"result\":1e+308}",
                post("range-big", "get", "{\"key\":\"f\"}").body());
    }

    private HttpResponse<String> post(String store, String op, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/stores/" + store + "/" + op))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
