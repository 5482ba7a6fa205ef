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

    private KvOptions(Builder b) {
        this.store = b.store;
        this.serialization = b.serialization;
        this.trackKeys = b.trackKeys;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().store(store).serialization(serialization).trackKeys(trackKeys);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof KvOptions other
                && store.equals(other.store)
                && serialization == other.serialization
                && trackKeys == other.trackKeys;
    }

    @Override
    public int hashCode() {
        return Objects.hash(store, serialization, trackKeys);
    }

    @Override
    public String toString() {
        return "KvOptions{store=" + store + ", serialization=" + serialization.wireName() + ", trackKeys=" + trackKeys
                + '}';
    }

    public static final class Builder {
        private String store = DEFAULT_STORE;
        private Serialization serialization = Serialization.JSON;
        private boolean trackKeys;

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

        public KvOptions build() {
            return new KvOptions(this);
        }
    }
}
