package io.gridkv.node.store;

import com.hazelcast.core.HazelcastInstance;
import io.gridkv.Kv;
import io.gridkv.KvOptions;
import io.gridkv.internal.engine.Participants;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The node's handles on the cluster's stores, one per store, opened on first use with the options the store's first
 * opener fixed (or xk6-kv's defaults when nobody opened it yet). Opening talks to the cluster, so it runs on
 * {@code opener}, never on the caller's (event-loop) thread; a store already open is answered at once.
 */
public final class Stores implements AutoCloseable {
    private final HazelcastInstance member;
    private final Executor opener;
    private final Consumer<Kv> onOpen;
    private final Map<String, CompletableFuture<Kv>> handles = new ConcurrentHashMap<>();

    /**
     * @param onOpen told of each handle once it is open (metrics register their per-store gauges there)
     */
    public Stores(HazelcastInstance member, Executor opener, Consumer<Kv> onOpen) {
        this.member = member;
        this.opener = opener;
        this.onOpen = onOpen;
    }

    /** The handle on {@code store}, opening it if this node has not yet. */
    public CompletableFuture<Kv> handle(String store) {
        return handle(store, StoreRequest.DEFAULT.options(store));
    }

    /**
     * Opens {@code store} as {@code request} asks: the first opener in the cluster fixes its options, a later request
     * for other options fails with {@code KVOptionsConflictError}.
     */
    public CompletableFuture<Kv> open(String store, StoreRequest request) {
        KvOptions wanted = request.options(store);
        return handle(store, wanted)
                .thenCompose(kv -> kv.options().equals(wanted)
                        ? CompletableFuture.completedFuture(kv)
                        // The handle holds the store's fixed options, so this fails: the catalogue words the
                        // conflict as it does for Java openers, without a second handle (and key index) to find out.
                        : CompletableFuture.supplyAsync(
                                () -> {
                                    Participants.lockIn(member, wanted);
                                    return kv;
                                },
                                opener));
    }

    /** Every store opened anywhere in the cluster. */
    public Set<String> names() {
        return Participants.storeNames(member);
    }

    /** The open handle, or one opened with the store's fixed options — {@code ifNew} when nobody opened it yet. */
    private CompletableFuture<Kv> handle(String store, KvOptions ifNew) {
        CompletableFuture<Kv> open = handles.get(store);
        if (open != null && !open.isCompletedExceptionally()) {
            return open;
        }
        CompletableFuture<Kv> created = new CompletableFuture<>();
        CompletableFuture<Kv> raced = handles.compute(
                store,
                (name, existing) -> existing == null || existing.isCompletedExceptionally() ? created : existing);
        if (raced != created) {
            return raced;
        }
        opener.execute(() -> {
            try {
                Kv kv = Kv.using(
                        member, Participants.fixedOptions(member, store).orElse(ifNew));
                onOpen.accept(kv);
                created.complete(kv);
            } catch (RuntimeException e) {
                created.completeExceptionally(e);
            }
        });
        return created;
    }

    @Override
    public void close() {
        for (CompletableFuture<Kv> handle : handles.values()) {
            handle.thenAccept(Kv::close);
        }
        handles.clear();
    }
}
