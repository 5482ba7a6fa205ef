package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import io.gridkv.node.Node;
import io.gridkv.node.http.Api.Reply;
import io.gridkv.node.testing.TestNodes;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} over HTTP (SPEC.md a.6): snapshots are files of the node, named inside its snapshot
 * directory ({@code <data-dir>/snapshots}) and nowhere else. A node of its own, so that the test sees every file of its
 * data directory and of the directory beside it, where nothing may ever be written.
 */
@Timeout(120)
class SnapshotsTest {
    @TempDir
    static Path root;

    static Path dataDir;
    static Path snapshotDir;
    /** A directory beside the data directory: the calls below must never write into it. */
    static Path outside;

    static Node node;
    static Api api;

    @BeforeAll
    static void startNode() throws IOException {
        dataDir = root.resolve("data");
        snapshotDir = dataDir.resolve("snapshots");
        outside = Files.createDirectory(root.resolve("outside"));
        node = TestNodes.start(dataDir);
        api = new Api(node.httpUrl(), null, null);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static JsonNode entries(String store) {
        return api.result(store, "list", "{}");
    }

    private static void fill(String store, String... keys) {
        for (String key : keys) {
            api.result(store, "set", Api.body("key", key, "value", List.of(key, 1)));
        }
    }

    @Test
    void backup_thenRestore_bringsBackExactlyTheSnapshotsEntries() {
        String store = Api.uniqueStore("snapshot-round-trip");
        fill(store, "a", "b", "c");
        JsonNode before = entries(store);

        JsonNode backup = api.result(store, "backup", Api.body("fileName", "round-trip"));
        assertEquals(List.of("totalEntries", "bytesWritten", "bestEffort", "warning"), Api.names(backup));
        assertEquals(3, backup.get("totalEntries").longValue());
        assertTrue(backup.get("bytesWritten").longValue() > 0, backup::toString);
        assertEquals(false, backup.get("bestEffort").booleanValue());
        assertEquals("", backup.get("warning").textValue());
        assertTrue(Files.isDirectory(snapshotDir.resolve("round-trip")), "the snapshot is in the snapshot directory");

        api.result(store, "delete", Api.body("key", "a"));
        api.result(store, "set", Api.body("key", "b", "value", "changed"));
        fill(store, "d");

        JsonNode restore = api.result(store, "restore", Api.body("fileName", "round-trip"));
        assertEquals("{\"totalEntries\":3}", restore.toString());
        assertEquals(before, entries(store));
        assertEquals(3, api.result(store, "size", "{}").longValue());
    }

    @Test
    void fileName_absentNullOrBlank_isTheDefaultInTheDataDirectory() {
        String store = Api.uniqueStore("snapshot-default-name");
        fill(store, "x");
        for (String body :
                List.of("{}", "", "{\"fileName\": null}", "{\"fileName\": \"\"}", "{\"fileName\": \" \\t\"}")) {
            JsonNode backup = api.call(store, "backup", body).result();
            assertEquals(1, backup.get("totalEntries").longValue(), body);
        }
        assertTrue(
                Files.isDirectory(snapshotDir.resolve(".k6.kv")), "xk6-kv's default name, in the snapshot directory");

        fill(store, "y");
        assertEquals(
                "{\"totalEntries\":1}",
                api.result(store, "restore", "{\"fileName\": \"  \"}").toString());
        assertEquals(1, api.result(store, "size", "{}").longValue());
    }

    @Test
    void restore_throughASymbolicLinkInsideTheDataDirectory_readsWhereItPoints() throws IOException {
        String store = Api.uniqueStore("snapshot-link-inside");
        fill(store, "a", "b");
        api.result(store, "backup", Api.body("fileName", "monday"));
        Files.createSymbolicLink(snapshotDir.resolve("latest"), snapshotDir.resolve("monday"));
        fill(store, "c");

        assertEquals(
                "{\"totalEntries\":2}",
                api.result(store, "restore", Api.body("fileName", "latest")).toString());
        assertEquals(2, api.result(store, "size", "{}").longValue());
    }

    /**
     * Every name that would leave the snapshot directory is refused before the store is touched — not even opened —
     * and nothing appears outside it.
     */
    @Test
    void namesLeavingTheSnapshotDirectory_areRefused_andNothingIsWrittenOutsideIt() throws IOException {
        Files.createDirectories(snapshotDir.resolve("nested"));
        Path target = Files.createDirectory(outside.resolve("link-target"));
        Path absolute = outside.resolve("absolute");
        Files.createSymbolicLink(snapshotDir.resolve("escape"), target);
        Files.createSymbolicLink(snapshotDir.resolve("dangling"), outside.resolve("does-not-exist"));
        List<String> names = List.of(
                "../escaped", "..", ".", absolute.toString(), "nested/inner", "nested\\inner", "escape", "dangling");
        String store = Api.uniqueStore("snapshot-confined");
        // A batch opens its store before it reads its items: it gets a store of its own.
        String batchStore = Api.uniqueStore("snapshot-confined-batch");
        for (String name : names) {
            api.call(store, "backup", Api.body("fileName", name)).assertError(400, "InvalidOptionsError");
            api.call(store, "restore", Api.body("fileName", name)).assertError(400, "InvalidOptionsError");
            for (String op : List.of("backup", "restore")) {
                String batch =
                        "{\"ops\": [{\"op\": \"" + op + "\", \"fileName\": " + Api.JSON.valueToTree(name) + "}]}";
                JsonNode item = api.call(batchStore, "batch", batch).json().at("/results/0");
                assertEquals("InvalidOptionsError", Api.errorNameOf(item, "batch " + op + " " + name), name);
            }
        }

        assertEquals(List.of(dataDir, outside), children(root));
        assertFalse(Files.exists(dataDir.resolve("escaped"), LinkOption.NOFOLLOW_LINKS), "the target of ../escaped");
        assertEquals(List.of(), children(target), "nothing written through the link");
        assertFalse(Files.exists(absolute, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(outside.resolve("does-not-exist"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), children(snapshotDir.resolve("nested")));
        for (JsonNode s : api.get("/v1/stats").result().get("stores")) {
            assertFalse(s.get("store").textValue().equals(store), "a refused call opened the store: " + s);
        }
    }

    /**
     * Regression: snapshots were named in the data directory itself, where the member keeps its disk stores; a backup
     * named {@code disk-staged} became, at the next start, "files of an earlier run" for the member to load. Now no
     * snapshot name reaches the member's own files.
     */
    @Test
    void backup_namedLikeTheMembersOwnFiles_staysInTheSnapshotDirectory() throws IOException {
        String store = Api.uniqueStore("snapshot-own-files");
        api.result(store, "open", Api.body("backend", "disk"));
        fill(store, "a", "b");
        List<Path> membersFiles = children(dataDir.resolve("disk"));
        for (String name : List.of("disk", "disk-staged")) {
            assertEquals(
                    2,
                    api.result(store, "backup", Api.body("fileName", name))
                            .get("totalEntries")
                            .longValue());
            assertTrue(Files.isDirectory(snapshotDir.resolve(name)), name);
            assertEquals(
                    "{\"totalEntries\":2}",
                    api.result(store, "restore", Api.body("fileName", name)).toString());
        }
        assertFalse(Files.exists(dataDir.resolve("disk-staged")), "the member's start-up directory stays its own");
        assertEquals(membersFiles, children(dataDir.resolve("disk")));
        assertEquals(List.of("a", "b"), keys(store));
    }

    @Test
    void restore_ofASnapshotOutsideTheSnapshotDirectory_throughALink_isRefusedAndChangesNothing() throws IOException {
        String store = Api.uniqueStore("snapshot-link-outside");
        fill(store, "a", "b");
        api.result(store, "backup", Api.body("fileName", "to-move"));
        Path moved = Files.move(snapshotDir.resolve("to-move"), outside.resolve("moved"));
        Files.createSymbolicLink(snapshotDir.resolve("moved-link"), moved);
        api.result(store, "clear", "{}");
        fill(store, "c");

        api.call(store, "restore", Api.body("fileName", "moved-link")).assertError(400, "InvalidOptionsError");
        api.call(store, "restore", Api.body("fileName", moved.toString())).assertError(400, "InvalidOptionsError");
        assertEquals(List.of("c"), keys(store));
    }

    @Test
    void restore_ofAMissingSnapshot_isSnapshotNotFoundError404_andChangesNothing() {
        String store = Api.uniqueStore("snapshot-missing");
        fill(store, "a");
        api.call(store, "restore", Api.body("fileName", "never-written")).assertError(404, "SnapshotNotFoundError");
        assertEquals(List.of("a"), keys(store));
    }

    @Test
    void restore_overItsBudget_isSnapshotBudgetExceededError422_andChangesNothing() {
        String store = Api.uniqueStore("snapshot-budget");
        fill(store, "a", "b", "c");
        api.result(store, "backup", Api.body("fileName", "budget"));
        api.result(store, "clear", "{}");
        fill(store, "z");

        api.call(store, "restore", Api.body("fileName", "budget", "maxEntries", 2))
                .assertError(422, "SnapshotBudgetExceededError");
        api.call(store, "restore", Api.body("fileName", "budget", "maxBytes", 4))
                .assertError(422, "SnapshotBudgetExceededError");
        assertEquals(List.of("z"), keys(store), "nothing applied");

        // <= 0 is no limit, and a budget the snapshot fits is enough.
        for (String budget :
                List.of("\"maxEntries\": 3", "\"maxEntries\": 0, \"maxBytes\": -1", "\"maxBytes\": 1000000")) {
            api.result(store, "clear", "{}");
            JsonNode restored = api.result(store, "restore", "{\"fileName\": \"budget\", " + budget + "}");
            assertEquals(3, restored.get("totalEntries").longValue(), budget);
            assertEquals(List.of("a", "b", "c"), keys(store), budget);
        }
    }

    @Test
    void backup_allowingConcurrentWrites_isBestEffort_andSaysWhy() {
        String store = Api.uniqueStore("snapshot-best-effort");
        fill(store, "a");
        JsonNode backup =
                api.result(store, "backup", Api.body("fileName", "best-effort", "allowConcurrentWrites", true));
        assertEquals(List.of("totalEntries", "bytesWritten", "bestEffort", "warning"), Api.names(backup));
        assertEquals(1, backup.get("totalEntries").longValue());
        assertEquals(true, backup.get("bestEffort").booleanValue());
        assertFalse(backup.get("warning").textValue().isBlank(), backup::toString);
    }

    /**
     * The error names and statuses of a backup or restore already running. Provoked deterministically by leaving in the
     * cluster exactly what one running in another JVM holds: the store's lease (the engine's {@code StoreLease}, in the
     * map named here), which a second backup, a restore or a clear must find and refuse.
     */
    @Test
    void whileAnotherBackupOrRestoreRuns_theyAreRefusedWith409AndItsName() {
        String store = Api.uniqueStore("snapshot-in-progress");
        fill(store, "a");
        IMap<String, String> leases = node.member().getMap("gridkv.store-leases");
        try {
            leases.put(store, "BACKUP:1", 30, TimeUnit.SECONDS);
            api.call(store, "backup", Api.body("fileName", "in-progress")).assertError(409, "BackupInProgressError");
            api.call(store, "restore", Api.body("fileName", "in-progress")).assertError(409, "BackupInProgressError");
            api.call(store, "clear", "{}").assertError(409, "BackupInProgressError");

            leases.put(store, "RESTORE:2", 30, TimeUnit.SECONDS);
            api.call(store, "backup", Api.body("fileName", "in-progress")).assertError(409, "RestoreInProgressError");
            api.call(store, "restore", Api.body("fileName", "in-progress")).assertError(409, "RestoreInProgressError");
        } finally {
            leases.remove(store);
        }
        assertFalse(Files.exists(snapshotDir.resolve("in-progress"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("a"), keys(store));
        assertEquals(
                1,
                api.result(store, "backup", Api.body("fileName", "in-progress"))
                        .get("totalEntries")
                        .longValue());
    }

    @Test
    void arguments_areStrictlyTyped() {
        String store = Api.uniqueStore("snapshot-arguments");
        for (String[] call : new String[][] {
            {"backup", "{\"fileName\": 5}"},
            {"backup", "{\"fileName\": [\"a\"]}"},
            {"backup", "{\"allowConcurrentWrites\": \"yes\"}"},
            {"backup", "{\"maxEntries\": 1}"},
            {"restore", "{\"maxEntries\": 1.5}"},
            {"restore", "{\"maxBytes\": \"10\"}"},
            {"restore", "{\"allowConcurrentWrites\": true}"},
            {"restore", "[]"},
        }) {
            api.call(store, call[0], call[1]).assertError(400, "InvalidOptionsError");
        }
    }

    /** Operations after a backup or restore in a batch wait for it, and it waits for the earlier ones. */
    @Test
    void inABatch_backupAndRestore_runInRequestOrder() {
        String store = Api.uniqueStore("snapshot-batch");
        String batch = "{\"ops\": ["
                + "{\"op\": \"set\", \"key\": \"a\", \"value\": 1},"
                + "{\"op\": \"set\", \"key\": \"b\", \"value\": 2},"
                + "{\"op\": \"backup\", \"fileName\": \"batch\"},"
                + "{\"op\": \"delete\", \"key\": \"a\"},"
                + "{\"op\": \"set\", \"key\": \"c\", \"value\": 3},"
                + "{\"op\": \"size\"},"
                + "{\"op\": \"restore\", \"fileName\": \"batch\"},"
                + "{\"op\": \"size\"}"
                + "]}";
        JsonNode results = api.call(store, "batch", batch).json().get("results");
        assertEquals(2, results.at("/2/result/totalEntries").longValue(), results::toString);
        assertEquals(2, results.at("/5/result").longValue(), results::toString);
        assertEquals("{\"result\":{\"totalEntries\":2}}", results.get(6).toString());
        assertEquals(2, results.at("/7/result").longValue(), results::toString);
        assertEquals(List.of("a", "b"), keys(store));
    }

    /** The header is checked as everywhere, but a backup or restore sent again runs again: no remembered answer. */
    @Test
    void idempotencyKey_isAccepted_andASecondSendRunsAgain() {
        String store = Api.uniqueStore("snapshot-idempotency");
        fill(store, "a");
        assertEquals(
                1,
                keyed(store, "backup", "same-key", false)
                        .at("/result/totalEntries")
                        .longValue());
        fill(store, "b");
        assertEquals(
                2,
                keyed(store, "backup", "same-key", true)
                        .at("/result/totalEntries")
                        .longValue());
        fill(store, "c");
        assertEquals(
                2,
                keyed(store, "restore", "restore-key", false)
                        .at("/result/totalEntries")
                        .longValue());
        fill(store, "d");
        assertEquals(
                2,
                keyed(store, "restore", "restore-key", true)
                        .at("/result/totalEntries")
                        .longValue());
        assertEquals(List.of("a", "b"), keys(store));

        Reply bad = api.send(api.request(Api.storePath(store, "backup"))
                .header("Idempotency-Key", "")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        bad.assertError(400, "InvalidOptionsError");
    }

    private static JsonNode keyed(String store, String op, String key, boolean resent) {
        HttpRequest.Builder request = api.request(Api.storePath(store, op))
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(Api.body("fileName", "idempotency")));
        if (resent) {
            request.header("Gridkv-Resend", "true");
        }
        Reply reply = api.send(request);
        reply.result();
        return reply.json();
    }

    private static List<String> keys(String store) {
        List<String> keys = new ArrayList<>();
        api.result(store, "listKeys", "{}").forEach(k -> keys.add(k.textValue()));
        return keys;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }
}
