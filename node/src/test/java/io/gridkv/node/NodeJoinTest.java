package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.cluster.ClusterSettings;
import io.gridkv.testing.Eventually;
import io.gridkv.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started with defaults is a complete store on its own; a second node started on the same machine with other
 * ports and {@code --members} naming the first joins it, and both serve the same data over HTTP.
 */
@Timeout(120)
class NodeJoinTest {
    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void secondNode_withMembersNamingTheFirst_joinsIt() throws Exception {
        String cluster = "join-test-" + UUID.randomUUID();
        int firstPort = FreePorts.next();
        ClusterSettings alone = onLoopback(cluster, firstPort).build();
        ClusterSettings joining = joining(cluster, firstPort).build();
        try (Node first = Node.start(settings(alone, "first"));
                Node second = Node.start(settings(joining, "second"))) {
            Eventually.assertEventually(Duration.ofSeconds(60), () -> {
                assertEquals(2, first.member().getCluster().getMembers().size(), "members seen by the first node");
                assertEquals(2, second.member().getCluster().getMembers().size(), "members seen by the second");
            });
            post(first, "incrementBy", "{\"key\":\"hits\",\"delta\":2}");
            post(second, "incrementBy", "{\"key\":\"hits\",\"delta\":3}");
            assertEquals("{\"result\":5}", post(first, "get", "{\"key\":\"hits\"}"));
            assertEquals("{\"result\":5}", post(second, "get", "{\"key\":\"hits\"}"));
        }
    }

    /**
     * With {@code --min-cluster-size 2} a lone node refuses store calls (split-brain protection), so it must not look
     * ready either: readiness says DOWN, and why, until the second node joins.
     */
    @Test
    void belowMinClusterSize_aNodeIsNotReady_untilEnoughMembersJoin() throws Exception {
        String cluster = "min-size-test-" + UUID.randomUUID();
        int firstPort = FreePorts.next();
        ClusterSettings alone = onLoopback(cluster, firstPort).minClusterSize(2).build();
        try (Node first = Node.start(settings(alone, "first"))) {
            HttpResponse<String> ready = get(first, "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"members\":1,\"minClusterSize\":2"), ready.body());
            ClusterSettings joining =
                    joining(cluster, firstPort).minClusterSize(2).build();
            try (Node second = Node.start(settings(joining, "second"))) {
                Eventually.assertEventually(Duration.ofSeconds(60), () -> {
                    for (Node node : List.of(first, second)) {
                        HttpResponse<String> now = get(node, "/health/ready");
                        assertEquals(200, now.statusCode(), now.body());
                    }
                });
            }
        }
    }

    private static ClusterSettings.Builder onLoopback(String cluster, int port) {
        return ClusterSettings.builder()
                .clusterName(cluster)
                .host("127.0.0.1")
                .port(port)
                .portAutoIncrement(false);
    }

    /** A second node on a free port naming the first; it joins at once, not after the usual 5 s wait. */
    private static ClusterSettings.Builder joining(String cluster, int firstPort) {
        return onLoopback(cluster, FreePorts.next())
                .members("127.0.0.1:" + firstPort)
                .property("hazelcast.wait.seconds.before.join", "0");
    }

    private HttpResponse<String> get(Node node, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(node.httpUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private NodeSettings settings(ClusterSettings cluster, String name) {
        return new NodeSettings(
                cluster, "127.0.0.1", 0, dir.resolve(name), null, null, null, NodeSettings.DEFAULT_MAX_BODY_BYTES);
    }

    private String post(Node node, String op, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/stores/join/" + op))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
