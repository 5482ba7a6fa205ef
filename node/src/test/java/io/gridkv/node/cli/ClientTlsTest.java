package io.gridkv.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.node.Node;
import io.gridkv.node.NodeSettings;
import io.gridkv.node.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a node that speaks HTTPS with a self-signed certificate. */
@Timeout(120)
class ClientTlsTest {
    @TempDir
    static Path dir;

    static SelfSignedCertificate certificate;
    static Node node;

    @BeforeAll
    static void startNode() throws Exception {
        certificate = SelfSignedCertificate.create(dir);
        node = TestNodes.start(TestNodes.settings(
                dir.resolve("data"), null, certificate.cert(), certificate.key(), NodeSettings.DEFAULT_MAX_BODY_BYTES));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void cacert_trustsTheNodesSelfSignedCertificate() {
        assertTrue(node.httpUrl().startsWith("https://"), node.httpUrl());
        Map<String, String> env = Map.of("GRIDKV_URL", node.httpUrl());
        Cli.Run set =
                Cli.run(env, "set", "k", "v", "--cacert", certificate.cert().toString());
        assertEquals(0, set.exit(), set::toString);
        Cli.Run get = Cli.run(
                Map.of(
                        "GRIDKV_URL",
                        node.httpUrl(),
                        "GRIDKV_CACERT",
                        certificate.cert().toString()),
                "get",
                "k");
        assertEquals(0, get.exit(), get::toString);
        assertEquals(List.of("v"), get.lines());
    }

    @Test
    void withoutCacert_theUntrustedCertificate_exits5WithNetworkError() {
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "get", "k");
        assertEquals(ExitCodes.UNREACHABLE, run.exit(), run::toString);
        assertTrue(run.err().startsWith("NetworkError: TLS with "), run::toString);
        assertTrue(run.err().contains("--cacert"), run::toString);
    }

    @Test
    void cacert_thatIsNotACertificate_isAUsageError() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", node.httpUrl()), "get", "k", "--cacert", notPem.toString());
        assertEquals(ExitCodes.USAGE, run.exit(), run::toString);
        assertTrue(run.err().contains(notPem.toString()), run::toString);
        Cli.Run missing = Cli.run(
                Map.of("GRIDKV_URL", node.httpUrl()),
                "get",
                "k",
                "--cacert",
                dir.resolve("missing.pem").toString());
        assertEquals(ExitCodes.USAGE, missing.exit(), missing::toString);
    }
}
