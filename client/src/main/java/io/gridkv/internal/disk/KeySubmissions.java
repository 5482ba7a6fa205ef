package io.gridkv.internal.disk;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.gridkv.internal.processor.Record;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry processors sent to many keys of a store map at once, at most {@code limit} in flight (a whole store's worth
 * unbounded would fill the members' queues), for the whole-store steps that offer or hand records to their keys'
 * owners.
 */
final class KeySubmissions {
    private final IMap<String, Record> map;
    private final int limit;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

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
                failure.compareAndSet(null, t);
            }
            inFlight.release();
        });
    }

    /** Returns once every submitted processor has finished: the first failure, or {@code null}. */
    Throwable awaitAll() {
        inFlight.acquireUninterruptibly(limit);
        inFlight.release(limit);
        return failure.get();
    }
}
