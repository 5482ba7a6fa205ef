package io.gridkv;

/**
 * Options of {@link Kv#scan} and {@link Kv#scanKeys}: a key {@code prefix}, a page {@code limit} ({@code <= 0} = all
 * remaining; at most {@value #MAX_LIMIT}, larger is rejected) and the {@code cursor} of the previous page ({@code ""}
 * = start). The cursor is only "continue strictly after this key": it does not remember the prefix.
 */
public final class ScanOptions {
    public static final int MAX_LIMIT = 100_000;

    /** The whole store from the start, in one page. */
    public static final ScanOptions DEFAULT = builder().build();

    private final String prefix;
    private final int limit;
    private final String cursor;

    private ScanOptions(String prefix, int limit, String cursor) {
        this.prefix = prefix;
        this.limit = limit;
        this.cursor = cursor;
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

    public String cursor() {
        return cursor;
    }

    @Override
    public String toString() {
        return "ScanOptions{prefix=" + prefix + ", limit=" + limit + ", cursor=" + cursor + '}';
    }

    public static final class Builder {
        private String prefix = "";
        private long limit;
        private String cursor = "";

        private Builder() {}

        public Builder prefix(String prefix) {
            this.prefix = Checks.prefix(prefix);
            return this;
        }

        public Builder limit(long limit) {
            this.limit = limit;
            return this;
        }

        /** A cursor from a previous {@link ScanPage} or {@link KeysPage}; {@code null} or {@code ""} starts over. */
        public Builder cursor(String cursor) {
            this.cursor = cursor == null ? "" : cursor;
            return this;
        }

        /**
         * @throws KvException {@code InvalidOptionsError} when the limit is above {@value #MAX_LIMIT}. A malformed
         *     cursor is reported by the scan itself ({@code InvalidCursorError}).
         */
        public ScanOptions build() {
            return new ScanOptions(prefix, Checks.limit("scan", limit, MAX_LIMIT), cursor);
        }
    }
}
