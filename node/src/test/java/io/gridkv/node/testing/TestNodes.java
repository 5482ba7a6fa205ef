package io.gridkv.node.testing;

import io.gridkv.cluster.ClusterSettings;
import io.gridkv.node.Node;
import io.gridkv.node.NodeSettings;
import io.gridkv.testing.FreePorts;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Nodes started in the test JVM: a real member and a real HTTP server on free 127.0.0.1 ports, in a cluster of their
 * own name. Close what you start.
 */
public final class TestNodes {
    private TestNodes() {}

    /** A single node on free ports with an auto-chosen HTTP port, no token, no TLS. */
    public static Node start(Path dataDir) {
        return start(settings(dataDir, null, null, null, NodeSettings.DEFAULT_MAX_BODY_BYTES));
    }

    public static Node start(NodeSettings settings) {
        return Node.start(settings);
    }

    /** Settings for a fresh single-node cluster on loopback; {@code authToken}, {@code tlsCert}/{@code tlsKey} may be null. */
    public static NodeSettings settings(Path dataDir, String authToken, Path tlsCert, Path tlsKey, long maxBodyBytes) {
        ClusterSettings cluster = ClusterSettings.builder()
                .clusterName("node-test-" + UUID.randomUUID())
                .host("127.0.0.1")
                .port(FreePorts.next())
                .portAutoIncrement(false)
                .property("hazelcast.wait.seconds.before.join", "0")
                .property("hazelcast.max.wait.seconds.before.join", "0")
                .build();
        return new NodeSettings(cluster, "127.0.0.1", 0, dataDir, authToken, tlsCert, tlsKey, maxBodyBytes);
    }
}
