package io.gridkv.internal.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.leveldb.LevelDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's files on one member, through real LevelDB files: a mutation queues its record and its caller waits for
 * the write's number, so "number written" must mean the record is in the files — for that write and every one queued
 * before it — and a failed write must fail its waiters and refuse what comes after.
 */
@Timeout(60)
class DiskStoreTest {
    @TempDir
    Path dir;

    @Test
    void aWriteIsInTheFilesOnceItsNumberIsWritten() throws Exception {
        LevelDb db = LevelDb.create(dir.resolve("store"));
        try (DiskStore store = new DiskStore("s", db)) {
            int threads = 8;
            int writes = 400;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> numbers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    numbers.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < writes; i++) {
                            String key = "t" + thread + ":" + i;
                            DiskRecord record = new DiskRecord(i + 1, bytes(key));
                            long number = store.queue(key, record, i % 2 == 0);
                            store.written(number).get(30, TimeUnit.SECONDS);
                            // the caller answers now: the record must be in the files already
                            byte[] held = db.get(DiskStore.dataKey(key));
                            assertNotNull(held, key + " answered before it was written");
                            assertEquals(i + 1, DiskRecord.decode(held).version());
                            assertArrayEquals(
                                    bytes(key), DiskRecord.decode(held).value());
                            mine.add(number);
                        }
                        return mine;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : numbers) {
                    List<Long> mine = f.get(60, TimeUnit.SECONDS);
                    for (int i = 1; i < mine.size(); i++) {
                        assertTrue(mine.get(i) > mine.get(i - 1), "one caller's numbers go up");
                    }
                    all.addAll(mine);
                }
                assertEquals(threads * writes, all.stream().distinct().count(), "every write has its own number");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFailedWriteFailsItsCallerAndTheFilesRefuseWritesForAWhile() throws Exception {
        LevelDb db = LevelDb.create(dir.resolve("store"));
        DiskStore store = new DiskStore("s", db);
        try {
            long good = store.queue("a", new DiskRecord(1, bytes("1")), true);
            store.written(good).get(30, TimeUnit.SECONDS);

            db.close(); // what a failing device looks like to the writer: LevelDB throws on write
            long lost = store.queue("b", new DiskRecord(1, bytes("2")), true);
            CompletionException failed = assertThrows(
                    CompletionException.class, () -> store.written(lost).join());
            KvException error = (KvException) failed.getCause();
            assertEquals(KvError.DiskStoreWriteError.name(), error.name());

            KvException refused =
                    assertThrows(KvException.class, () -> store.queue("c", new DiskRecord(1, bytes("3")), true));
            assertEquals(KvError.DiskStoreWriteError.name(), refused.name());
            // a number already written stays good
            store.written(good).get(30, TimeUnit.SECONDS);
        } finally {
            store.close();
        }
    }

    @Test
    void waitsForWritesAfterCloseFailInsteadOfHanging() throws Exception {
        DiskStore store = new DiskStore("s", LevelDb.create(dir.resolve("store")));
        long number = store.queue("a", new DiskRecord(1, bytes("1")), false);
        store.close();
        store.written(number).get(30, TimeUnit.SECONDS); // queued before the close: written by it
        KvException refused =
                assertThrows(KvException.class, () -> store.queue("b", new DiskRecord(1, bytes("2")), true));
        assertEquals(KvError.DiskStoreWriteError.name(), refused.name());
    }

    @Test
    void aPruneDeletesOnlyWhatStillHasTheVersionItSaw() throws Exception {
        try (DiskStore store = new DiskStore("s", LevelDb.create(dir.resolve("store")))) {
            store.write("a", new DiskRecord(1, bytes("1")));
            store.write("b", new DiskRecord(1, bytes("1")));
            store.write("c", DiskRecord.tombstone(2));
            store.write("b", new DiskRecord(2, bytes("2"))); // written after the prune's scan saw b at 1
            boolean[] deleted = store.deleteIfUnchanged(List.of("a", "b", "c", "absent"), new long[] {1, 1, 2, 1});
            assertArrayEquals(new boolean[] {true, false, true, false}, deleted);
            List<String> left = new ArrayList<>();
            store.forEach((key, record) -> left.add(key + "@" + record.version()));
            assertEquals(List.of("b@2"), left);
        }
    }

    @Test
    void writesRacingAPruneAreNeverDeleted() throws Exception {
        try (DiskStore store = new DiskStore("s", LevelDb.create(dir.resolve("store")))) {
            int keys = 2048;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                names.add("k" + i);
                store.write("k" + i, new DiskRecord(1, bytes("old")));
            }
            // Odd keys get a new version (queued, or written at once as a backup's copy) while every key is pruned
            // at the version 1 its scan saw: whatever the interleaving, exactly the odd keys must be left, new.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<Long>> writer = pool.submit(() -> {
                    List<Long> queued = new ArrayList<>();
                    for (int i = 1; i < keys; i += 2) {
                        DiskRecord newer = new DiskRecord(2, bytes("new"));
                        if (i % 4 == 1) {
                            queued.add(store.queue("k" + i, newer, false));
                        } else {
                            store.write("k" + i, newer);
                        }
                    }
                    return queued;
                });
                Future<?> pruner = pool.submit(() -> {
                    long[] seen = new long[64];
                    Arrays.fill(seen, 1);
                    for (int from = 0; from < keys; from += 64) {
                        store.deleteIfUnchanged(names.subList(from, from + 64), seen);
                    }
                });
                pruner.get(30, TimeUnit.SECONDS);
                for (long number : writer.get(30, TimeUnit.SECONDS)) {
                    store.written(number).get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> left = new ArrayList<>();
            store.forEach((key, record) -> {
                assertEquals(2, record.version(), key + " left at its old version");
                left.add(key);
            });
            List<String> odd = new ArrayList<>();
            for (int i = 1; i < keys; i += 2) {
                odd.add("k" + i);
            }
            odd.sort(null);
            assertEquals(odd, left);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
