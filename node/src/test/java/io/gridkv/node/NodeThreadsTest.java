package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import io.gridkv.node.testing.TestNodes;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's threads: it serves HTTP on every event loop, not only on the one its server was created on (with any one
 * loop held busy, new connections are still answered — those Vert.x gives the other loops), and runs its member with
 * half as many partition threads as cores unless its settings say otherwise.
 */
@Timeout(120)
class NodeThreadsTest {
    /** Connections opened while a loop is held: Vert.x deals them out in turn, so two reach two loops. */
    private static final int CONNECTIONS = 2;

    @TempDir
    Path dir;

    @Test
    void withAnyOneLoopHeld_newConnectionsAreStillAnswered() throws Exception {
        try (Node node = TestNodes.start(dir)) {
            List<EventExecutor> loops = new ArrayList<>();
            ((VertxInternal) node.vertx()).nettyEventLoopGroup().forEach(loops::add);
            assumeTrue(loops.size() >= 2, "one event loop on this machine: nothing to spread over");
            for (EventExecutor loop : loops) {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                loop.execute(() -> {
                    held.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS); // bounded: the loop is freed even if the test fails
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                try {
                    assertTrue(held.await(10, TimeUnit.SECONDS), "the event loop " + loop + " never ran the task");
                    boolean answered = false;
                    List<Socket> sockets = new ArrayList<>();
                    try {
                        for (int i = 0; i < CONNECTIONS; i++) {
                            sockets.add(sendLiveness(node.httpPort()));
                        }
                        for (int i = 0; i < sockets.size() && !answered; i++) {
                            // one is enough; the other may be the held loop's, which waits out its timeout
                            answered = answered(sockets.get(i));
                        }
                    } finally {
                        for (Socket socket : sockets) {
                            socket.close();
                        }
                    }
                    assertTrue(
                            answered,
                            "none of " + CONNECTIONS + " new connections was answered while " + loop
                                    + " was held: the node serves HTTP on that one loop only");
                } finally {
                    release.countDown();
                }
            }
        }
    }

    @Test
    void partitionThreads_halfTheCores_unlessTheSettingsSayOtherwise() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        try (Node node = TestNodes.start(dir.resolve("default"))) {
            assertEquals(Math.max(1, cores / 2), partitionThreads(node));
        }
        NodeSettings defaults =
                TestNodes.settings(dir.resolve("set"), null, null, null, NodeSettings.DEFAULT_MAX_BODY_BYTES);
        NodeSettings three = new NodeSettings(
                defaults.cluster().toBuilder()
                        .property("hazelcast.operation.thread.count", "3")
                        .build(),
                defaults.httpHost(),
                defaults.httpPort(),
                defaults.dataDir(),
                null,
                null,
                null,
                defaults.maxBodyBytes());
        try (Node node = TestNodes.start(three)) {
            assertEquals(3, partitionThreads(node));
        }
    }

    private static int partitionThreads(Node node) {
        return new HazelcastProperties(node.member().getConfig())
                .getInteger(ClusterProperty.PARTITION_OPERATION_THREAD_COUNT);
    }

    private static Socket sendLiveness(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000); // a loop that is free answers at once; the held one never does
        socket.getOutputStream()
                .write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Whether an HTTP status line came back before the socket's read timeout. */
    private static boolean answered(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] start = new byte[12];
        try {
            int n = 0;
            while (n < start.length) {
                int r = in.read(start, n, start.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
        return new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    }
}
