package io.gridkv.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentResultsTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void answersWhatAnIdAnsweredForItsKeyOnly() {
        RecentResults recent = new RecentResults(8, MINUTE);
        OperationId id = new OperationId(1, 2);
        recent.remember(id, "k", 42L, 0);
        assertEquals(42L, recent.find(id, "k").result());
        assertNull(recent.find(id, "other"), "an id reused for another key does not match");
        assertNull(recent.find(new OperationId(1, 3), "k"));
    }

    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        RecentResults recent = new RecentResults(4, MINUTE);
        for (int i = 0; i < 6; i++) {
            recent.remember(new OperationId(0, i), "k" + i, i, 0);
        }
        assertNull(recent.find(new OperationId(0, 0), "k0"));
        assertNull(recent.find(new OperationId(0, 1), "k1"));
        for (int i = 2; i < 6; i++) {
            assertEquals(i, recent.find(new OperationId(0, i), "k" + i).result());
        }
    }

    @Test
    void keepsExactlyTheLastCapacityAnswersThroughManyEvictions() {
        int capacity = 1024;
        RecentResults recent = new RecentResults(capacity, MINUTE);
        SplittableRandom random = new SplittableRandom(7);
        List<OperationId> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            // Few distinct high halves: many ids share probe runs, so eviction's backward shift is exercised.
            OperationId id = new OperationId(random.nextInt(4), random.nextLong());
            ids.add(id);
            recent.remember(id, "k", i, 0);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertKeptIfRecent(recent, ids, i, capacity);
        }
    }

    @Test
    void keepsExactlyTheLastCapacityAnswers_withLookupsBetweenWrites() {
        // Lookups now and then: the index takes in each run of writes at the next lookup, and evictions must then
        // drop indexed answers from it (the test above looks up only at the end, when the index starts empty).
        int capacity = 256;
        RecentResults recent = new RecentResults(capacity, MINUTE);
        SplittableRandom random = new SplittableRandom(11);
        List<OperationId> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            OperationId id = new OperationId(random.nextInt(4), random.nextLong());
            ids.add(id);
            recent.remember(id, "k", i, 0);
            if (random.nextInt(random.nextBoolean() ? 3 : 400) == 0) {
                assertKeptIfRecent(recent, ids, Math.max(0, i - random.nextInt(capacity + 8)), capacity);
            }
        }
    }

    /** Answer {@code asked} (its result is its number) is kept if among the last {@code capacity} of {@code ids}. */
    private static void assertKeptIfRecent(RecentResults recent, List<OperationId> ids, int asked, int capacity) {
        RecentResults.Answer answer = recent.find(ids.get(asked), "k");
        String where = "after " + ids.size() + " writes, answer " + asked;
        if (asked < ids.size() - capacity) {
            assertNull(answer, where + " should be forgotten");
        } else {
            assertNotNull(answer, where + " should be kept");
            assertEquals(asked, answer.result());
        }
    }

    @Test
    void forgetsAnswersOlderThanItsRetention() {
        RecentResults recent = new RecentResults(8, -1);
        recent.remember(new OperationId(5, 5), "k", 1, 0);
        assertNull(recent.find(new OperationId(5, 5), "k"));
    }

    @Test
    void handsOverAPartitionsAnswers_whichTheTakerRemembersOnceEach() {
        RecentResults giver = new RecentResults(8, MINUTE);
        for (int i = 0; i < 12; i++) { // the first four are forgotten: capacity 8
            giver.remember(new OperationId(0, i), "k" + i, i, i % 3);
        }
        List<RecentResults.Handed> ofPartition1 = giver.handOver(hash -> hash == 1);
        assertEquals(3, ofPartition1.size(), "4, 7 and 10 (hash 1) are still kept");

        RecentResults taker = new RecentResults(8, MINUTE);
        taker.remember(new OperationId(0, 7), "k7", 7, 1);
        taker.takeOver(ofPartition1);
        for (int i : new int[] {4, 7, 10}) {
            assertEquals(i, taker.find(new OperationId(0, i), "k" + i).result());
        }
        assertNull(taker.find(new OperationId(0, 5), "k5"), "another partition's answer stays behind");
        assertEquals(3, taker.handOver(hash -> true).size(), "an answer known already is not remembered twice");
    }

    @Test
    void theMembersCapacity_isSharedByItsPartitionThreads_whateverTheirNumber() {
        assertEquals(RecentResults.CAPACITY, RecentResults.capacityPerThread(1));
        assertEquals(RecentResults.CAPACITY / 2, RecentResults.capacityPerThread(2));
        assertEquals(RecentResults.CAPACITY / 4, RecentResults.capacityPerThread(3), "powers of two, never above");
        assertEquals(1 << 14, RecentResults.capacityPerThread(1024), "a floor for many threads");
    }
}
