package io.gridkv.internal.snapshot;

/**
 * How much a restore may read (SPEC.md a.6): {@code restore({maxEntries, maxBytes})}. A limit {@code <= 0} means no
 * limit. Bytes are the key and value byte lengths of the entries, not the size of the files.
 */
public record SnapshotBudget(long maxEntries, long maxBytes) {
    public static final SnapshotBudget UNLIMITED = new SnapshotBudget(0, 0);

    /** Whether any limit applies, so the snapshot must be measured before its entries are handed out. */
    public boolean isLimited() {
        return maxEntries > 0 || maxBytes > 0;
    }

    boolean allowsEntries(long entries) {
        return maxEntries <= 0 || entries <= maxEntries;
    }

    boolean allowsBytes(long bytes) {
        return maxBytes <= 0 || bytes <= maxBytes;
    }
}
