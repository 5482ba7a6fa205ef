package io.gridkv.internal.index;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * This participant's own {@code clear}, waiting until the replica has applied the removal of every key it removed.
 * Removals are noted from before the clear is sent, so an event that overtakes the clear's answer is not missed.
 *
 * <p>Concurrency: guarded by its own monitor; events and the clear's answer may arrive on any thread.
 */
final class ClearWatch {
    private Set<String> seen = new HashSet<>(); // removals seen before the removed keys were known
    private Set<String> remaining; // removals still awaited, once known
    final CompletableFuture<Void> done = new CompletableFuture<>();

    synchronized void removed(String key) {
        if (remaining == null) {
            seen.add(key);
        } else if (remaining.remove(key) && remaining.isEmpty()) {
            done.complete(null);
        }
    }

    synchronized void expect(Set<String> removedKeys) {
        remaining = new HashSet<>(removedKeys);
        remaining.removeAll(seen);
        seen = null;
        if (remaining.isEmpty()) {
            done.complete(null);
        }
    }
}
