package io.gridkv.internal.snapshot;

import io.gridkv.Serialization;
import io.gridkv.internal.leveldb.LevelDbEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: write a map as a snapshot, read a snapshot back into a map in the order it was handed out. */
final class Snapshots {
    private Snapshots() {}

    static TreeMap<byte[], byte[]> sortedMap() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    static SnapshotWriteResult write(LevelDbEngines engines, Path target, Map<byte[], byte[]> entries) {
        try (SnapshotWriter w =
                SnapshotWriter.begin(target, "default", Serialization.JSON, engines, Clock.systemUTC())) {
            entries.forEach(w::put);
            return w.commit();
        }
    }

    /** Entries in the order the reader handed them out. */
    record Read(List<byte[]> keys, List<byte[]> values, SnapshotReadResult result) {}

    static Read read(LevelDbEngines engines, Path dir, SnapshotBudget budget) {
        try (SnapshotReader r = SnapshotReader.open(dir, engines)) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            SnapshotReadResult result = r.read(budget, (k, v) -> {
                keys.add(k);
                values.add(v);
            });
            return new Read(keys, values, result);
        }
    }

    static List<String> siblings(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
