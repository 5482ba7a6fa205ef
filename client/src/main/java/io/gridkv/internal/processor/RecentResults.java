package io.gridkv.internal.processor;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this member answered for the identified writes it applied lately, by operation id: the second memory of
 * exactly-once, for the case a record's own ({@link Record}) is too short for.
 *
 * <p>That case: the primary applied a write, but its backup's member died before acknowledging it. The caller waits
 * for the acknowledgement ({@code hazelcast.operation.backup.timeout.millis}, 5 s), then gets an indeterminate outcome
 * and retries — onto the same, living primary, where a hot key has had thousands of other writes meanwhile. This
 * member-local memory answers it. It is not replicated and does not need to be: when the primary dies instead, its
 * records (with their ids) are what the backup promotes.
 *
 * <p>Bounded: an answer is kept {@value #RETENTION_SECONDS} s, and at most {@value #CAPACITY} of them (the oldest go
 * first), so a member applying more than {@code CAPACITY / RETENTION_SECONDS} writes a second keeps them for less.
 */
final class RecentResults {
    static final int CAPACITY = 200_000;
    static final long RETENTION_SECONDS = 60;
    private static final long RETENTION_NANOS = TimeUnit.SECONDS.toNanos(RETENTION_SECONDS);
    private static final String USER_CONTEXT_KEY = RecentResults.class.getName();

    private final ConcurrentHashMap<OperationId, Answer> answers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Answer> oldestFirst = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final ReentrantLock forgetting = new ReentrantLock();

    /** One applied write: which key it wrote (an id reused for another key must not match) and what it answered. */
    record Answer(OperationId id, String key, Object result, long appliedAt) {}

    /** The member's instance, kept in its user context (one per member, even with several members in one JVM). */
    static RecentResults of(HazelcastInstance member) {
        return (RecentResults) member.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, k -> new RecentResults());
    }

    void remember(OperationId id, String key, Object result) {
        long now = System.nanoTime();
        Answer answer = new Answer(id, key, result, now);
        if (answers.put(id, answer) == null) {
            size.incrementAndGet();
        }
        oldestFirst.add(answer);
        forgetOld(now);
    }

    /** What {@code id} answered when it wrote {@code key}, or {@code null} when this member does not know it. */
    Answer find(OperationId id, String key) {
        Answer answer = answers.get(id);
        return answer != null && answer.key.equals(key) ? answer : null;
    }

    /** One thread at a time (the others go on): the queue is then only ever taken from its head. */
    private void forgetOld(long now) {
        if (!forgetting.tryLock()) {
            return;
        }
        try {
            Answer oldest;
            while ((oldest = oldestFirst.peek()) != null
                    && (size.get() > CAPACITY || now - oldest.appliedAt > RETENTION_NANOS)) {
                oldestFirst.poll();
                if (answers.remove(oldest.id, oldest)) {
                    size.decrementAndGet();
                }
            }
        } finally {
            forgetting.unlock();
        }
    }
}
