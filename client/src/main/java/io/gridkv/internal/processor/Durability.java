package io.gridkv.internal.processor;

import io.gridkv.Backend;
import io.gridkv.KvOptions;

/** What a store's mutations owe the disk, sent with each of them so members need no other knowledge of the store. */
public enum Durability {
    /** A memory store: nothing. */
    MEMORY,
    /** A disk store: written through and synced on the owner before the answer, written on the backups. */
    SYNC,
    /** A disk store opened with {@code disk.noSync}: written through (not synced) on the owner before the answer. */
    NO_SYNC,
    /** A disk store opened with {@code disk.readOnly}: every mutation refused with {@code StoreReadOnlyError}. */
    READ_ONLY;

    public static Durability of(KvOptions options) {
        if (options.backend() == Backend.MEMORY) {
            return MEMORY;
        }
        return options.diskReadOnly() ? READ_ONLY : options.diskNoSync() ? NO_SYNC : SYNC;
    }

    /** Whether the store's writes go to disk. */
    public boolean writes() {
        return this == SYNC || this == NO_SYNC;
    }
}
