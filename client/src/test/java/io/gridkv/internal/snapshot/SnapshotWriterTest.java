package io.gridkv.internal.snapshot;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static io.gridkv.internal.snapshot.SnapshotRoundTripTest.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.Serialization;
import io.gridkv.internal.files.FileTrees;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Temporary directory, rename into place, and what is left behind when something fails. */
class SnapshotWriterTest {
    @TempDir
    Path tmp;

    private static TreeMap<byte[], byte[]> store(String valuePrefix, int n) {
        TreeMap<byte[], byte[]> store = Snapshots.sortedMap();
        for (int i = 0; i < n; i++) {
            store.put(utf8(String.format("key-%06d", i)), utf8(valuePrefix + i));
        }
        return store;
    }

    private static SnapshotWriter begin(LevelDbEngines engines, Path target) {
        return SnapshotWriter.begin(target, "default", Serialization.JSON, engines, Clock.systemUTC());
    }

    private static void assertHolds(LevelDbEngines engines, Path snapshot, TreeMap<byte[], byte[]> expected) {
        Snapshots.Read read = Snapshots.read(engines, snapshot, SnapshotBudget.UNLIMITED);
        assertEquals(expected.size(), read.keys().size());
        int i = 0;
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getKey(), read.keys().get(i));
            assertArrayEquals(e.getValue(), read.values().get(i));
            i++;
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void commit_replacesAPreviousSnapshot_andLeavesNothingElse(Mode mode) throws IOException {
        LevelDbEngines engines = engines(mode);
        Path target = tmp.resolve("snap");
        Snapshots.write(engines, target, store("old-", 30_000));
        TreeMap<byte[], byte[]> replacement = store("new-", 1_000);

        SnapshotWriteResult result = Snapshots.write(engines, target, replacement);

        assertEquals(1_000, result.totalEntries());
        assertEquals(FileTrees.sizeOf(target), result.bytesWritten());
        assertEquals(List.of("snap"), Snapshots.siblings(tmp), "no .tmp or .old directory left");
        assertHolds(engines, target, replacement);
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void aSourceThatFailsMidway_leavesThePreviousSnapshot_andNoTemporaryDirectory(Mode mode) throws IOException {
        LevelDbEngines engines = engines(mode);
        Path target = tmp.resolve("snap");
        TreeMap<byte[], byte[]> previous = store("old-", 5_000);
        Snapshots.write(engines, target, previous);
        RuntimeException sourceFailure = new RuntimeException("the cluster went away");

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
            try (SnapshotWriter w = begin(engines, target)) {
                int n = 0;
                for (var e : store("new-", 50_000).entrySet()) { // several batches already written when it fails
                    w.put(e.getKey(), e.getValue());
                    if (++n == 35_000) {
                        assertEquals(1, tempDirectories().size(), "writing goes to a temporary directory");
                        throw sourceFailure;
                    }
                }
                w.commit();
            }
        });

        assertSame(sourceFailure, thrown);
        assertEquals(List.of(), tempDirectories());
        assertHolds(engines, target, previous);
    }

    @Test
    void aTargetThatStopsBeingASnapshotBeforeCommit_isNotReplaced() throws IOException {
        LevelDbEngines engines = engines(Mode.IQ80);
        Path target = tmp.resolve("snap");
        try (SnapshotWriter w = begin(engines, target)) {
            w.put(utf8("k"), utf8("v"));
            Files.writeString(target, "someone else's file, created meanwhile");
            KvException e = assertThrows(KvException.class, w::commit);
            assertEquals(KvError.SnapshotExportError, e.error());
            assertThrows(IllegalStateException.class, () -> w.put(utf8("k"), utf8("v")));
        }
        assertEquals("someone else's file, created meanwhile", Files.readString(target));
        assertEquals(List.of("snap"), Snapshots.siblings(tmp));
    }

    @Test
    void begin_refusesToReplaceAFile() throws IOException {
        Path target = Files.writeString(tmp.resolve("data.csv"), "a,b");
        KvException e = assertThrows(KvException.class, () -> begin(engines(Mode.IQ80), target));
        assertEquals(KvError.SnapshotExportError, e.error());
        assertTrue(e.getMessage().contains("refusing to replace"), e.getMessage());
        assertEquals(List.of("data.csv"), Snapshots.siblings(tmp));
    }

    @Test
    void begin_refusesToReplaceADirectoryThatIsNotASnapshot() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(target.resolve("thesis.tex"), "precious");
        KvException e = assertThrows(KvException.class, () -> begin(engines(Mode.IQ80), target));
        assertEquals(KvError.SnapshotExportError, e.error());
        assertEquals("precious", Files.readString(target.resolve("thesis.tex")));
        assertEquals(List.of("home"), Snapshots.siblings(tmp));
    }

    @Test
    void begin_refusesASymbolicLink() throws IOException {
        Path real = tmp.resolve("real");
        Snapshots.write(engines(Mode.IQ80), real, store("v", 3));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        KvException e = assertThrows(KvException.class, () -> begin(engines(Mode.IQ80), link));
        assertEquals(KvError.SnapshotExportError, e.error());
    }

    @Test
    void anEmptyDirectory_isReplaced() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("snap"));
        Snapshots.write(engines(Mode.IQ80), target, store("v", 3));
        assertHolds(engines(Mode.IQ80), target, store("v", 3));
    }

    @Test
    void missingParents_areCreated() throws IOException {
        Path target = tmp.resolve("a/b/c/snap");
        Snapshots.write(engines(Mode.IQ80), target, store("v", 3));
        assertHolds(engines(Mode.IQ80), target, store("v", 3));
        assertEquals(
                "rwxr-x---",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(tmp.resolve("a/b"))));
    }

    @Test
    void closingWithoutCommit_abandonsTheSnapshot() throws IOException {
        Path target = tmp.resolve("snap");
        try (SnapshotWriter w = begin(engines(Mode.IQ80), target)) {
            w.put(utf8("k"), utf8("v"));
        }
        assertEquals(List.of(), Snapshots.siblings(tmp));
    }

    @Test
    void aCommittedWriter_refusesMorePuts_andClosesQuietly() {
        Path target = tmp.resolve("snap");
        SnapshotWriter w = begin(engines(Mode.IQ80), target);
        w.put(utf8("k"), utf8("v"));
        w.commit();
        assertThrows(IllegalStateException.class, () -> w.put(utf8("k2"), utf8("v")));
        assertThrows(IllegalStateException.class, w::commit);
        w.close();
        assertHolds(engines(Mode.IQ80), target, oneEntry());
    }

    private static TreeMap<byte[], byte[]> oneEntry() {
        TreeMap<byte[], byte[]> m = Snapshots.sortedMap();
        m.put(utf8("k"), utf8("v"));
        return m;
    }

    private List<String> tempDirectories() throws IOException {
        return Snapshots.siblings(tmp).stream().filter(n -> !n.equals("snap")).toList();
    }
}
