package io.gridkv;

/**
 * Options of {@link Kv#randomKeys}: how many keys ({@code count}, required, 1..{@value #MAX_COUNT}), among which
 * {@code prefix}, and whether they must be distinct ({@code unique}, default true: if fewer keys match than asked,
 * all of them come back in random order) or may repeat (sampling with replacement: exactly {@code count} keys).
 */
public final class RandomKeysOptions {
    public static final int MAX_COUNT = 1_000_000;

    private final String prefix;
    private final int count;
    private final boolean unique;

    private RandomKeysOptions(Builder b) {
        this.prefix = b.prefix;
        this.count = (int) b.count;
        this.unique = b.unique;
    }

    /** {@code count} distinct random keys among all keys. */
    public static RandomKeysOptions count(int count) {
        return builder().count(count).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String prefix() {
        return prefix;
    }

    public int count() {
        return count;
    }

    public boolean unique() {
        return unique;
    }

    @Override
    public String toString() {
        return "RandomKeysOptions{prefix=" + prefix + ", count=" + count + ", unique=" + unique + '}';
    }

    public static final class Builder {
        private String prefix = "";
        private long count;
        private boolean unique = true;

        private Builder() {}

        public Builder prefix(String prefix) {
            this.prefix = Checks.prefix(prefix);
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder unique(boolean unique) {
            this.unique = unique;
            return this;
        }

        /** @throws KvException {@code InvalidOptionsError} unless 1 <= count <= {@value #MAX_COUNT} */
        public RandomKeysOptions build() {
            if (count < 1 || count > MAX_COUNT) {
                throw new KvException(
                        KvError.InvalidOptionsError,
                        "randomKeys count must be an integer within [1, " + MAX_COUNT + "], got " + count);
            }
            return new RandomKeysOptions(this);
        }
    }
}
