package io.gridkv.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.node.Node;
import io.gridkv.node.NodeSettings;
import io.gridkv.node.testing.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a node started with {@code --auth-token}. */
@Timeout(120)
class ClientAuthTest {
    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dataDir;

    static Node node;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(TestNodes.settings(dataDir, TOKEN, null, null, NodeSettings.DEFAULT_MAX_BODY_BYTES));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void call_withoutToken_exits4WithUnauthorizedError() {
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "set", "k", "v");
        assertEquals(ExitCodes.ERROR, run.exit(), run::toString);
        assertTrue(run.err().startsWith("UnauthorizedError: "), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void call_withWrongToken_exits4WithUnauthorizedError() {
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "stats", "--auth-token", "wrong");
        assertEquals(ExitCodes.ERROR, run.exit(), run::toString);
        assertTrue(run.err().startsWith("UnauthorizedError: "), run::toString);
    }

    @Test
    void call_withTokenFromTheEnvironment_orTheFlag_succeeds() {
        Map<String, String> env = Map.of("GRIDKV_URL", node.httpUrl(), "GRIDKV_AUTH_TOKEN", TOKEN);
        assertEquals(0, Cli.run(env, "set", "k", "v").exit());
        Cli.Run get = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "get", "k", "--auth-token", TOKEN);
        assertEquals(0, get.exit(), get::toString);
        assertEquals(List.of("v"), get.lines());
    }

    @Test
    void health_needsNoToken() {
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "health");
        assertEquals(0, run.exit(), run::toString);
    }
}
