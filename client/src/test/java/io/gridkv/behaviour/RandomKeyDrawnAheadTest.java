package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.SharedClusters;
import io.gridkv.testing.Topology;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a key index, random keys are drawn ahead in batches while the key set stands still (see the index's
 * {@code RandomPicks}), and from a flat copy of the keys once it has stood still through a few draws: a removal or an
 * addition must take effect on the very next pick, whatever was drawn or copied before, for each of several prefixes
 * asked for in turn.
 */
@ExtendWith(SharedClusters.Resolver.class)
@Timeout(120)
class RandomKeyDrawnAheadTest {
    private static final String[] PREFIXES = {"a:", "b:", "c:", "d:", "e:"}; // one more than a thread keeps

    @Test
    void aChangeOfTheKeys_reachesTheNextPick_forEveryPrefix(SharedClusters clusters) {
        Kv kv = clusters.open(
                Topology.SINGLE_MEMBER,
                KvOptions.builder().store("drawn-ahead").trackKeys(true).build());
        await(kv.clear());
        for (String prefix : PREFIXES) {
            for (int i = 0; i < 10; i++) {
                await(kv.set(prefix + i, i));
            }
        }
        for (int round = 0; round < 10; round++) {
            for (String prefix : PREFIXES) {
                for (int i = 0; i < 300; i++) { // batches grow to their largest between changes
                    assertTrue(await(kv.randomKey(prefix)).startsWith(prefix));
                }
            }
            String prefix = PREFIXES[round % PREFIXES.length];
            String gone = prefix + round;
            await(kv.delete(gone));
            for (int i = 0; i < 500; i++) {
                assertNotEquals(gone, await(kv.randomKey(prefix)), "a deleted key was picked after its delete");
            }
            String added = prefix + "new" + round;
            await(kv.set(added, round));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 1_000 && !seen.contains(added); i++) {
                seen.add(await(kv.randomKey(prefix)));
            }
            assertTrue(seen.contains(added), "a key added was not picked in 1,000 picks of 10: " + seen);
            assertFalse(seen.contains(gone));
        }
    }
}
