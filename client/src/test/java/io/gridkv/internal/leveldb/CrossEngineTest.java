package io.gridkv.internal.leveldb;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static io.gridkv.internal.leveldb.LevelDbTesting.marker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker rule between the two engines: JNI never opens what iq80 wrote; iq80 opens what JNI wrote and takes the
 * directory over. Each test reopens several times and checks every entry, so a damaged MANIFEST would show.
 */
class CrossEngineTest {
    private static final int ENTRIES = 10_000;

    @TempDir
    Path tmp;

    @Test
    void iq80Written_isOpenedWithIq80_evenWhereJniIsForced_andStaysIntact() throws IOException {
        Path dir = tmp.resolve("db");
        fill(engines(Mode.IQ80), dir, 0);
        for (int round = 1; round <= 2; round++) {
            try (LevelDb db = engines(Mode.JNI).openExisting(dir, false)) {
                assertEquals(Engine.IQ80, db.engine());
                write(db, round);
            }
            assertEquals("iq80-0.12", marker(dir));
            try (LevelDb db = engines(Mode.AUTO).openExisting(dir, false)) {
                assertEquals(Engine.IQ80, db.engine());
                verify(db, round);
            }
        }
    }

    @Test
    void jniWritten_isOpenedWithJni_whereJniWorks() throws IOException {
        Path dir = tmp.resolve("db");
        fill(engines(Mode.JNI), dir, 0);
        try (LevelDb db = engines(Mode.AUTO).openExisting(dir, false)) {
            assertEquals(Engine.JNI, db.engine());
            verify(db, 0);
        }
        assertEquals("leveldbjni-1.8", marker(dir));
    }

    @Test
    void jniWritten_openedWithIq80_becomesIq80s_andJniNeverOpensItAgain() throws IOException {
        Path dir = tmp.resolve("db");
        fill(engines(Mode.JNI), dir, 0);
        try (LevelDb db = engines(Mode.IQ80).openExisting(dir, false)) {
            assertEquals(Engine.IQ80, db.engine());
            verify(db, 0);
            write(db, 1);
        }
        assertEquals("iq80-0.12", marker(dir));
        try (LevelDb db = engines(Mode.JNI).openExisting(dir, false)) {
            assertEquals(Engine.IQ80, db.engine());
            verify(db, 1);
        }
    }

    @Test
    void jniWritten_whereJniFailsToLoad_isOpenedWithIq80() throws IOException {
        Path dir = tmp.resolve("db");
        fill(engines(Mode.JNI), dir, 0);
        LevelDbEngines noJni =
                LevelDbEngines.withProbe(Mode.AUTO, new JniProbe.Outcome(new UnsatisfiedLinkError("no native")));
        try (LevelDb db = noJni.openExisting(dir, false)) {
            assertEquals(Engine.IQ80, db.engine());
            verify(db, 0);
        }
        assertEquals("iq80-0.12", marker(dir));
    }

    /** Writes round {@code round}, then reopens once so the engine moves its log into (snappy-compressed) tables. */
    private static void fill(LevelDbEngines engines, Path dir, int round) throws IOException {
        try (LevelDb db = engines.create(dir)) {
            write(db, round);
        }
        engines.openExisting(dir, false).close();
        try (var files = java.nio.file.Files.list(dir)) {
            assertTrue(
                    files.anyMatch(
                            f -> f.toString().endsWith(".sst") || f.toString().endsWith(".ldb")),
                    "tables");
        }
    }

    /** Round r rewrites every key with a round-specific value, in batches, plus one key per round. */
    private static void write(LevelDb db, int round) throws IOException {
        LevelDb.Batch batch = db.newBatch();
        try {
            for (int i = 0; i < ENTRIES; i++) {
                batch.put(key(i), value(i, round));
                if (batch.size() == 2500) {
                    db.write(batch, false);
                    batch.close();
                    batch = db.newBatch();
                }
            }
            batch.put(key(ENTRIES + round), value(0, round));
            db.write(batch, true);
        } finally {
            batch.close();
        }
    }

    private static void verify(LevelDb db, int round) {
        for (int i = 0; i < ENTRIES; i += 997) {
            assertArrayEquals(value(i, round), db.get(key(i)), "key " + i);
        }
        assertEquals(ENTRIES + round + 1, db.forEach(null, (k, v) -> true));
    }

    private static byte[] key(int i) {
        return String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
    }

    /** Repetitive, so snappy compresses the blocks and iq80 must decompress what JNI wrote. */
    private static byte[] value(int i, int round) {
        byte[] v = new byte[120];
        Arrays.fill(v, (byte) ('a' + round));
        byte[] id = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(id, 0, v, 0, id.length);
        return v;
    }
}
