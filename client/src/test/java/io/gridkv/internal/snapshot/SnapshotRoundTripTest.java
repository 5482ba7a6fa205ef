package io.gridkv.internal.snapshot;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Serialization;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SnapshotRoundTripTest {
    private static final long SEED = 0x5EED_0005L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void roundTrip_100kKeysOfMixedValues_byteIdentical_inUtf8KeyOrder(Mode mode) throws IOException {
        LevelDbEngines engines = engines(mode);
        TreeMap<byte[], byte[]> store = mixedStore(100_000);
        Path target = tmp.resolve("snap");

        SnapshotWriteResult written = writeShuffled(engines, target, store);

        assertEquals(100_000, written.totalEntries());
        assertEquals(FileTrees.sizeOf(target), written.bytesWritten());
        Snapshots.Read read = Snapshots.read(engines, target, SnapshotBudget.UNLIMITED);
        assertEquals(100_000, read.result().totalEntries());
        assertEquals(bytesOf(store), read.result().totalBytes());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : store.entrySet()) {
            assertArrayEquals(e.getKey(), read.keys().get(i), "key #" + i);
            assertArrayEquals(e.getValue(), read.values().get(i), "value #" + i);
            i++;
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void emptyStore_roundTripsToEmpty(Mode mode) {
        LevelDbEngines engines = engines(mode);
        Path target = tmp.resolve("empty");
        SnapshotWriteResult written = Snapshots.write(engines, target, Map.of());
        assertEquals(0, written.totalEntries());
        assertTrue(written.bytesWritten() > 0, "the manifest and LevelDB's own files");
        try (SnapshotReader r = SnapshotReader.open(target, engines)) {
            assertEquals(0, r.manifest().entries());
            assertEquals(new SnapshotReadResult(0, 0), r.read(SnapshotBudget.UNLIMITED, (k, v) -> {
                throw new AssertionError("no entries expected");
            }));
        }
    }

    @ParameterizedTest(name = "written by {0}, read by {1}")
    @CsvSource({"JNI,IQ80", "IQ80,JNI", "JNI,AUTO", "IQ80,AUTO"})
    void snapshot_isReadableByEitherEngine(Mode writer, Mode reader) throws IOException {
        TreeMap<byte[], byte[]> store = mixedStore(5_000);
        Path target = tmp.resolve("snap");
        writeShuffled(engines(writer), target, store);
        Snapshots.Read read = Snapshots.read(engines(reader), target, SnapshotBudget.UNLIMITED);
        assertEquals(new ArrayList<>(store.keySet()).size(), read.keys().size());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : store.entrySet()) {
            assertArrayEquals(e.getKey(), read.keys().get(i));
            assertArrayEquals(e.getValue(), read.values().get(i));
            i++;
        }
    }

    @Test
    void manifest_recordsWhatWasSaved() throws IOException {
        LevelDbEngines engines = engines(Mode.IQ80);
        Instant now = Instant.parse("2026-11-25T19:39:44.123Z");
        Path target = tmp.resolve("snap");
        try (SnapshotWriter w = SnapshotWriter.begin(
                target, "users", Serialization.STRING, engines, Clock.fixed(now, ZoneOffset.UTC))) {
            w.put(utf8("a"), utf8("1"));
            w.put(utf8("b"), utf8("2"));
            w.put(utf8("a"), utf8("3")); // a key put twice is one entry
            assertEquals(2, w.commit().totalEntries());
        }
        String json = Files.readString(target.resolve("gridkv-snapshot.json"));
        assertTrue(json.contains("\"createdAt\" : \"2026-11-25T19:39:44.123Z\""), json);
        try (SnapshotReader r = SnapshotReader.open(target, engines)) {
            assertEquals(new SnapshotManifest(1, "users", Serialization.STRING, 2, now, "iq80-0.12"), r.manifest());
        }
        assertArrayEquals(
                utf8("3"),
                Snapshots.read(engines, target, SnapshotBudget.UNLIMITED)
                        .values()
                        .get(0));
        assertEquals(List.of("gridkv-snapshot.json", "leveldb"), Snapshots.siblings(target));
    }

    /** Writes in a random order: the snapshot must come back sorted whatever order the source had. */
    private static SnapshotWriteResult writeShuffled(LevelDbEngines engines, Path target, Map<byte[], byte[]> store) {
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(store.entrySet());
        Collections.shuffle(entries, new Random(SEED));
        try (SnapshotWriter w =
                SnapshotWriter.begin(target, "default", Serialization.JSON, engines, Clock.systemUTC())) {
            for (Map.Entry<byte[], byte[]> e : entries) {
                w.put(e.getKey(), e.getValue());
            }
            return w.commit();
        }
    }

    /**
     * Keys in several scripts (ASCII, Cyrillic, CJK, emoji: 1- to 4-byte UTF-8) and values as the store keeps them:
     * canonical JSON of every type, raw strings, the empty value, a few large ones, and arbitrary bytes.
     */
    static TreeMap<byte[], byte[]> mixedStore(int n) {
        Random random = new Random(SEED);
        String[] prefixes = {"user:", "ключ:", "键:", "\uD83D\uDD11:", "a", "Z", "é"};
        TreeMap<byte[], byte[]> store = Snapshots.sortedMap();
        while (store.size() < n) {
            int i = store.size();
            String key =
                    prefixes[random.nextInt(prefixes.length)] + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
            store.put(utf8(key), value(random, i));
        }
        return store;
    }

    private static byte[] value(Random random, int i) {
        switch (i % 10) {
            case 0:
                return utf8(Long.toString(random.nextLong()));
            case 1:
                return utf8(Double.toString(random.nextDouble() * 1e6));
            case 2:
                return utf8(random.nextBoolean() ? "true" : "null");
            case 3:
                return utf8("\"text " + i + " – ünïcödé ✓\"");
            case 4:
                return utf8("{\"id\":" + i + ",\"name\":\"n" + i + "\",\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":1.5}}");
            case 5:
                return utf8("[1,2,3," + i + "]");
            case 6:
                return new byte[0];
            case 7:
                byte[] raw = new byte[1 + random.nextInt(64)];
                random.nextBytes(raw);
                return raw;
            case 8:
                return i % 1000 == 8 ? large(random) : utf8("plain string value " + i);
            default:
                return utf8("\"" + "x".repeat(random.nextInt(200)) + "\"");
        }
    }

    private static byte[] large(Random random) {
        byte[] v = new byte[64 * 1024];
        random.nextBytes(v);
        return v;
    }

    private static long bytesOf(Map<byte[], byte[]> store) {
        long total = 0;
        for (Map.Entry<byte[], byte[]> e : store.entrySet()) {
            total += e.getKey().length + e.getValue().length;
        }
        return total;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
