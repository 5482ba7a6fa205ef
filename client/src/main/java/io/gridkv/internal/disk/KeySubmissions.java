package io.gridkv.internal.disk;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.gridkv.internal.Outcomes;
import io.gridkv.internal.processor.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry processors sent to many keys of a store map at once, at most {@code limit} in flight (a whole store's worth
 * unbounded would fill the members' queues), for the whole-store steps that offer or hand records to their keys'
 * owners.
 *
 * <p>Those processors are idempotent (the newest version of a key wins; the same record or tombstone offered twice
 * changes nothing), so one whose outcome is unknown ({@link Outcomes#unknown}) is sent again, up to {@value #RESENDS}
 * times. Seen in an e2e run: right after a restarted cluster formed, a backup's acknowledgement went missing for 5 s
 * and the whole load of a store failed with an {@link IndeterminateOperationStateException}, leaving the node unready
 * for good.
 */
final class KeySubmissions {
    static final int RESENDS = 5;

    private final IMap<String, Record> map;
    private final int limit;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Sent, with an unknown outcome: to be sent again by {@link #awaitAll}, never from a completing thread. */
    private final Queue<Unknown> unknown = new ConcurrentLinkedQueue<>();

    private record Unknown(String key, EntryProcessor<String, Record, ?> processor, Throwable failure) {}

    KeySubmissions(IMap<String, Record> map, int limit) {
        this.map = map;
        this.limit = limit;
        this.inFlight = new Semaphore(limit);
    }

    /** Sends {@code processor} to {@code key}'s owner; waits first while {@code limit} are in flight. */
    void submit(String key, EntryProcessor<String, Record, ?> processor) {
        inFlight.acquireUninterruptibly();
        map.submitToKey(key, processor).whenComplete((r, t) -> {
            if (t != null) {
                if (Outcomes.unknown(t)) {
                    unknown.add(new Unknown(key, processor, t));
                } else {
                    failure.compareAndSet(null, t);
                }
            }
            inFlight.release();
        });
    }

    /**
     * Returns once every submitted processor has finished, those with an unknown outcome sent again: the first
     * failure, or {@code null}.
     */
    Throwable awaitAll() {
        for (int round = 0; ; round++) {
            inFlight.acquireUninterruptibly(limit);
            inFlight.release(limit);
            if (failure.get() != null || unknown.isEmpty()) {
                return failure.get();
            }
            if (round == RESENDS) {
                return unknown.peek().failure();
            }
            List<Unknown> again = new ArrayList<>(unknown);
            unknown.removeAll(again);
            for (Unknown u : again) {
                submit(u.key(), u.processor());
            }
        }
    }
}
