package io.gridkv.internal.leveldb;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static io.gridkv.internal.leveldb.LevelDbTesting.marker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The handle and the directory rules, once per engine. */
class LevelDbTest {
    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Engine engineOf(Mode mode) {
        return mode == Mode.JNI ? Engine.JNI : Engine.IQ80;
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void create_marksTheDirectoryWithItsEngine_beforeUse(Mode mode) throws IOException {
        Path dir = tmp.resolve("a/b/db");
        try (LevelDb db = engines(mode).create(dir)) {
            assertEquals(engineOf(mode), db.engine());
            assertEquals(engineOf(mode).id(), marker(dir));
            assertTrue(Files.exists(dir.resolve("CURRENT")), "LevelDB files beside the marker");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void putGetDelete_roundTripBytes(Mode mode) throws IOException {
        try (LevelDb db = engines(mode).create(tmp.resolve("db"))) {
            byte[] binary = new byte[256];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            db.put(b("k"), binary);
            db.put(b("empty"), new byte[0]);
            assertArrayEquals(binary, db.get(b("k")));
            assertArrayEquals(new byte[0], db.get(b("empty")));
            db.delete(b("k"));
            db.delete(b("never-there"));
            assertNull(db.get(b("k")));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void batch_appliesAllItsWrites(Mode mode) throws IOException {
        try (LevelDb db = engines(mode).create(tmp.resolve("db"))) {
            db.put(b("gone"), b("x"));
            try (LevelDb.Batch batch = db.newBatch()) {
                batch.put(b("a"), b("1")).put(b("b"), b("22")).delete(b("gone"));
                assertEquals(3, batch.size());
                assertEquals(1 + 1 + 1 + 2 + 4, batch.bytes());
                db.write(batch, true);
            }
            assertArrayEquals(b("1"), db.get(b("a")));
            assertArrayEquals(b("22"), db.get(b("b")));
            assertNull(db.get(b("gone")));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void forEach_ordersKeysByUnsignedBytes_whichIsUtf8Order(Mode mode) throws IOException {
        List<byte[]> keys = List.of(
                b("é"), // C3 A9: above every ASCII key
                b("z"),
                b("a"),
                b("a\u0000"),
                b("ab"),
                b("\uD83D\uDD11"), // F0 9F 94 91, above U+FFFD (EF BF BD)
                b("\uFFFD"),
                new byte[] {(byte) 0x80},
                new byte[] {0x7f},
                new byte[] {(byte) 0xff});
        try (LevelDb db = engines(mode).create(tmp.resolve("db"))) {
            for (byte[] k : keys) {
                db.put(k, k);
            }
            List<byte[]> seen = new ArrayList<>();
            long visited = db.forEach(null, (k, v) -> {
                assertArrayEquals(k, v);
                return seen.add(k);
            });
            List<byte[]> expected = new ArrayList<>(keys);
            expected.sort(Arrays::compareUnsigned);
            assertEquals(keys.size(), visited);
            assertEquals(hex(expected), hex(seen));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void forEach_startsAtFrom_andStopsWhenTheVisitorSaysSo(Mode mode) throws IOException {
        try (LevelDb db = engines(mode).create(tmp.resolve("db"))) {
            for (String k : List.of("a", "b", "c", "d", "e")) {
                db.put(b(k), b(k));
            }
            List<String> seen = new ArrayList<>();
            long visited = db.forEach(b("bb"), (k, v) -> {
                seen.add(new String(k, StandardCharsets.UTF_8));
                return seen.size() < 2;
            });
            assertEquals(List.of("c", "d"), seen);
            assertEquals(2, visited);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void reopen_keepsEveryEntry_withTheSameEngine(Mode mode) throws IOException {
        Path dir = tmp.resolve("db");
        LevelDbEngines engines = engines(mode);
        try (LevelDb db = engines.create(dir)) {
            for (int i = 0; i < 20_000; i++) {
                db.put(b("key-" + i), b("value-" + i));
            }
        }
        try (LevelDb db = engines.openExisting(dir, false)) {
            assertEquals(engineOf(mode), db.engine());
            assertEquals(20_000, db.forEach(null, (k, v) -> true));
            assertArrayEquals(b("value-12345"), db.get(b("key-12345")));
        }
        assertEquals(engineOf(mode).id(), marker(dir));
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openOrCreate_createsThenOpens(Mode mode) throws IOException {
        Path dir = tmp.resolve("db");
        LevelDbEngines engines = engines(mode);
        try (LevelDb db = engines.openOrCreate(dir)) {
            db.put(b("k"), b("v"));
        }
        try (LevelDb db = engines.openOrCreate(dir)) {
            assertArrayEquals(b("v"), db.get(b("k")));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void create_onANonEmptyDirectory_isRefused(Mode mode) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        Files.writeString(dir.resolve("someone-elses-file"), "x");
        assertThrows(FileAlreadyExistsException.class, () -> engines(mode).create(dir));
        assertEquals(List.of(dir.resolve("someone-elses-file")), list(dir));
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void create_onAnEmptyDirectory_usesIt(Mode mode) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        try (LevelDb db = engines(mode).create(dir)) {
            assertEquals(dir, db.directory());
            assertEquals(engineOf(mode).id(), marker(dir));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_missingDirectory_isNoSuchFile(Mode mode) {
        assertThrows(NoSuchFileException.class, () -> engines(mode).openExisting(tmp.resolve("nope"), false));
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_emptyUnmarkedDirectory_becomesANewDatabase(Mode mode) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        try (LevelDb db = engines(mode).openExisting(dir, false)) {
            assertEquals(engineOf(mode), db.engine());
            assertEquals(engineOf(mode).id(), marker(dir));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_unmarkedNonEmptyDirectory_isRefused_andLeftAlone(Mode mode) throws IOException {
        Path dir = unmarkedLevelDb(Mode.IQ80);
        List<Path> before = list(dir);
        ForeignDirectoryException e = assertThrows(
                ForeignDirectoryException.class, () -> engines(mode).openExisting(dir, false));
        assertTrue(e.getMessage().contains("GRIDKV-ENGINE"), e.getMessage());
        assertEquals(dir, e.directory());
        assertEquals(before, list(dir));
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_adoptingAnUnmarkedDirectory_usesIq80_andMarksIt(Mode writtenBy) throws IOException {
        Path dir = unmarkedLevelDb(writtenBy);
        try (LevelDb db = engines(Mode.AUTO).openExisting(dir, true)) {
            assertEquals(Engine.IQ80, db.engine());
            assertArrayEquals(b("v-999"), db.get(b("k-999")));
        }
        assertEquals("iq80-0.12", marker(dir));
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_unknownMarker_isRefused_evenWhenAdopting(Mode mode) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("db"));
        Files.writeString(dir.resolve(EngineMarker.FILE_NAME), "rocksdb-11.8.1\n");
        ForeignDirectoryException e = assertThrows(
                ForeignDirectoryException.class, () -> engines(mode).openExisting(dir, true));
        assertTrue(e.getMessage().contains("rocksdb-11.8.1"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void closedHandle_refusesCalls_andClosesOnce(Mode mode) throws IOException {
        LevelDb db = engines(mode).create(tmp.resolve("db"));
        db.close();
        db.close();
        assertThrows(IllegalStateException.class, () -> db.get(b("k")));
        assertThrows(IllegalStateException.class, () -> db.put(b("k"), b("v")));
        assertThrows(IllegalStateException.class, () -> db.forEach(null, (k, v) -> true));
        assertThrows(IllegalStateException.class, db::newBatch);
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void openExisting_alreadyOpenDirectory_saysSo(Mode mode) throws IOException {
        Path dir = tmp.resolve("db");
        try (LevelDb db = engines(mode).create(dir)) {
            IOException e = assertThrows(IOException.class, () -> engines(mode).openExisting(dir, false));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            db.put(b("still"), b("usable"));
            assertArrayEquals(b("usable"), db.get(b("still")));
        }
    }

    /** A LevelDB directory written by {@code mode}'s engine directly, without gridkv's marker. */
    private Path unmarkedLevelDb(Mode mode) throws IOException {
        Path dir = tmp.resolve("unmarked-" + mode);
        try (LevelDb db = engines(mode).create(dir)) {
            for (int i = 0; i < 1000; i++) {
                db.put(b("k-" + i), b("v-" + i));
            }
        }
        Files.delete(dir.resolve(EngineMarker.FILE_NAME));
        return dir;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    private static List<String> hex(List<byte[]> keys) {
        return keys.stream().map(LevelDbTest::hex).toList();
    }

    private static String hex(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (byte x : key) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
