package io.gridkv.behaviour;

import static io.gridkv.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.testing.SharedClusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A member reads a key it owns on the caller's thread, without its partition thread: a {@code get} answers while that
 * thread is busy, and sees the write acknowledged just before it. A key owned by the other member is still read by
 * its owner.
 */
@ExtendWith(SharedClusters.Resolver.class)
@Timeout(120)
class OwnerReadsTest {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch BUSY = new CountDownLatch(1);

    @Test
    void aKeyOwnedHere_isReadWhileItsPartitionThreadIsBusy(SharedClusters clusters) throws Exception {
        List<HazelcastInstance> pair = clusters.pair();
        HazelcastInstance here = pair.get(0);
        Kv kv = Kv.using(here, KvOptions.builder().store("owner-reads").build());
        String owned = keyOwnedBy(here, "owned-", true);
        String elsewhere = keyOwnedBy(here, "elsewhere-", false);
        await(kv.set(owned, "before"));
        await(kv.set(elsewhere, "there"));
        await(kv.set(owned, "after"));

        IMap<String, String> blocker = here.getMap("owner-reads-blocker");
        String samePartition = keyInPartitionOf(here, owned);
        CompletableFuture<Object> busy =
                blocker.submitToKey(samePartition, new Occupy()).toCompletableFuture();
        try {
            if (!BUSY.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the partition thread never started the occupying task");
            }
            assertEquals("after", kv.get(owned).get(10, TimeUnit.SECONDS), "a read of an owned key waited");
            assertEquals("there", kv.get(elsewhere).get(10, TimeUnit.SECONDS));
            assertFalse(busy.isDone(), "the partition thread was free after all; the test proves nothing");
        } finally {
            RELEASE.countDown();
        }
        busy.get(30, TimeUnit.SECONDS);
        await(kv.close());
    }

    private static String keyOwnedBy(HazelcastInstance member, String prefix, boolean ownedHere) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            if (member.getPartitionService().getPartition(key).getOwner().localMember() == ownedHere) {
                return key;
            }
        }
    }

    private static String keyInPartitionOf(HazelcastInstance member, String key) {
        int partition = member.getPartitionService().getPartition(key).getPartitionId();
        for (int i = 0; ; i++) {
            String other = "blocker-" + i;
            if (member.getPartitionService().getPartition(other).getPartitionId() == partition) {
                return other;
            }
        }
    }

    /** Holds its partition thread until the test releases it; no backup, so only the owner's thread is held. */
    private static final class Occupy implements EntryProcessor<String, String, Object> {
        @Override
        public Object process(Map.Entry<String, String> entry) {
            BUSY.countDown();
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public EntryProcessor<String, String, Object> getBackupProcessor() {
            return null;
        }
    }
}
