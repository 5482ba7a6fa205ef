package io.gridkv;

import java.util.Objects;

/**
 * Which store a {@link Kv} handle opens and how: the store name (a keyspace of the cluster), its serialization, and
 * whether this participant keeps a key index. Immutable; see {@link #builder()}.
 *
 * <p>A store's serialization and key tracking are fixed cluster-wide by its first opener; a later open that asks for
 * something else fails with {@code KVOptionsConflictError}.
 */
public final class KvOptions {
    public static final String DEFAULT_STORE = "default";
    static final int MAX_STORE_NAME_LENGTH = 200;

    /** Store {@code "default"}, JSON, no key tracking — xk6-kv's defaults. */
    public static final KvOptions DEFAULT = builder().build();

    private final String store;
    private final Serialization serialization;
    private final boolean trackKeys;
    private final Backend backend;
    private final boolean diskNoSync;
    private final boolean diskReadOnly;

    private KvOptions(Builder b) {
        this.store = b.store;
        this.serialization = b.serialization;
        this.trackKeys = b.trackKeys;
        this.backend = b.backend;
        // xk6-kv ignores the disk knobs of a memory store; so does the lock-in
        this.diskNoSync = b.backend == Backend.DISK && b.diskNoSync;
        this.diskReadOnly = b.backend == Backend.DISK && b.diskReadOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .store(store)
                .serialization(serialization)
                .trackKeys(trackKeys)
                .backend(backend)
                .diskNoSync(diskNoSync)
                .diskReadOnly(diskReadOnly);
    }

    public String store() {
        return store;
    }

    public Serialization serialization() {
        return serialization;
    }

    /**
     * With key tracking, this participant keeps an ordered replica of the store's keys: random picks, prefix counts
     * and scans are then local and O(log n) instead of a scan on the members.
     */
    public boolean trackKeys() {
        return trackKeys;
    }

    /** {@link Backend#MEMORY} unless asked otherwise (xk6-kv defaults to disk; see {@link Backend}). */
    public Backend backend() {
        return backend;
    }

    /**
     * Disk stores only: acknowledge a write once its owner's LevelDB has it, without waiting for the fsync. A killed
     * process loses nothing (the operating system has the data); a machine that loses power may lose the last
     * writes. xk6-kv's {@code disk.noSync}.
     */
    public boolean diskNoSync() {
        return diskNoSync;
    }

    /** Disk stores only: every mutation fails with {@code StoreReadOnlyError}. xk6-kv's {@code disk.readOnly}. */
    public boolean diskReadOnly() {
        return diskReadOnly;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvOptions other
                && store.equals(other.store)
                && serialization == other.serialization
                && trackKeys == other.trackKeys
                && backend == other.backend
                && diskNoSync == other.diskNoSync
                && diskReadOnly == other.diskReadOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(store, serialization, trackKeys, backend, diskNoSync, diskReadOnly);
    }

    @Override
    public String toString() {
        return "KvOptions{store=" + store + ", serialization=" + serialization.wireName() + ", trackKeys=" + trackKeys
                + ", backend=" + backend.wireName()
                + (backend == Backend.DISK ? ", disk.noSync=" + diskNoSync + ", disk.readOnly=" + diskReadOnly : "")
                + '}';
    }

    public static final class Builder {
        private String store = DEFAULT_STORE;
        private Serialization serialization = Serialization.JSON;
        private boolean trackKeys;
        private Backend backend = Backend.MEMORY;
        private boolean diskNoSync;
        private boolean diskReadOnly;

        private Builder() {}

        /** The store name: 1..200 characters, no control characters. */
        public Builder store(String store) {
            if (store == null
                    || store.isEmpty()
                    || store.length() > MAX_STORE_NAME_LENGTH
                    || store.chars().anyMatch(Character::isISOControl)) {
                throw new KvException(
                        KvError.InvalidOptionsError,
                        "store name must be 1.." + MAX_STORE_NAME_LENGTH + " characters without control characters");
            }
            this.store = store;
            return this;
        }

        public Builder serialization(Serialization serialization) {
            this.serialization = Objects.requireNonNull(serialization, "serialization");
            return this;
        }

        public Builder trackKeys(boolean trackKeys) {
            this.trackKeys = trackKeys;
            return this;
        }

        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** See {@link KvOptions#diskNoSync()}; ignored for memory stores. */
        public Builder diskNoSync(boolean noSync) {
            this.diskNoSync = noSync;
            return this;
        }

        /** See {@link KvOptions#diskReadOnly()}; ignored for memory stores. */
        public Builder diskReadOnly(boolean readOnly) {
            this.diskReadOnly = readOnly;
            return this;
        }

        public KvOptions build() {
            return new KvOptions(this);
        }
    }
}
