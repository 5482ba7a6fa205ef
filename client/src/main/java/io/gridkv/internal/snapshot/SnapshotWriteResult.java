package io.gridkv.internal.snapshot;

/**
 * What {@link SnapshotWriter#commit()} wrote.
 *
 * @param totalEntries the entries in the snapshot (distinct keys)
 * @param bytesWritten the total size of the snapshot directory's files, manifest included
 */
public record SnapshotWriteResult(long totalEntries, long bytesWritten) {}
