package io.gridkv.node.http;

import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.node.http.HttpError.Problem;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The HTTP status of each store error: 4xx where the caller can fix the call, 5xx where the node failed. */
final class ErrorStatus {
    private ErrorStatus() {}

    /** Any failure as the name, status and message the client gets; unknown failures are {@code UnknownError}. */
    static Problem problem(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof Problem problem) {
            return problem;
        }
        if (t instanceof KvException kv) {
            return new Problem(kv.name(), of(kv.error()), kv.getMessage());
        }
        return new Problem(KvError.UnknownError.name(), 500, String.valueOf(t));
    }

    static int of(KvError error) {
        return switch (error) {
            case InvalidOptionsError,
                    InvalidBackendError,
                    InvalidSerializationError,
                    ValueNumberRequiredError,
                    InvalidCursorError,
                    SerializerError,
                    UnsupportedValueTypeError,
                    BackupOptionsRequiredError,
                    RestoreOptionsRequiredError,
                    DiskPathError -> 400;
            case StoreReadOnlyError, SnapshotPermissionError -> 403;
            case KeyNotFoundError, SnapshotNotFoundError, BucketNotFoundError -> 404;
            case KVOptionsConflictError, ValueParseError, BackupInProgressError, RestoreInProgressError -> 409;
            // The call and the snapshot are both sound, but the snapshot is larger than the call allows.
            case SnapshotBudgetExceededError -> 422;
            // The node's own files failed (or hold something that is not a snapshot): nothing in the call to fix.
            case SnapshotExportError, SnapshotIOError, SnapshotReadError, SnapshotKeyMissingError -> 500;
            case StoreClosedError, DatabaseNotOpenError, OperationCanceledError -> 503;
            default -> 500;
        };
    }
}
