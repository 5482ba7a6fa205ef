package io.gridkv;

/**
 * The answer of {@link Kv#backup}: {@code {totalEntries, bytesWritten, bestEffort, warning}}.
 *
 * @param totalEntries the entries in the snapshot
 * @param bytesWritten the size of the snapshot's files, manifest included
 * @param bestEffort whether writers were allowed to run while it was taken
 * @param warning what a best-effort snapshot may differ in from any single instant; {@code ""} otherwise
 */
public record BackupResult(long totalEntries, long bytesWritten, boolean bestEffort, String warning) {}
