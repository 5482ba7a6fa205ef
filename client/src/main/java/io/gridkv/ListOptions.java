package io.gridkv;

/**
 * Options of {@link Kv#list} and {@link Kv#listKeys}: a key {@code prefix} ({@code ""} = all keys) and a
 * {@code limit} ({@code <= 0} = no limit; at most {@value #MAX_LIMIT}, larger is rejected, not clamped).
 */
public final class ListOptions {
    public static final int MAX_LIMIT = 250_000;

    /** All keys, no limit. */
    public static final ListOptions DEFAULT = builder().build();

    private final String prefix;
    private final int limit;

    private ListOptions(String prefix, int limit) {
        this.prefix = prefix;
        this.limit = limit;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String prefix() {
        return prefix;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "ListOptions{prefix=" + prefix + ", limit=" + limit + '}';
    }

    public static final class Builder {
        private String prefix = "";
        private long limit;

        private Builder() {}

        public Builder prefix(String prefix) {
            this.prefix = Checks.prefix(prefix);
            return this;
        }

        public Builder limit(long limit) {
            this.limit = limit;
            return this;
        }

        /** @throws KvException {@code InvalidOptionsError} when the limit is above {@value #MAX_LIMIT} */
        public ListOptions build() {
            return new ListOptions(prefix, Checks.limit("list", limit, MAX_LIMIT));
        }
    }
}
