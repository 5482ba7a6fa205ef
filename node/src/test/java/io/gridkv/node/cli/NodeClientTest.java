package io.gridkv.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gridkv.node.Node;
import io.gridkv.node.testing.TestNodes;
import io.gridkv.testing.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeClient} against a real node: results, and the name, status and message of each kind of failure. */
@Timeout(120)
class NodeClientTest {
    @TempDir
    static Path dataDir;

    static Node node;
    static NodeClient client;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(dataDir);
        client = NodeClient.builder(node.httpUrl() + "/").build();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void call_answersTheResult_nullAsJsonNull() {
        client.call("client-test", "set", NodeClient.args().put("key", "n").putNull("value"));
        assertTrue(client.call("client-test", "get", NodeClient.args().put("key", "n"))
                .isNull());
        assertEquals(
                5,
                client.call(
                                "client-test",
                                "incrementBy",
                                NodeClient.args().put("key", "c").put("delta", 5))
                        .longValue());
    }

    @Test
    void call_storeError_carriesItsNameStatusAndMessage() {
        NodeCallException e = assertThrows(
                NodeCallException.class,
                () -> client.call("client-test", "get", NodeClient.args().put("key", "missing")));
        assertEquals("KeyNotFoundError", e.name());
        assertEquals(404, e.status());
        assertEquals("key not found: \"missing\"", e.getMessage());
        assertFalse(e.isNetworkError());
    }

    @Test
    void call_unknownOperation_isNotFoundError() {
        NodeCallException e =
                assertThrows(NodeCallException.class, () -> client.call("client-test", "nosuchop", NodeClient.args()));
        assertEquals("NotFoundError", e.name());
        assertEquals(404, e.status());
    }

    @Test
    void callAsync_failsWithTheSameException() {
        CompletionException e = assertThrows(CompletionException.class, () -> client.callAsync(
                        "client-test",
                        "incrementBy",
                        NodeClient.args().put("key", "c").put("delta", 1.5))
                .join());
        NodeCallException cause = (NodeCallException) e.getCause();
        assertEquals("ValueNumberRequiredError", cause.name());
        assertEquals(400, cause.status());
    }

    @Test
    void statsAndHealth_answerTheNodesView() {
        assertEquals(1, client.stats().path("members").size());
        NodeClient.Health health = client.health();
        assertTrue(health.ready());
        assertEquals("UP", health.body().path("status").asText());
    }

    @Test
    void answerThatIsNotTheApis_isUnknownErrorWithItsStatus() throws Exception {
        // What a proxy in front of a node answers when the node is gone: its own page, not the API's JSON.
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            NodeClient viaProxy = NodeClient.builder(
                            "http://127.0.0.1:" + proxy.getAddress().getPort())
                    .build();
            NodeCallException e = assertThrows(
                    NodeCallException.class,
                    () -> viaProxy.call("s", "get", NodeClient.args().put("key", "k")));
            assertEquals("UnknownError", e.name());
            assertEquals(502, e.status());
            assertTrue(e.getMessage().contains("502 Bad Gateway"), e.getMessage());
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void severalNodes_unreachableFirst_everyOperationGoesToTheNext() {
        NodeClient twoNodes = NodeClient.builder("http://127.0.0.1:" + FreePorts.next() + "," + node.httpUrl())
                .build();
        twoNodes.call("failover-test", "set", NodeClient.args().put("key", "k").put("value", 1));
        assertEquals(
                2,
                twoNodes.call(
                                "failover-test",
                                "incrementBy",
                                NodeClient.args().put("key", "k").put("delta", 1))
                        .longValue(),
                "never sent to the dead node, so even an increment is sent on");
    }

    @Test
    void severalNodes_answerLost_theCallIsResent_andAppliedOnce() throws Exception {
        // A "node" that passes the request on to the real one, then closes the connection instead of answering:
        // the increment ran, but the caller can't know. Its resend, with the same Idempotency-Key, must not count.
        HttpClient forwarder = HttpClient.newHttpClient();
        List<String> keysSeen = new CopyOnWriteArrayList<>();
        HttpServer losing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        losing.createContext("/", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            keysSeen.add(key);
            try {
                forwarder.send(
                        HttpRequest.newBuilder(URI.create(node.httpUrl() + exchange.getRequestURI()))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        exchange.getRequestBody().readAllBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        losing.start();
        try {
            NodeClient twoNodes = NodeClient.builder(
                            "http://127.0.0.1:" + losing.getAddress().getPort() + "," + node.httpUrl())
                    .build();
            client.call(
                    "failover-test", "set", NodeClient.args().put("key", "lost").put("value", 7));
            assertEquals(
                    8,
                    twoNodes.call(
                                    "failover-test",
                                    "incrementBy",
                                    NodeClient.args().put("key", "lost").put("delta", 1))
                            .intValue(),
                    "the resend answers the first attempt's result");
            assertEquals(
                    8,
                    client.call("failover-test", "get", NodeClient.args().put("key", "lost"))
                            .intValue(),
                    "applied once");
            assertEquals(1, keysSeen.size());
            assertTrue(keysSeen.get(0) != null && !keysSeen.get(0).isEmpty(), "an Idempotency-Key was sent");
        } finally {
            losing.stop(0);
        }
    }

    @Test
    void builder_rejectsWhatIsNotAnHttpUrl() {
        for (String url : new String[] {"127.0.0.1:7070", "ftp://host", "http://host:7070/?q=1", "http://"}) {
            assertThrows(IllegalArgumentException.class, () -> NodeClient.builder(url), url);
        }
    }

    @Test
    void pathSegment_escapesEverythingButUnreservedCharacters() {
        assertEquals("a%2Fb%20c%2Bd%25%C3%A9-._~", PathSegment.encode("a/b c+d%é-._~"));
        assertEquals("%2E%2E", PathSegment.encode(".."));
        assertEquals("a..b", PathSegment.encode("a..b"));
    }
}
