package io.gridkv;

import java.nio.file.Path;

/**
 * Options of {@link Kv#backup}: where the snapshot goes and whether writers may go on while it is taken.
 *
 * @param file the snapshot directory to write; relative paths resolve against the working directory of the JVM that
 *     calls {@code backup}. {@link #DEFAULT_FILE} when not given, as xk6-kv
 * @param allowConcurrentWrites {@code false} (default): a point-in-time copy of the whole cluster's store, during
 *     whose capture every mutation of the store fails with {@code BackupInProgressError}; {@code true}: writers are
 *     never refused and the copy is best effort (see {@link BackupResult#warning()})
 */
public record BackupOptions(Path file, boolean allowConcurrentWrites) {
    /** xk6-kv's default snapshot name. */
    public static final String DEFAULT_FILE = ".k6.kv";

    public static final BackupOptions DEFAULT = new BackupOptions(null, false);

    public BackupOptions {
        file = (file == null ? Path.of(DEFAULT_FILE) : file).toAbsolutePath().normalize();
    }

    public static BackupOptions to(Path file) {
        return new BackupOptions(file, false);
    }

    public BackupOptions withConcurrentWrites(boolean allow) {
        return new BackupOptions(file, allow);
    }
}
