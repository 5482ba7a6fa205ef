package io.gridkv.internal.snapshot;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static io.gridkv.internal.snapshot.SnapshotRoundTripTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import io.gridkv.internal.leveldb.LevelDbTesting;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a restore's input can be wrong, with the SPEC.md c name each one reports. */
class SnapshotReaderErrorsTest {
    @TempDir
    Path tmp;

    private LevelDbEngines engines;
    private Path snapshot;

    @BeforeEach
    void writeSnapshot() {
        engines = engines(Mode.IQ80);
        TreeMap<byte[], byte[]> store = Snapshots.sortedMap();
        for (int i = 0; i < 10; i++) {
            store.put(utf8("k" + i), utf8("v" + i));
        }
        snapshot = tmp.resolve("snap");
        Snapshots.write(engines, snapshot, store);
    }

    private KvException openFails(Path dir, KvError expected) {
        KvException e = assertThrows(KvException.class, () -> SnapshotReader.open(dir, engines));
        assertEquals(expected, e.error(), e.getMessage());
        return e;
    }

    @Test
    void missingDirectory_isSnapshotNotFound() {
        openFails(tmp.resolve("no-such-snapshot"), KvError.SnapshotNotFoundError);
    }

    @Test
    void aFile_isSnapshotIOError() throws IOException {
        Path file = Files.writeString(tmp.resolve("old.k6.kv"), "bbolt file, say");
        openFails(file, KvError.SnapshotIOError);
    }

    @Test
    void aDirectoryWithoutManifest_isSnapshotIOError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(dir.resolve("cat.jpg"), "meow");
        KvException e = openFails(dir, KvError.SnapshotIOError);
        assertTrue(e.getMessage().contains("gridkv-snapshot.json"), e.getMessage());
    }

    @Test
    void anEmptyDirectory_isSnapshotIOError() throws IOException {
        openFails(Files.createDirectories(tmp.resolve("empty")), KvError.SnapshotIOError);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[1,2]",
                "{}",
                "{\"formatVersion\":1}",
                "{\"formatVersion\":\"1\",\"store\":\"s\",\"serialization\":\"json\",\"entries\":10,"
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"engine\":\"iq80-0.12\"}",
                "{\"formatVersion\":1,\"store\":\"s\",\"serialization\":\"xml\",\"entries\":10,"
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"engine\":\"iq80-0.12\"}",
                "{\"formatVersion\":1,\"store\":\"s\",\"serialization\":\"json\",\"entries\":-1,"
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"engine\":\"iq80-0.12\"}",
                "{\"formatVersion\":1,\"store\":\"s\",\"serialization\":\"json\",\"entries\":10,"
                        + "\"createdAt\":\"yesterday\",\"engine\":\"iq80-0.12\"}",
            })
    void aBadManifest_isSnapshotReadError(String manifest) throws IOException {
        Files.writeString(snapshot.resolve("gridkv-snapshot.json"), manifest);
        openFails(snapshot, KvError.SnapshotReadError);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 99})
    void anUnknownFormatVersion_isSnapshotReadError_namingIt(int version) throws IOException {
        rewriteManifest("\"formatVersion\" : 1", "\"formatVersion\" : " + version);
        KvException e = openFails(snapshot, KvError.SnapshotReadError);
        assertTrue(e.getMessage().contains("format version " + version), e.getMessage());
    }

    @Test
    void unknownManifestFields_areIgnored() throws IOException {
        rewriteManifest("\"formatVersion\" : 1", "\"formatVersion\" : 1, \"addedLater\" : {\"x\" : [1]}");
        assertEquals(
                10,
                Snapshots.read(engines, snapshot, SnapshotBudget.UNLIMITED)
                        .result()
                        .totalEntries());
    }

    @Test
    void aMissingDatabase_isSnapshotReadError() throws IOException {
        io.gridkv.internal.files.FileTrees.deleteTree(snapshot.resolve("leveldb"));
        openFails(snapshot, KvError.SnapshotReadError);
    }

    @Test
    void anEmptiedDatabase_isSnapshotReadError_andNoDatabaseIsCreatedInIt() throws IOException {
        Path db = snapshot.resolve("leveldb");
        try (var files = Files.list(db)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("GRIDKV-ENGINE"))
                    .toList()) {
                Files.delete(f);
            }
        }
        openFails(snapshot, KvError.SnapshotReadError);
        assertEquals(List.of("GRIDKV-ENGINE"), Snapshots.siblings(db));
    }

    @Test
    void aDatabaseGridkvDidNotWrite_isSnapshotIOError() throws IOException {
        Path db = snapshot.resolve("leveldb");
        io.gridkv.internal.files.FileTrees.deleteTree(db);
        Files.createDirectories(db);
        Files.writeString(db.resolve("CURRENT"), "MANIFEST-000001\n");
        openFails(snapshot, KvError.SnapshotIOError);
    }

    @Test
    void aDatabaseThatIsNotLevelDb_isSnapshotIOError() throws IOException {
        Path db = snapshot.resolve("leveldb");
        try (var files = Files.list(db)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("GRIDKV-ENGINE"))
                    .toList()) {
                Files.delete(f);
            }
        }
        Files.writeString(db.resolve("CURRENT"), "MANIFEST-000042\n");
        Files.writeString(db.resolve("MANIFEST-000042"), "garbage, not a LevelDB manifest");
        openFails(snapshot, KvError.SnapshotIOError);
    }

    @Test
    void anEntryCountOtherThanTheManifests_isSnapshotReadError_beforeAnythingIsHandedOut() throws IOException {
        rewriteManifest("\"entries\" : 10", "\"entries\" : 11");
        try (SnapshotReader r = SnapshotReader.open(snapshot, engines)) {
            KvException e = assertThrows(
                    KvException.class,
                    () -> r.read(new SnapshotBudget(100, 0), (k, v) -> {
                        throw new AssertionError("handed out an entry of an inconsistent snapshot");
                    }));
            assertEquals(KvError.SnapshotReadError, e.error());
            // Without a budget there is one pass, and the count is checked at its end.
            e = assertThrows(KvException.class, () -> r.read(SnapshotBudget.UNLIMITED, (k, v) -> {}));
            assertEquals(KvError.SnapshotReadError, e.error());
        }
    }

    @Test
    void budgetErrors_winOverACountMismatch() throws IOException {
        rewriteManifest("\"entries\" : 10", "\"entries\" : 11");
        try (SnapshotReader r = SnapshotReader.open(snapshot, engines)) {
            KvException e = assertThrows(KvException.class, () -> r.read(new SnapshotBudget(5, 0), (k, v) -> {}));
            assertEquals(KvError.SnapshotBudgetExceededError, e.error());
        }
    }

    @Test
    void anUnreadableDirectory_isSnapshotPermissionError() throws IOException {
        assumeFalse(LevelDbTesting.ignoresFilePermissions(tmp), "running as root: permissions are not enforced");
        Files.setPosixFilePermissions(snapshot, PosixFilePermissions.fromString("---------"));
        try {
            openFails(snapshot, KvError.SnapshotPermissionError);
        } finally {
            Files.setPosixFilePermissions(snapshot, PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    @Test
    void aReadOnlyDatabase_isSnapshotPermissionError() throws IOException {
        assumeFalse(LevelDbTesting.ignoresFilePermissions(tmp), "running as root: permissions are not enforced");
        Path db = snapshot.resolve("leveldb");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r-x------"));
        try {
            openFails(snapshot, KvError.SnapshotPermissionError);
        } finally {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    /** The mapping itself, which the permission tests above can only reach when not running as root. */
    @Test
    void errorNames_ofFileSystemFailures() {
        Path p = Path.of("/x");
        assertEquals(
                KvError.SnapshotPermissionError,
                SnapshotErrors.opening(p, new AccessDeniedException("/x")).error());
        assertEquals(
                KvError.SnapshotNotFoundError,
                SnapshotErrors.opening(p, new NoSuchFileException("/x")).error());
        assertEquals(
                KvError.SnapshotIOError,
                SnapshotErrors.opening(p, new IOException("disk on fire")).error());
        assertEquals(
                KvError.SnapshotExportError,
                SnapshotErrors.export(p, "renaming", new AccessDeniedException("/x"))
                        .error());
    }

    private void rewriteManifest(String from, String to) throws IOException {
        Path manifest = snapshot.resolve("gridkv-snapshot.json");
        String json = Files.readString(manifest);
        assertTrue(json.contains(from), json);
        Files.writeString(manifest, json.replace(from, to));
    }
}
