package io.gridkv.node.cli;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.cluster.ClusterState;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.node.Node;
import io.gridkv.node.testing.TestNodes;
import io.gridkv.testing.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client command against a real node in this JVM, through {@code gridkv-node}'s own command line: what it prints
 * and the exit code a script sees. The node is reached through {@code GRIDKV_URL} and each test's store through
 * {@code GRIDKV_STORE}, so the environment variables are exercised everywhere; the store's contents are checked
 * through an in-process handle, independently of the CLI.
 */
@Timeout(120)
class ClientCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static Node node;

    String store;
    Map<String, String> env;
    Kv kv;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(dataDir);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void ownStore(TestInfo test) {
        store = "cli-" + test.getTestMethod().orElseThrow().getName();
        env = Map.of("GRIDKV_URL", node.httpUrl(), "GRIDKV_STORE", store);
        kv = Kv.using(node.member(), KvOptions.builder().store(store).build());
    }

    @AfterEach
    void closeHandle() {
        await(kv.close());
    }

    private Cli.Run run(String... args) {
        return Cli.run(env, args);
    }

    private static void assertExit(int expected, Cli.Run run) {
        assertEquals(expected, run.exit(), run::toString);
    }

    // ---- get / set / delete / exists ----

    @Test
    void get_stringValue_printsItsTextUnquoted() {
        await(kv.set("greeting", "hello, wörld"));
        Cli.Run run = run("get", "greeting");
        assertExit(0, run);
        assertEquals(List.of("hello, wörld"), run.lines());
        assertEquals("", run.err());
    }

    @Test
    void get_nonStringValue_printsCompactJson() {
        await(kv.set("user", Map.of("name", "Al", "age", 3L, "tags", List.of("x"))));
        await(kv.set("n", 42L));
        assertEquals(
                List.of("{\"age\":3,\"name\":\"Al\",\"tags\":[\"x\"]}"),
                run("get", "user").lines());
        assertEquals(List.of("42"), run("get", "n").lines());
    }

    @Test
    void get_json_printsTheRawJsonResult() {
        await(kv.set("greeting", "hello"));
        Cli.Run run = run("get", "greeting", "--json");
        assertExit(0, run);
        assertEquals(List.of("\"hello\""), run.lines());
    }

    @Test
    void get_absentKey_exits3WithKeyNotFoundOnStderr() {
        Cli.Run run = run("get", "missing");
        assertExit(ExitCodes.KEY_NOT_FOUND, run);
        assertEquals("", run.out());
        assertEquals(
                List.of("KeyNotFoundError: key not found: \"missing\""),
                run.err().lines().toList());
    }

    @Test
    void set_valueThatParsesAsJson_storesThatJson() {
        Cli.Run run = run("set", "n", "42");
        assertExit(0, run);
        assertEquals(List.of("OK"), run.lines());
        run("set", "obj", "{\"b\": 2, \"a\": [1.50, true, null]}");
        run("set", "quoted", "\"42\"");
        assertEquals(42L, await(kv.get("n")));
        assertEquals(Map.of("a", java.util.Arrays.asList(1.5, true, null), "b", 2L), await(kv.get("obj")));
        assertEquals("42", await(kv.get("quoted")));
    }

    @Test
    void set_valueThatIsNotJson_storesThePlainString() {
        assertExit(0, run("set", "s", "hello world"));
        assertExit(0, run("set", "two", "1 2"));
        assertExit(0, run("set", "empty", ""));
        assertEquals("hello world", await(kv.get("s")));
        assertEquals("1 2", await(kv.get("two")));
        assertEquals("", await(kv.get("empty")));
    }

    @Test
    void set_string_storesAStringEvenIfItLooksLikeJson() {
        assertExit(0, run("set", "--string", "n", "42"));
        assertExit(0, run("set", "t", "true", "--string"));
        assertEquals("42", await(kv.get("n")));
        assertEquals("true", await(kv.get("t")));
    }

    @Test
    void set_json_printsTheValueTheNodeEchoes() {
        assertEquals(
                List.of("{\"a\":1}"), run("set", "k", "{\"a\":1}", "--json").lines());
    }

    @Test
    void delete_printsOk_andRemovesTheKey_presentOrNot() {
        await(kv.set("k", "v"));
        Cli.Run run = run("delete", "k");
        assertExit(0, run);
        assertEquals(List.of("OK"), run.lines());
        assertFalse(await(kv.exists("k")));
        assertExit(0, run("delete", "never-there"));
    }

    @Test
    void exists_presentKey_printsTrueExits0_absentKey_printsFalseExits1() {
        await(kv.set("k", "v"));
        Cli.Run present = run("exists", "k");
        assertExit(0, present);
        assertEquals(List.of("true"), present.lines());
        Cli.Run absent = run("exists", "other");
        assertExit(ExitCodes.NEGATIVE, absent);
        assertEquals(List.of("false"), absent.lines());
        assertEquals("", absent.err());
    }

    // ---- incr / cas ----

    @Test
    void incr_withoutDelta_addsOne_andTakesNegativeDeltas() {
        assertEquals(List.of("1"), run("incr", "hits").lines());
        assertEquals(List.of("11"), run("incr", "hits", "10").lines());
        assertEquals(List.of("6"), run("incr", "hits", "-5").lines());
        assertEquals(6L, await(kv.get("hits")));
    }

    @Test
    void incr_nonCounter_exits4WithValueParseError_andKeepsTheValue() {
        await(kv.set("name", "Al"));
        Cli.Run run = run("incr", "name");
        assertExit(ExitCodes.ERROR, run);
        assertTrue(run.err().startsWith("ValueParseError: "), run::toString);
        assertEquals("Al", await(kv.get("name")));
    }

    @Test
    void incr_nonIntegerDelta_isAUsageError() {
        Cli.Run run = run("incr", "hits", "1.5");
        assertExit(ExitCodes.USAGE, run);
        assertTrue(run.err().contains("DELTA"), run::toString);
        assertFalse(await(kv.exists("hits")));
    }

    @Test
    void cas_matchingOld_swapsPrintsTrueExits0() {
        await(kv.set("k", "v1"));
        Cli.Run run = run("cas", "k", "v1", "v2");
        assertExit(0, run);
        assertEquals(List.of("true"), run.lines());
        assertEquals("v2", await(kv.get("k")));
    }

    @Test
    void cas_otherOld_printsFalseExits1_andKeepsTheValue() {
        await(kv.set("k", "v1"));
        Cli.Run run = run("cas", "k", "other", "v2");
        assertExit(ExitCodes.NEGATIVE, run);
        assertEquals(List.of("false"), run.lines());
        assertEquals("v1", await(kv.get("k")));
        assertExit(ExitCodes.NEGATIVE, run("cas", "absent", "v1", "v2"));
    }

    @Test
    void cas_jsonOld_matchesTheCanonicalForm() {
        await(kv.set("obj", Map.of("a", 1L, "b", 2L)));
        assertExit(0, run("cas", "obj", "{\"b\":2,\"a\":1.0}", "{\"c\":3}"));
        assertEquals(Map.of("c", 3L), await(kv.get("obj")));
        await(kv.set("n", "5"));
        assertExit(ExitCodes.NEGATIVE, run("cas", "n", "5", "6"));
        assertExit(0, run("cas", "--string", "n", "5", "6"));
        assertEquals("6", await(kv.get("n")));
    }

    @Test
    void cas_absent_setsOnlyIfTheKeyIsAbsent() {
        assertExit(0, run("cas", "--absent", "k", "first"));
        Cli.Run second = run("cas", "--absent", "k", "second");
        assertExit(ExitCodes.NEGATIVE, second);
        assertEquals(List.of("false"), second.lines());
        assertEquals("first", await(kv.get("k")));
    }

    @Test
    void cas_wrongNumberOfValues_isAUsageError() {
        assertExit(ExitCodes.USAGE, run("cas", "k", "new"));
        assertExit(ExitCodes.USAGE, run("cas", "--absent", "k", "old", "new"));
        assertFalse(await(kv.exists("k")));
    }

    // ---- queries ----

    @Test
    void keys_printOnePerLineInUtf8Order_withPrefixAndLimit() {
        for (String k : List.of("user:3", "user:1", "order:1", "user:2", "😀", "\uFF61")) {
            await(kv.set(k, k));
        }
        assertEquals(
                List.of("order:1", "user:1", "user:2", "user:3", "\uFF61", "😀"),
                run("keys").lines());
        assertEquals(
                List.of("user:1", "user:2"),
                run("keys", "--prefix", "user:", "--limit", "2").lines());
        assertEquals(List.of(), run("keys", "--prefix", "none:").lines());
        assertEquals(
                List.of("[\"user:1\",\"user:2\",\"user:3\"]"),
                run("keys", "--prefix", "user:", "--json").lines());
    }

    @Test
    void keys_limitAboveMaximum_exits4WithInvalidOptions() {
        Cli.Run run = run("keys", "--limit", "250001");
        assertExit(ExitCodes.ERROR, run);
        assertTrue(run.err().startsWith("InvalidOptionsError: "), run::toString);
    }

    @Test
    void scan_printsKeyTabJsonLines_andTheNextCursorOnStderr() {
        await(kv.set("a", 1L));
        await(kv.set("b", "two"));
        await(kv.set("c", Map.of("x", true)));
        Cli.Run first = run("scan", "--limit", "2");
        assertExit(0, first);
        assertEquals(List.of("a\t1", "b\t\"two\""), first.lines());
        assertEquals(List.of("cursor: Yg=="), first.err().lines().toList());
        Cli.Run last = run("scan", "--limit", "2", "--cursor", "Yg==");
        assertExit(0, last);
        assertEquals(List.of("c\t{\"x\":true}"), last.lines());
        assertEquals("", last.err(), "no cursor once the walk is done");
    }

    @Test
    void scan_json_printsThePageAsTheNodeAnswersIt() throws Exception {
        await(kv.set("p:1", 1L));
        await(kv.set("p:2", 2L));
        await(kv.set("q", 3L));
        Cli.Run run = run("scan", "--prefix", "p:", "--limit", "1", "--json");
        assertExit(0, run);
        JsonNode page = JSON.readTree(run.out());
        assertEquals("p:1", page.path("entries").get(0).path("key").asText());
        assertEquals("cDox", page.path("cursor").asText());
        assertFalse(page.path("done").asBoolean());
        assertEquals("", run.err());
    }

    @Test
    void scan_malformedCursor_exits4WithInvalidCursor() {
        Cli.Run run = run("scan", "--cursor", "%%%not-base64%%%");
        assertExit(ExitCodes.ERROR, run);
        assertTrue(run.err().startsWith("InvalidCursorError: "), run::toString);
    }

    @Test
    void countAndSize_printNumbers() {
        for (int i = 0; i < 5; i++) {
            await(kv.set("t:a:" + i, i));
        }
        await(kv.set("t:b:1", 1));
        assertEquals(List.of("5"), run("count", "--prefix", "t:a:").lines());
        assertEquals(List.of("6"), run("count").lines());
        assertEquals(List.of("6"), run("size").lines());
    }

    @Test
    void random_matchingKey_printsIt_noMatch_printsNothingAndExits1() {
        await(kv.set("a:1", 1));
        await(kv.set("b:1", 1));
        Cli.Run run = run("random", "--prefix", "a:");
        assertExit(0, run);
        assertEquals(List.of("a:1"), run.lines());
        Cli.Run none = run("random", "--prefix", "z:");
        assertExit(ExitCodes.NEGATIVE, none);
        assertEquals("", none.out());
        assertEquals("", none.err());
    }

    @Test
    void random_count_printsDistinctMatchingKeys_orExits1WhenNoneMatch() {
        for (int i = 0; i < 10; i++) {
            await(kv.set("r:" + i, i));
        }
        await(kv.set("other", 0));
        List<String> some = run("random", "--prefix", "r:", "--count", "4").lines();
        assertEquals(4, new HashSet<>(some).size());
        assertTrue(some.stream().allMatch(k -> k.startsWith("r:")), some::toString);
        assertEquals(
                10,
                new HashSet<>(run("random", "--prefix", "r:", "--count", "50").lines()).size());
        assertExit(ExitCodes.NEGATIVE, run("random", "--prefix", "z:", "--count", "3"));
    }

    // ---- clear ----

    @Test
    void clear_withoutYes_isRefusedAsUsageError_andKeepsTheKeys() {
        await(kv.set("k", "v"));
        Cli.Run run = run("clear");
        assertExit(ExitCodes.USAGE, run);
        assertTrue(run.err().contains("--yes"), run::toString);
        assertTrue(await(kv.exists("k")));
    }

    @Test
    void clear_yesFromTheEnvironment_doesNotConfirm() {
        await(kv.set("k", "v"));
        Map<String, String> withYes = new HashMap<>(env);
        withYes.put("GRIDKV_YES", "true");
        assertExit(ExitCodes.USAGE, Cli.run(withYes, "clear"));
        assertTrue(await(kv.exists("k")));
    }

    @Test
    void clear_withYes_emptiesTheStore() {
        await(kv.set("k1", "v"));
        await(kv.set("k2", "v"));
        Cli.Run run = run("clear", "--yes");
        assertExit(0, run);
        assertEquals(List.of("OK"), run.lines());
        assertEquals(0L, await(kv.size()));
    }

    // ---- backup / restore ----

    @Test
    void backup_thenRestore_printWhatTheyDid_andRoundTripTheStore() {
        await(kv.set("a", 1L));
        await(kv.set("b", "two"));
        Cli.Run backup = run("backup", "cli-round-trip");
        assertExit(0, backup);
        assertEquals(1, backup.lines().size(), backup::toString);
        assertTrue(
                backup.lines()
                        .get(0)
                        .matches(
                                "2 entries \\(\\d+ bytes\\) written to cli-round-trip in the node's snapshot directory"),
                backup::toString);
        assertEquals("", backup.err());
        assertTrue(Files.isDirectory(dataDir.resolve("snapshots/cli-round-trip")));

        await(kv.set("c", 3L));
        await(kv.delete("a"));
        Cli.Run restore = run("restore", "cli-round-trip", "--yes");
        assertExit(0, restore);
        assertEquals(List.of("2 entries restored from cli-round-trip"), restore.lines());
        assertEquals(1L, await(kv.get("a")));
        assertEquals("two", await(kv.get("b")));
        assertFalse(await(kv.exists("c")));
    }

    @Test
    void backup_withoutName_writesTheDefault_andJsonPrintsTheNodesAnswer() throws Exception {
        await(kv.set("a", 1L));
        Cli.Run run = run("backup", "--json", "--allow-concurrent-writes");
        assertExit(0, run);
        JsonNode result = JSON.readTree(run.out());
        List<String> fields = new ArrayList<>();
        result.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("totalEntries", "bytesWritten", "bestEffort", "warning"), fields);
        assertEquals(1, result.get("totalEntries").longValue());
        assertTrue(result.get("bestEffort").booleanValue(), run::toString);
        assertEquals("", run.err(), "with --json the warning is in the answer only");
        assertTrue(Files.isDirectory(dataDir.resolve("snapshots/.k6.kv")));

        Cli.Run readable = run("backup", "--allow-concurrent-writes");
        assertExit(0, readable);
        assertTrue(readable.out().contains("written to .k6.kv in the node's snapshot directory"), readable::toString);
        assertTrue(readable.err().startsWith("warning: "), readable::toString);
    }

    @Test
    void restore_withoutYes_isRefusedAsUsageError_andKeepsTheStore() {
        await(kv.set("k", "v"));
        Cli.Run run = run("restore", "anything");
        assertExit(ExitCodes.USAGE, run);
        assertTrue(run.err().contains("--yes"), run::toString);
        Map<String, String> withYes = new HashMap<>(env);
        withYes.put("GRIDKV_YES", "true");
        assertExit(ExitCodes.USAGE, Cli.run(withYes, "restore", "anything"));
        assertTrue(await(kv.exists("k")));
    }

    @Test
    void restore_missingSnapshotOrOverBudget_exits4WithTheErrorName_andKeepsTheStore() {
        await(kv.set("a", 1L));
        await(kv.set("b", 2L));
        assertExit(0, run("backup", "cli-budget"));
        await(kv.set("c", 3L));

        Cli.Run missing = run("restore", "cli-never-written", "--yes");
        assertExit(ExitCodes.ERROR, missing);
        assertTrue(missing.err().startsWith("SnapshotNotFoundError: "), missing::toString);
        Cli.Run entries = run("restore", "cli-budget", "--yes", "--max-entries", "1");
        assertExit(ExitCodes.ERROR, entries);
        assertTrue(entries.err().startsWith("SnapshotBudgetExceededError: "), entries::toString);
        Cli.Run bytes = run("restore", "cli-budget", "--yes", "--max-bytes", "3");
        assertExit(ExitCodes.ERROR, bytes);
        assertTrue(bytes.err().startsWith("SnapshotBudgetExceededError: "), bytes::toString);
        assertEquals(3L, await(kv.size()));

        assertExit(0, run("restore", "cli-budget", "--yes", "--max-entries", "2", "--max-bytes", "1000"));
        assertEquals(2L, await(kv.size()));
    }

    @Test
    void backupOrRestore_ofANameOutsideTheDataDirectory_exits4WithInvalidOptions() {
        for (String[] args : List.of(
                new String[] {"backup", "../cli-escape"},
                new String[] {"backup", "/tmp/cli-escape"},
                new String[] {"restore", "nested/name", "--yes"})) {
            Cli.Run run = run(args);
            assertExit(ExitCodes.ERROR, run);
            assertTrue(run.err().startsWith("InvalidOptionsError: "), run::toString);
        }
        assertFalse(Files.exists(dataDir.resolve("cli-escape")));
    }

    /** The snapshot is a file of the node called: never moved on to the next node of --url. */
    @Test
    void backup_callsOnlyTheFirstNode_evenWhenItIsDown() {
        String dead = "http://127.0.0.1:" + FreePorts.next();
        Cli.Run run = run("backup", "cli-first-node", "--url", dead + "," + node.httpUrl());
        assertExit(ExitCodes.UNREACHABLE, run);
        assertTrue(run.err().startsWith("NetworkError: "), run::toString);
        assertFalse(Files.exists(dataDir.resolve("snapshots/cli-first-node")));
        assertExit(
                ExitCodes.UNREACHABLE, run("restore", "cli-first-node", "--yes", "--url", dead + "," + node.httpUrl()));
    }

    // ---- node information ----

    @Test
    void stats_printsTheMembersAndATableOfStores() {
        await(kv.set("k1", "v"));
        await(kv.set("k2", "v"));
        Cli.Run run = run("stats");
        assertExit(0, run);
        String member = node.member().getCluster().getLocalMember().getAddress().getHost() + ":"
                + node.member().getCluster().getLocalMember().getAddress().getPort();
        assertTrue(run.lines().contains("  " + member + "  (this node)"), run::toString);
        assertTrue(
                run.lines()
                        .get(0)
                        .startsWith("cluster " + node.settings().cluster().clusterName() + ": 1 member(s), safe"),
                run::toString);
        assertTrue(
                run.lines().stream().anyMatch(l -> l.matches("STORE +SERIALIZATION +TRACK KEYS +KEYS")), run::toString);
        assertTrue(run.lines().stream().anyMatch(l -> l.matches(store + " +json +false +2")), run::toString);
    }

    @Test
    void stats_json_printsTheNodesAnswer() throws Exception {
        Cli.Run run = run("stats", "--json");
        assertExit(0, run);
        JsonNode stats = JSON.readTree(run.out());
        assertEquals(1, stats.path("members").size());
        Set<String> stores = new HashSet<>();
        stats.path("stores").forEach(s -> stores.add(s.path("store").asText()));
        assertTrue(stores.contains(store), stores::toString);
    }

    @Test
    void health_readyNode_printsReadyAndExits0() {
        Cli.Run run = run("health");
        assertExit(0, run);
        assertTrue(run.out().startsWith("ready ("), run::toString);
        assertTrue(run.out().contains("members=1"), run::toString);
    }

    @Test
    void health_notReadyNode_printsNotReadyAndExits1() {
        // A frozen cluster is not ACTIVE, so the node reports itself not ready until it is thawed.
        node.member().getCluster().changeClusterState(ClusterState.FROZEN);
        try {
            Cli.Run run = run("health");
            assertExit(ExitCodes.NEGATIVE, run);
            assertTrue(run.out().startsWith("not ready ("), run::toString);
            assertTrue(run.out().contains("clusterState=FROZEN"), run::toString);
            Cli.Run json = run("health", "--json");
            assertExit(ExitCodes.NEGATIVE, json);
            assertTrue(json.out().contains("\"status\":\"DOWN\""), json::toString);
        } finally {
            node.member().getCluster().changeClusterState(ClusterState.ACTIVE);
        }
    }

    // ---- options and the environment ----

    @Test
    void storeOption_winsOverTheEnvironment_andAnyNameTravelsIntact() {
        String name = "a/b c+d %2F é.";
        assertExit(0, run("set", "k", "v", "--store", name));
        Kv other = Kv.using(node.member(), KvOptions.builder().store(name).build());
        try {
            assertEquals("v", await(other.get("k")));
        } finally {
            await(other.close());
        }
        assertFalse(await(kv.exists("k")));
        assertExit(0, run("set", "dots", "v", "--store", ".."));
        assertTrue(run("stats").out().contains(".."));
    }

    @Test
    void urlOption_winsOverTheEnvironment() {
        Map<String, String> deadUrl =
                Map.of("GRIDKV_URL", "http://127.0.0.1:" + FreePorts.next(), "GRIDKV_STORE", store);
        assertExit(ExitCodes.UNREACHABLE, Cli.run(deadUrl, "size"));
        assertExit(0, Cli.run(deadUrl, "size", "--url", node.httpUrl()));
    }

    @Test
    void defaults_withoutEnvironment_targetLocalhost7070AndStoreDefault() {
        Cli.Run help = Cli.run(Map.of(), "get", "--help");
        assertTrue(help.out().contains("Default: http://127.0.0.1:7070"), help::toString);
        assertTrue(help.out().contains("Default: default."), help::toString);
    }

    @Test
    void unreachableNode_exits5WithNetworkError() {
        Cli.Run run = Cli.run(Map.of("GRIDKV_URL", "http://127.0.0.1:" + FreePorts.next()), "get", "k");
        assertExit(ExitCodes.UNREACHABLE, run);
        assertTrue(run.err().startsWith("NetworkError: cannot connect to http://127.0.0.1:"), run::toString);
    }

    @Test
    void silentNode_exits5AfterTheTimeout() throws Exception {
        // Accepts connections (the kernel does, into the backlog) but never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run(
                    Map.of("GRIDKV_URL", "http://127.0.0.1:" + silent.getLocalPort(), "GRIDKV_TIMEOUT", "300ms"),
                    "get",
                    "k");
            assertExit(ExitCodes.UNREACHABLE, run);
            assertTrue(run.err().startsWith("NetworkError: no answer from "), run::toString);
            assertTrue(run.err().contains("within 300 ms"), run::toString);
        }
    }

    @Test
    void malformedUrlOrTimeout_isAUsageError() {
        Cli.Run url = run("get", "k", "--url", "ftp://somewhere");
        assertExit(ExitCodes.USAGE, url);
        assertTrue(url.err().contains("ftp://somewhere"), url::toString);
        assertExit(ExitCodes.USAGE, run("get", "k", "--timeout", "soon"));
    }

    @Test
    void everyCommand_help_explainsItsOptionsTheirVariablesAndTheExitCodes() {
        for (String command : List.of(
                "get", "set", "delete", "exists", "incr", "cas", "keys", "scan", "count", "size", "random", "clear",
                "backup", "restore", "stats", "health")) {
            Cli.Run help = Cli.run(Map.of(), command, "--help");
            assertExit(0, help);
            for (String expected : List.of(
                    "Usage: gridkv-node " + command,
                    "--url",
                    "GRIDKV_URL",
                    "GRIDKV_AUTH_TOKEN",
                    "--cacert",
                    "--timeout",
                    "--json",
                    "Exit codes:",
                    "KeyNotFoundError",
                    "NetworkError")) {
                assertTrue(help.out().contains(expected), command + ": " + expected + " missing from\n" + help.out());
            }
            boolean storeCommand = !command.equals("stats") && !command.equals("health");
            assertEquals(storeCommand, help.out().contains("GRIDKV_STORE"), command + "\n" + help.out());
        }
    }

    @Test
    void topLevelHelp_listsTheClientCommandsAndTheirExitCodes() {
        Cli.Run help = Cli.run(Map.of(), "--help");
        assertExit(0, help);
        for (String expected : List.of(
                "get ",
                "incr ",
                "cas ",
                "scan ",
                "backup ",
                "restore ",
                "stats ",
                "health ",
                "3 on KeyNotFoundError")) {
            assertTrue(help.out().contains(expected), expected + " missing from\n" + help.out());
        }
    }
}
