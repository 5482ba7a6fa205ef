package io.gridkv.node.store;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.Serialization;

/**
 * What an opener asks of a store (the xk6-kv {@code openKv} options the node acts on). {@code backend} is
 * {@code "memory"}: entries live in the cluster's memory, each with a synchronous backup on another member.
 */
public record StoreRequest(String backend, Serialization serialization, boolean trackKeys) {
    public static final String MEMORY = "memory";
    public static final String DISK = "disk";

    /** The request a call on a store nobody opened stands for: xk6-kv's defaults, on the memory backend. */
    public static final StoreRequest DEFAULT = new StoreRequest(MEMORY, Serialization.JSON, false);

    public StoreRequest {
        if (DISK.equals(backend)) {
            throw new KvException(
                    KvError.InvalidBackendError,
                    "backend \"disk\" (durable write-through to disk) is not available in this gridkv version; use"
                            + " \"memory\": every entry is kept with a synchronous backup on another member");
        }
        if (!MEMORY.equals(backend)) {
            throw new KvException(
                    KvError.InvalidBackendError,
                    "invalid backend: \"" + backend + "\" (expected \"memory\" or \"disk\")");
        }
    }

    KvOptions options(String store) {
        return KvOptions.builder()
                .store(store)
                .serialization(serialization)
                .trackKeys(trackKeys)
                .build();
    }
}
