package io.gridkv.internal.disk;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After members come or go, partitions move: a member that took over a partition — by migration, or promoted from
 * backup when its owner died — holds entries its files do not have yet. So when the member list changes, and again
 * whenever a round of migrations ends (a member's departure is seen before the partitions are re-replicated), the
 * oldest member waits until the partitions are safe and runs {@link DiskLoad#settle} over every live disk store, which
 * writes each entry to its owner's and backups' files. Until then the new copies live in memory on two members (the
 * previous owners' files still have them too).
 */
final class DiskSettler implements MembershipListener, MigrationListener {
    private static final Logger LOG = Logger.getLogger(DiskSettler.class.getName());
    private static final long SAFE_WAIT_SECONDS = 15;

    private final HazelcastInstance member;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gridkv-disk-settler");
        t.setDaemon(true);
        return t;
    });

    DiskSettler(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        changed();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        changed();
    }

    @Override
    public void migrationStarted(MigrationState state) {}

    @Override
    public void migrationFinished(MigrationState state) {
        changed();
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {}

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {}

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            runner.execute(this::settle);
        }
    }

    private void settle() {
        pending.set(false); // a change from now on runs another pass after this one
        try {
            if (!member.getLifecycleService().isRunning()
                    || !member.getCluster().getMembers().iterator().next().localMember()) {
                return;
            }
            // Wait for the partitions to be safe, but not for ever: a pass made meanwhile still copies whatever
            // replicas exist, and another one follows until a pass has run on safe partitions.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFE_WAIT_SECONDS);
            boolean safe;
            while (!(safe = member.getPartitionService().isClusterSafe()) && System.nanoTime() - deadline < 0) {
                if (!member.getLifecycleService().isRunning()) {
                    return;
                }
                Thread.sleep(100);
            }
            if (!safe) {
                LOG.info("partitions not safe after " + SAFE_WAIT_SECONDS + " s; rewriting the disk stores now and"
                        + " again later");
                changed();
            }
            long started = System.nanoTime();
            List<String> stores = DiskLoad.liveStores(member);
            for (String store : stores) {
                DiskLoad.settle(member, store, Map.of());
            }
            if (safe) {
                passes.incrementAndGet();
            }
            if (!stores.isEmpty()) {
                LOG.info("disk stores " + stores + " rewritten to their partitions' new holders in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (member.getLifecycleService().isRunning()) {
                LOG.log(Level.WARNING, "rewriting disk stores after a member change failed", e);
            }
        }
    }

    /** How many passes this member completed as the oldest one on safe partitions (tests wait on it). */
    long passes() {
        return passes.get();
    }

    void close() {
        runner.shutdownNow();
    }
}
