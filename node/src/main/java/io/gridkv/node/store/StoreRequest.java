package io.gridkv.node.store;

import io.gridkv.Backend;
import io.gridkv.KvOptions;
import io.gridkv.Serialization;

/**
 * What an opener asks of a store (the xk6-kv {@code openKv} options the node acts on): {@code "memory"} keeps entries
 * in the cluster's memory, each with a synchronous backup on another member; {@code "disk"} also writes every
 * mutation through to the owning member's LevelDB before answering ({@code disk.noSync}: without waiting for the
 * fsync; {@code disk.readOnly}: refusing every mutation).
 */
public record StoreRequest(
        Backend backend, Serialization serialization, boolean trackKeys, boolean diskNoSync, boolean diskReadOnly) {

    /** The request a call on a store nobody opened stands for: xk6-kv's defaults, on the memory backend. */
    public static final StoreRequest DEFAULT =
            new StoreRequest(Backend.MEMORY, Serialization.JSON, false, false, false);

    KvOptions options(String store) {
        return KvOptions.builder()
                .store(store)
                .serialization(serialization)
                .trackKeys(trackKeys)
                .backend(backend)
                .diskNoSync(diskNoSync)
                .diskReadOnly(diskReadOnly)
                .build();
    }
}
