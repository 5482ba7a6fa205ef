package io.gridkv.internal.processor;

import com.hazelcast.map.MapInterceptor;
import java.util.Objects;

/**
 * Makes plain map reads of a store wait while a restore swaps its contents (see {@link StoreBlocks#awaitReads}): a
 * {@code get} is not an entry processor, so the map's interceptor is the only member-side code it passes through.
 * Registered only for the swap and removed after it — every interceptor makes each read deserialize its record.
 */
public final class HoldReadsInterceptor implements MapInterceptor {
    private static final long serialVersionUID = 1L;

    private final String store;

    public HoldReadsInterceptor(String store) {
        this.store = store;
    }

    @Override
    public Object interceptGet(Object value) {
        StoreBlocks.awaitReadsInThisJvm(store);
        return null; // unchanged
    }

    @Override
    public void afterGet(Object value) {}

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        return null;
    }

    @Override
    public void afterPut(Object value) {}

    @Override
    public Object interceptRemove(Object removedValue) {
        return null;
    }

    @Override
    public void afterRemove(Object value) {}

    /** Equal for one store: Hazelcast names an interceptor by its class and hash code. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HoldReadsInterceptor other && other.store.equals(store);
    }

    @Override
    public int hashCode() {
        return Objects.hash(HoldReadsInterceptor.class.getName(), store);
    }
}
