package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.internal.leveldb.EngineSelection;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.node.testing.TestNodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node says which LevelDB engine its snapshots use, and why: in the lines it prints once it serves, and as the info
 * metric {@code gridkv_leveldb_engine_info} of {@code GET /metrics}.
 */
@Timeout(60)
class LevelDbEngineReportTest {
    @TempDir
    Path dataDir;

    @Test
    void startedNode_reportsItsLevelDbEngine_inItsStartLinesAndInMetrics() throws IOException, InterruptedException {
        EngineSelection expected = LevelDbEngines.system().selection();
        assertTrue(Set.of("leveldbjni-1.8", "iq80-0.12").contains(expected.id()), expected::toString);
        try (Node node = TestNodes.start(dataDir)) {
            assertEquals(new Node.LevelDbEngine(expected.id(), expected.reason()), node.levelDbEngine());

            List<String> lines = GridkvNode.started(node).lines().toList();
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("gridkv node listening: HTTP " + node.httpUrl()), lines::toString);
            assertEquals("LevelDB engine (snapshots): " + expected.id() + " (" + expected.reason() + ")", lines.get(1));

            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.httpUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            List<String> info = metrics.body()
                    .lines()
                    .filter(l -> l.startsWith("gridkv_leveldb_engine_info{"))
                    .toList();
            assertEquals(
                    List.of("gridkv_leveldb_engine_info{engine=\"" + expected.id() + "\",reason=\""
                            + expected.reason().replace("\\", "\\\\").replace("\"", "\\\"") + "\"} 1"),
                    info,
                    metrics::body);
            assertFalse(metrics.body().contains("gridkv_leveldb_engine_info{engine=\"none\""));
        }
    }
}
