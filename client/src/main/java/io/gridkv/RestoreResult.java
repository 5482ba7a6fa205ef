package io.gridkv;

/**
 * The answer of {@link Kv#restore}: {@code {totalEntries}}.
 *
 * @param totalEntries the entries the store holds after the restore — those of the snapshot
 */
public record RestoreResult(long totalEntries) {}
