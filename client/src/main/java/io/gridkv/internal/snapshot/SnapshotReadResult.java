package io.gridkv.internal.snapshot;

/**
 * What {@link SnapshotReader#read} handed to its consumer.
 *
 * @param totalEntries the entries read
 * @param totalBytes their key and value byte lengths, as {@link SnapshotBudget} counts them
 */
public record SnapshotReadResult(long totalEntries, long totalBytes) {}
