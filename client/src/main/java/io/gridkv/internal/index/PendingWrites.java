package io.gridkv.internal.index;

import io.gridkv.internal.processor.Effect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This participant's own writes whose effect on the key set its index replica has not seen yet — what makes
 * "read your own writes" hold for index reads although the replica is fed asynchronously by entry events.
 *
 * <p>A write registers <em>before</em> it is sent ({@link #begin}), so an event that overtakes the response is not
 * missed; events for the key are noted ({@link #observed}); when the response tells the write's {@link Effect}
 * ({@link #responded}) the write is done if that effect was already seen, and otherwise waits for it. An index read
 * first waits for the writes that were waiting when it started ({@link #awaiting}).
 *
 * <p>Concurrency: all state of one key's writes changes inside {@code ConcurrentHashMap.compute} on that key; futures
 * are completed only after the compute returns, so nothing runs under the map's bin lock.
 *
 * <p>Failure: an event of the same type from another participant's earlier write can be taken for ours; the index is
 * then briefly behind for that key while writes from several participants race on it — where the order is a race
 * anyway. An event that never comes (lost when a member dies) leaves a write waiting; the tracker rebuilds the
 * replica then, which settles every write that was waiting ({@link #settle}).
 */
public final class PendingWrites {
    private static final Write[] NONE = new Write[0];

    private final ConcurrentHashMap<String, Write[]> byKey = new ConcurrentHashMap<>();
    private final Set<Write> waiting = ConcurrentHashMap.newKeySet();

    /** One write in flight: opaque to callers. */
    public static final class Write {
        private final String key;
        private int seen; // bit per Effect ordinal; guarded by byKey's compute on key
        private boolean responded; // guarded likewise
        private Effect expected; // guarded likewise
        private final CompletableFuture<Void> settled = new CompletableFuture<>();

        private Write(String key) {
            this.key = key;
        }
    }

    Write begin(String key) {
        Write w = new Write(key);
        byKey.merge(key, new Write[] {w}, PendingWrites::concat);
        return w;
    }

    /** The write's answer arrived; {@code effect == null} means it failed, so there is nothing to wait for. */
    void responded(Write w, Effect effect) {
        boolean[] done = {true};
        byKey.computeIfPresent(w.key, (k, writes) -> {
            w.responded = true;
            w.expected = effect;
            if (effect == null || effect == Effect.NONE || (w.seen & bit(effect)) != 0) {
                Write[] left = without(writes, w);
                return left.length == 0 ? null : left;
            }
            done[0] = false;
            waiting.add(w);
            return writes;
        });
        if (done[0]) {
            w.settled.complete(null);
        }
    }

    /** The index has just applied an event of type {@code effect} for {@code key}. */
    void observed(String key, Effect effect) {
        if (byKey.isEmpty()) {
            return;
        }
        List<Write> finished = new ArrayList<>(1);
        byKey.computeIfPresent(key, (k, writes) -> {
            Write[] left = writes;
            for (Write w : writes) {
                w.seen |= bit(effect);
                if (w.responded && w.expected == effect) {
                    finished.add(w);
                    left = without(left, w);
                }
            }
            return left.length == 0 ? null : left;
        });
        finished.forEach(this::finish);
    }

    /** The writes this participant is waiting to see in its index, at this moment. */
    List<Write> awaiting() {
        return waiting.isEmpty() ? List.of() : new ArrayList<>(waiting);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    static CompletableFuture<Void> allSettled(List<Write> writes) {
        CompletableFuture<?>[] fs = new CompletableFuture<?>[writes.size()];
        for (int i = 0; i < fs.length; i++) {
            fs[i] = writes.get(i).settled;
        }
        return CompletableFuture.allOf(fs);
    }

    /** The index was rebuilt from the map after these writes completed: it reflects them. */
    void settle(List<Write> writes) {
        for (Write w : writes) {
            byKey.computeIfPresent(w.key, (k, ws) -> {
                Write[] left = without(ws, w);
                return left.length == 0 ? null : left;
            });
            finish(w);
        }
    }

    private void finish(Write w) {
        waiting.remove(w);
        w.settled.complete(null);
    }

    private static int bit(Effect effect) {
        return 1 << effect.ordinal();
    }

    private static Write[] concat(Write[] a, Write[] b) {
        Write[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Write[] without(Write[] writes, Write w) {
        for (int i = 0; i < writes.length; i++) {
            if (writes[i] == w) {
                if (writes.length == 1) {
                    return NONE;
                }
                Write[] out = new Write[writes.length - 1];
                System.arraycopy(writes, 0, out, 0, i);
                System.arraycopy(writes, i + 1, out, i, writes.length - i - 1);
                return out;
            }
        }
        return writes;
    }
}
