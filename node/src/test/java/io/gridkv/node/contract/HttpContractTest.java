package io.gridkv.node.contract;

import static io.gridkv.testing.Futures.await;
import static io.gridkv.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.BackupOptions;
import io.gridkv.BackupResult;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.RestoreResult;
import io.gridkv.ScanOptions;
import io.gridkv.contract.KvContractTest;
import io.gridkv.node.Node;
import io.gridkv.node.cli.NodeCallException;
import io.gridkv.node.cli.NodeClient;
import io.gridkv.node.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract through the HTTP API: every call is a request to a real node in this JVM ({@link HttpKv}). One node
 * serves the whole class; as for the other ways in, each parameter set has its own store, cleared before each test.
 */
class HttpContractTest extends KvContractTest {
    @TempDir
    static Path dataDir;

    static Node node;
    static NodeClient client;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(dataDir);
        client = NodeClient.builder(node.httpUrl()).build();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * The option limits the suite checks on the Java builders, which stop a bad value before any call: a request
     * reaches the node with any value, so the node must reject it on its own.
     */
    @Test
    void optionsAboveTheirLimits_areRejectedByTheNodeItself() {
        String store = options().store();
        List<ObjectNode> rejected = List.of(
                NodeClient.args().put("op", "list").put("limit", ListOptions.MAX_LIMIT + 1),
                NodeClient.args().put("op", "listKeys").put("limit", ListOptions.MAX_LIMIT + 1),
                NodeClient.args().put("op", "scan").put("limit", ScanOptions.MAX_LIMIT + 1),
                NodeClient.args().put("op", "scanKeys").put("limit", ScanOptions.MAX_LIMIT + 1),
                NodeClient.args().put("op", "randomKeys").put("count", 0),
                NodeClient.args().put("op", "randomKeys").put("count", RandomKeysOptions.MAX_COUNT + 1),
                NodeClient.args().put("op", "randomKeys"));
        for (ObjectNode args : rejected) {
            String op = args.remove("op").asText();
            NodeCallException e = assertThrows(NodeCallException.class, () -> client.call(store, op, args));
            assertEquals("InvalidOptionsError", e.name(), op + " " + args);
            assertEquals(400, e.status());
        }
        // ...and the maxima themselves are allowed.
        assertTrue(client.call(store, "listKeys", NodeClient.args().put("limit", ListOptions.MAX_LIMIT))
                .isArray());
        assertTrue(client.call(store, "scanKeys", NodeClient.args().put("limit", ScanOptions.MAX_LIMIT))
                .path("done")
                .asBoolean());
    }

    /**
     * {@link HttpKv}'s snapshots: only the file's name travels, so the snapshot is the node's, in its snapshot directory,
     * wherever the path given pointed; the answers decode into the API's records.
     */
    @Test
    void backupAndRestore_throughHttpKv_writeAndReadTheNodesSnapshotDirectory() {
        Kv kv = HttpKv.open(client, options());
        await(kv.set("a", 1L));
        await(kv.set("b", "two"));
        Path elsewhere = Path.of("not", "the", "data-dir", "http-kv-snap");

        BackupResult backup = await(kv.backup(BackupOptions.to(elsewhere)));
        assertEquals(2, backup.totalEntries());
        assertTrue(backup.bytesWritten() > 0, backup::toString);
        assertEquals(false, backup.bestEffort());
        assertEquals("", backup.warning());
        assertTrue(Files.isDirectory(dataDir.resolve("snapshots/http-kv-snap")));
        assertFalse(Files.exists(elsewhere.toAbsolutePath()));

        await(kv.set("c", 3L));
        assertEquals(new RestoreResult(2), await(kv.restore(RestoreOptions.from(elsewhere))));
        assertEquals(2L, await(kv.size()));
        KvException over = failure(kv.restore(RestoreOptions.from(elsewhere).withBudget(1, 0)));
        assertEquals(KvError.SnapshotBudgetExceededError, over.error());
    }

    @Override
    protected Kv open(KvOptions options) {
        return HttpKv.open(client, options);
    }

    @Override
    protected Kv openAnother(KvOptions options) {
        return HttpKv.open(client, options);
    }
}
