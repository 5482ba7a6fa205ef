package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a member that has just stood still (a frozen VM, a stopped process, a very long GC pause) from writing until
 * the cluster has had time to settle what happened meanwhile.
 *
 * <p>Why: a member frozen for longer than {@code hazelcast.max.no.heartbeat.seconds} has been removed by the others,
 * who promoted its backups and went on writing. On waking it still believes it owns its partitions — Hazelcast even
 * resets its heartbeat clocks after such a jump — and runs the calls queued on its sockets against its stale copies
 * (seen in SplitBrainIT: two callers answered the same counter sum, one increment lost). So a write that finds this
 * JVM just woke from a pause of at least half that timeout is refused with a retryable exception — Hazelcast sends it
 * again, to whoever owns the partition by then — for the whole timeout after the pause.
 *
 * <p>The fence lifts early when the member merges back into the cluster after the pause: by then it knows it was
 * removed, its stale copies are gone, and what it owns it got from the others. (With Hazelcast's default first merge
 * after 300 s the fence has long expired by then; with shorter merge delays, as in SplitBrainIT, it held the writes
 * of the partitions migrating back to the member for the rest of the timeout.)
 *
 * <p>The pause is seen by a daemon thread that ticks every {@value #TICK_MILLIS} ms: a tick long overdue is a pause.
 * A call also compares the last tick with its own clock, so the first calls after the thaw, which may run before the
 * ticker, are refused too.
 */
final class PauseFence {
    private static final long TICK_MILLIS = 100;
    private static final String USER_CONTEXT_KEY = PauseFence.class.getName();

    private static volatile long lastTick = System.nanoTime();
    /** The last long gap between ticks: when it ended and how long it was (nanoTime). */
    private static volatile long lastPauseEnd;

    private static volatile long lastPauseLength;

    static {
        Thread ticker = new Thread(PauseFence::tick, "gridkv-pause-fence");
        ticker.setDaemon(true);
        ticker.start();
    }

    private final long pauseNanos;
    private final long fenceNanos;
    /** When this member last merged into a cluster after a split (nanoTime), 0 if never. */
    private volatile long mergedAt;

    private PauseFence(long heartbeatTimeoutSeconds) {
        this.pauseNanos = TimeUnit.SECONDS.toNanos(heartbeatTimeoutSeconds) / 2;
        this.fenceNanos = TimeUnit.SECONDS.toNanos(heartbeatTimeoutSeconds);
    }

    /** The member's fence, sized by its heartbeat timeout; kept in its user context. */
    static PauseFence of(HazelcastInstance member) {
        return (PauseFence) member.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, k -> {
            long timeout =
                    new HazelcastProperties(member.getConfig()).getSeconds(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
            PauseFence fence = new PauseFence(timeout);
            member.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    fence.mergedAt = System.nanoTime();
                }
            });
            return fence;
        });
    }

    /**
     * @throws RetryableHazelcastException while this member may be a stale owner after a pause; nothing was applied
     */
    void check() {
        long now = System.nanoTime();
        long sinceTick = now - lastTick;
        boolean justWoke = sinceTick > pauseNanos;
        long pauseEnd = lastPauseEnd;
        boolean recentlyWoke = lastPauseLength > pauseNanos
                && now - pauseEnd < fenceNanos
                // merged since: it has learnt it was left, and holds only what the cluster gave it back
                && !(mergedAt != 0 && mergedAt - pauseEnd > 0);
        if (justWoke || recentlyWoke) {
            throw new RetryableHazelcastException("this gridkv member stood still for "
                    + TimeUnit.NANOSECONDS.toMillis(justWoke ? sinceTick : lastPauseLength)
                    + " ms and may have been removed from the cluster meanwhile; it takes no writes for "
                    + TimeUnit.NANOSECONDS.toSeconds(fenceNanos) + " s after such a pause");
        }
    }

    private static void tick() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long gap = now - lastTick;
            if (gap > TimeUnit.SECONDS.toNanos(1)) {
                lastPauseLength = gap;
                lastPauseEnd = now;
            }
            lastTick = now;
        }
    }
}
