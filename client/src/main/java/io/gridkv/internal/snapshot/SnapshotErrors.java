package io.gridkv.internal.snapshot;

import io.gridkv.KvError;
import io.gridkv.KvException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The error names of snapshot files (SPEC.md c), in one place. Kept apart from {@code engine.Errors}: the same
 * {@code IOException} means a different name depending on whether a snapshot was being read or written, which only
 * the snapshot code knows.
 *
 * <ul>
 *   <li>reading: missing ⇒ {@code SnapshotNotFoundError}, permission ⇒ {@code SnapshotPermissionError}, not a gridkv
 *       snapshot or LevelDB can not open it ⇒ {@code SnapshotIOError}, a snapshot whose content can not be read (bad
 *       manifest, unknown format, missing database, read failure, wrong entry count) ⇒ {@code SnapshotReadError};
 *   <li>writing: directory, temporary, manifest, fsync and rename failures ⇒ {@code SnapshotExportError}; LevelDB
 *       create/write/close failures ⇒ {@code SnapshotIOError}.
 * </ul>
 */
final class SnapshotErrors {
    private SnapshotErrors() {}

    /** A failure to reach or open a snapshot's files. */
    static KvException opening(Path path, Throwable cause) {
        if (cause instanceof NoSuchFileException) {
            return new KvException(KvError.SnapshotNotFoundError, "snapshot not found: " + path, cause);
        }
        if (cause instanceof AccessDeniedException) {
            return new KvException(
                    KvError.SnapshotPermissionError,
                    "permission denied: " + path + " (" + cause.getMessage() + ")",
                    cause);
        }
        return new KvException(KvError.SnapshotIOError, "cannot open snapshot " + path + ": " + cause, cause);
    }

    static KvException notASnapshot(Path path, String why) {
        return new KvException(KvError.SnapshotIOError, path + " is not a gridkv snapshot: " + why);
    }

    static KvException unreadable(Path path, String why, Throwable cause) {
        return new KvException(KvError.SnapshotReadError, "cannot read snapshot " + path + ": " + why, cause);
    }

    static KvException database(Path path, String step, Throwable cause) {
        return new KvException(
                KvError.SnapshotIOError, "snapshot database " + path + ": " + step + " failed: " + cause, cause);
    }

    static KvException export(Path path, String step, Throwable cause) {
        String detail = cause instanceof AccessDeniedException ? "permission denied" : String.valueOf(cause);
        return new KvException(
                KvError.SnapshotExportError, "snapshot " + path + ": " + step + " failed: " + detail, cause);
    }
}
