package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.node.testing.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose member has left the cluster says so (503) instead of failing each call its own way. */
class MemberGoneTest {
    @TempDir
    Path dir;

    @Test
    void storeCall_afterTheMemberLeft_isServiceUnavailable_andReadinessIsDown() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Node node = TestNodes.start(dir)) {
            node.member().shutdown();
            HttpResponse<String> call = http.send(
                    HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/stores/s/get"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, call.statusCode(), call.body());
            assertTrue(call.body().contains("\"ServiceUnavailableError\""), call.body());
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create(node.httpUrl() + "/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
        }
    }
}
