package io.gridkv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The node's command line: help, where settings come from (flags > environment > YAML file > defaults), and bad
 * settings rejected with a message naming them before anything starts.
 */
class GridkvNodeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(Map<String, String> env, String... args) {
        return GridkvNode.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    /** The settings the command line would start a node with, without starting it. */
    private NodeSettings parse(Map<String, String> env, String... args) {
        GridkvNode node = new GridkvNode();
        CommandLine cli = new CommandLine(node);
        cli.setDefaultValueProvider(io.gridkv.node.config.ConfigSources.of(args, env));
        cli.parseArgs(args);
        return node.settings();
    }

    @Test
    void help_explainsEveryOption() {
        assertEquals(0, run("--help"));
        for (String option : new String[] {
            "--config",
            "--http-port",
            "--http-host",
            "--cluster-port",
            "--members",
            "--cluster-name",
            "--host",
            "--backup-count",
            "--data-dir",
            "--auth-token",
            "--tls-cert",
            "--tls-key",
            "--max-body-bytes",
            "GRIDKV_HTTP_PORT",
            "GRIDKV_CLUSTER_PORT",
            "GRIDKV_MEMBERS",
            "GRIDKV_DATA_DIR",
            "--version"
        }) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
    }

    @Test
    void defaults_areASingleNodeOnTheDocumentedPorts() {
        NodeSettings s = parse(Map.of());
        assertEquals(NodeSettings.DEFAULT_HTTP_PORT, s.httpPort());
        assertEquals(5701, s.cluster().port());
        assertEquals("gridkv", s.cluster().clusterName());
        assertTrue(s.cluster().members().isEmpty());
        assertEquals(Path.of("data").toAbsolutePath().normalize(), s.dataDir());
        assertEquals(null, s.authToken());
    }

    @Test
    void settings_flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path yaml = Files.writeString(
                dir.resolve("gridkv.yaml"),
                "http-port: 7101\ncluster-port: 7201\ncluster-name: from-file\nmembers: [\"10.0.0.1:5701\", \"10.0.0.2:5701\"]\n");
        Map<String, String> env = Map.of("GRIDKV_CLUSTER_PORT", "7202", "GRIDKV_CLUSTER_NAME", "from-env");
        NodeSettings s = parse(env, "--config", yaml.toString(), "--cluster-name", "from-flag");
        assertEquals(7101, s.httpPort(), "file over default");
        assertEquals(7202, s.cluster().port(), "environment over file");
        assertEquals("from-flag", s.cluster().clusterName(), "flag over environment");
        assertEquals(2, s.cluster().members().size(), "a YAML list of members");
    }

    @Test
    void environment_helpAndVersionVariablesAreNotSettings() {
        // Regression: GRIDKV_VERSION (set by build tools) was read as --version and stopped the node from starting.
        NodeSettings s = parse(Map.of("GRIDKV_VERSION", "0.1.0-SNAPSHOT", "GRIDKV_HELP", "yes"));
        assertEquals(NodeSettings.DEFAULT_HTTP_PORT, s.httpPort());
    }

    @Test
    void configFile_canBeNamedByTheEnvironment() throws IOException {
        Path yaml = Files.writeString(dir.resolve("node.yaml"), "http-port: 7301\n");
        assertEquals(7301, parse(Map.of("GRIDKV_CONFIG", yaml.toString())).httpPort());
    }

    @Test
    void configFile_unknownSettingIsRejectedByName() throws IOException {
        Path yaml = Files.writeString(dir.resolve("typo.yaml"), "http-prot: 7070\n");
        assertEquals(GridkvNode.EXIT_USAGE, run("--config", yaml.toString()));
        assertTrue(err.toString().contains("http-prot"), err.toString());
    }

    @Test
    void configFile_missingIsRejected() {
        assertEquals(
                GridkvNode.EXIT_USAGE,
                run("--config", dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());
    }

    @Test
    void configFile_notAMappingIsRejected() throws IOException {
        Path yaml = Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n");
        assertEquals(GridkvNode.EXIT_USAGE, run("--config", yaml.toString()));
        assertTrue(err.toString().contains("mapping"), err.toString());
    }

    @Test
    void badPort_isRejectedWithTheOptionsName() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--cluster-port", "70000"));
        assertTrue(err.toString().contains("cluster port"), err.toString());
    }

    @Test
    void badHttpPort_fromTheEnvironment_isRejectedWithTheOptionsName() {
        assertEquals(GridkvNode.EXIT_USAGE, run(Map.of("GRIDKV_HTTP_PORT", "99999")));
        assertTrue(err.toString().contains("--http-port"), err.toString());
    }

    @Test
    void tlsCertWithoutKey_isRejected() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--tls-cert", "cert.pem"));
        assertTrue(err.toString().contains("--tls-key"), err.toString());
    }

    @Test
    void badMemberAddress_isRejected() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--members", "127.0.0.1:notaport"));
        assertTrue(err.toString().contains("127.0.0.1:notaport"), err.toString());
    }

    @Test
    void unknownOption_isAUsageError() {
        assertEquals(GridkvNode.EXIT_USAGE, run("--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }
}
