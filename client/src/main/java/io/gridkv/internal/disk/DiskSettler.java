package io.gridkv.internal.disk;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.gridkv.KvException;
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
 * backup when its owner died — holds entries its files do not have yet, and a member that gave one up still has it in
 * its files. So when the member list changes, and again whenever a round of migrations ends (a member's departure is
 * seen before the partitions are re-replicated), the oldest member runs a pass over every live disk store:
 *
 * <ol>
 *   <li>it waits until the partitions are settled: safe (no migration, backups in step) and every member's partition
 *       table the same as its own (same partition-state stamp);
 *   <li>{@link DiskLoad#settle} writes each entry to its owner's and backups' files and syncs every member;
 *   <li>if the partitions are still safe and no table moved meanwhile, every member prunes the store's files of the
 *       partitions it holds no replica of ({@link DiskPrune}: values, and tombstones after handing them to their keys'
 *       holders).
 * </ol>
 *
 * <p>Until a pass has run, the new copies live in memory on two members (the previous holders' files still have them
 * too). A pass that could not wait for settled partitions (at most {@value #SAFE_WAIT_SECONDS} s) still settles, prunes
 * nothing and asks for another pass; so does one that saw the partitions move during its settle. A pass whose settle
 * fails prunes nothing either.
 *
 * <p>Concurrency: passes run one at a time on one thread; a change during a pass queues one more pass after it. That is
 * what makes the prune safe against a partition migrating back to a member as it is pruned: the migration round's
 * {@code migrationFinished} runs the next pass, whose settle writes what the prune deleted (see {@link DiskPrune}).
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
            if (!DiskLoad.anyStoreOpened(member)) {
                // Nothing to settle. Nor any reason to ask every member, up to ten times a second, whether its
                // partitions are safe just as a member has left: an answer can hold one of that member's few operation
                // threads while the cluster needs them most.
                return;
            }
            // Wait for settled partitions, but not for ever: a pass made meanwhile still copies whatever replicas
            // exist (without pruning), and another one follows until a pass has run on settled partitions.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFE_WAIT_SECONDS);
            long stamp;
            boolean settled;
            while (!(settled = settled(stamp = DiskPrune.stamp(member))) && System.nanoTime() - deadline < 0) {
                if (!member.getLifecycleService().isRunning()) {
                    return;
                }
                Thread.sleep(100);
            }
            if (!settled) {
                LOG.info("partitions not settled after " + SAFE_WAIT_SECONDS + " s (not safe, or the members' partition"
                        + " tables differ); rewriting the disk stores now without pruning them, and again later");
                changed();
            }
            long started = System.nanoTime();
            List<String> stores = DiskLoad.liveStores(member);
            boolean pruned = settled;
            for (String store : stores) {
                DiskLoad.settle(member, store, Map.of());
                // The settle wrote to the holders the table with this stamp names: each member prunes only while its
                // table is still that one, which it checks itself.
                if (pruned && !(member.getPartitionService().isClusterSafe() && DiskLoad.prune(member, store, stamp))) {
                    pruned = false;
                    LOG.info("disk store \"" + store
                            + "\" rewritten but not pruned: the partitions were not safe, or moved, after"
                            + " its settle; another pass follows");
                    changed();
                }
            }
            if (pruned) {
                passes.incrementAndGet();
            }
            if (!stores.isEmpty()) {
                LOG.info("disk stores " + stores + " rewritten to their partitions' holders"
                        + (pruned ? " and pruned elsewhere" : "") + " in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (member.getLifecycleService().isRunning()) {
                LOG.log(Level.WARNING, "rewriting disk stores after a member change failed (nothing more pruned)", e);
            }
        }
    }

    /**
     * Partitions safe, and every member's table the one with {@code stamp} (this member's). This member's own view
     * first: while it says migrations are under way the cluster-wide question cannot say yes, and asking it — of every
     * member, ten times a second, just after a member came or went — can hold one of each member's few operation
     * threads when they are needed most.
     */
    private boolean settled(long stamp) {
        try {
            return DiskPrune.tableSettledHere(member)
                    && member.getPartitionService().isClusterSafe()
                    && DiskLoad.sameTable(member, stamp);
        } catch (KvException e) { // a member left while it was asked: not settled
            return false;
        }
    }

    /**
     * How many passes this member completed as the oldest one on settled partitions, each store settled and pruned
     * (tests wait on it).
     */
    long passes() {
        return passes.get();
    }

    void close() {
        runner.shutdownNow();
    }
}
