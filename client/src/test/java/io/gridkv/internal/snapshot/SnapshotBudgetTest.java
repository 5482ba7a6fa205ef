package io.gridkv.internal.snapshot;

import static io.gridkv.internal.leveldb.LevelDbTesting.engines;
import static io.gridkv.internal.snapshot.SnapshotRoundTripTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.leveldb.LevelDbEngines;
import io.gridkv.internal.leveldb.LevelDbEngines.Mode;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** restore's maxEntries/maxBytes (SPEC.md a.6): exact boundaries, and nothing handed out when over. */
class SnapshotBudgetTest {
    /** 100 entries of key "k-NNN" (5 bytes) and value "value-NNN" (9 bytes): 1,400 bytes in all. */
    private static final int ENTRIES = 100;

    private static final long BYTES = ENTRIES * (5 + 9);

    @TempDir
    Path tmp;

    private Path snapshot;

    @BeforeEach
    void writeSnapshot() {
        TreeMap<byte[], byte[]> store = Snapshots.sortedMap();
        for (int i = 0; i < ENTRIES; i++) {
            store.put(utf8(String.format("k-%03d", i)), utf8(String.format("value-%03d", i)));
        }
        snapshot = tmp.resolve("snap");
        Snapshots.write(engines(Mode.IQ80), snapshot, store);
    }

    @ParameterizedTest(name = "maxEntries={0}, maxBytes={1}")
    @CsvSource({
        "100,0", // exactly the entries
        "0,1400", // exactly the bytes
        "100,1400", // both exact
        "0,0", // unlimited
        "-1,-5", // negative is unlimited too
        "101,1401",
        "1000000,0"
    })
    void withinBudget_readsEverything(long maxEntries, long maxBytes) {
        Snapshots.Read read = Snapshots.read(engines(Mode.IQ80), snapshot, new SnapshotBudget(maxEntries, maxBytes));
        assertEquals(new SnapshotReadResult(ENTRIES, BYTES), read.result());
    }

    @ParameterizedTest(name = "maxEntries={0}, maxBytes={1} -> {2}")
    @CsvSource({
        "99,0,maxEntries",
        "0,1399,maxBytes",
        "99,1400,maxEntries",
        "100,1399,maxBytes",
        "1,1,maxBytes", // the first entry alone is 14 bytes
    })
    void overBudget_failsBeforeHandingOutAnything(long maxEntries, long maxBytes, String exceeded) {
        for (Mode mode : new Mode[] {Mode.IQ80, Mode.JNI}) {
            overBudget(engines(mode), maxEntries, maxBytes, exceeded);
        }
    }

    private void overBudget(LevelDbEngines engines, long maxEntries, long maxBytes, String exceeded) {
        AtomicLong handedOut = new AtomicLong();
        try (SnapshotReader r = SnapshotReader.open(snapshot, engines)) {
            KvException e = assertThrows(
                    KvException.class,
                    () -> r.read(new SnapshotBudget(maxEntries, maxBytes), (k, v) -> handedOut.incrementAndGet()));
            assertEquals(KvError.SnapshotBudgetExceededError, e.error());
            assertTrue(e.getMessage().contains(exceeded + "="), e.getMessage());
        }
        assertEquals(0, handedOut.get());
    }

    @ParameterizedTest
    @EnumSource(names = {"JNI", "IQ80"})
    void emptySnapshot_fitsTheSmallestBudget(Mode mode) {
        Path empty = tmp.resolve("empty-" + mode);
        Snapshots.write(engines(mode), empty, Snapshots.sortedMap());
        assertEquals(
                new SnapshotReadResult(0, 0),
                Snapshots.read(engines(mode), empty, new SnapshotBudget(1, 1)).result());
    }
}
