package io.gridkv;

import java.nio.file.Path;

/**
 * Options of {@link Kv#restore}: which snapshot, and how much of one the caller is willing to load.
 *
 * @param file the snapshot directory to read; relative paths resolve against the working directory of the JVM that
 *     calls {@code restore}. {@link BackupOptions#DEFAULT_FILE} when not given
 * @param maxEntries the most entries the snapshot may hold ({@code <= 0}: no limit)
 * @param maxBytes the most key and value bytes it may hold in total ({@code <= 0}: no limit)
 */
public record RestoreOptions(Path file, long maxEntries, long maxBytes) {
    public static final RestoreOptions DEFAULT = new RestoreOptions(null, 0, 0);

    public RestoreOptions {
        file = (file == null ? Path.of(BackupOptions.DEFAULT_FILE) : file)
                .toAbsolutePath()
                .normalize();
    }

    public static RestoreOptions from(Path file) {
        return new RestoreOptions(file, 0, 0);
    }

    public RestoreOptions withBudget(long maxEntries, long maxBytes) {
        return new RestoreOptions(file, maxEntries, maxBytes);
    }
}
