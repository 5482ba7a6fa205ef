package io.gridkv;

/**
 * The catalogue of error names, exactly as xk6-kv spells them (SPEC.md section c).
 *
 * <p>Every failure a gridkv client reports — Java, HTTP or k6 — carries one of these names, so a script can switch on
 * {@code err.name} whatever it talks to. The constant's {@link #name()} is the wire name.
 */
public enum KvError {
    // Data access
    KeyNotFoundError,
    InvalidCursorError,

    // Options and validation
    InvalidOptionsError,
    InvalidBackendError,
    InvalidSerializationError,
    KVOptionsConflictError,
    BackupOptionsRequiredError,
    RestoreOptionsRequiredError,
    MetricsUnavailableError,
    ValueNumberRequiredError,
    UnsupportedValueTypeError,
    ValueParseError,
    SerializerError,
    SnapshotBudgetExceededError,
    InternalStoreError,
    UnexpectedStoreOutputError,
    UnknownError,

    // Concurrency and lifecycle
    BackupInProgressError,
    RestoreInProgressError,
    OperationCanceledError,
    StoreReadOnlyError,
    StoreClosedError,
    DatabaseNotOpenError,

    // Snapshots and the file system
    SnapshotNotFoundError,
    SnapshotPermissionError,
    SnapshotExportError,
    SnapshotIOError,
    SnapshotReadError,
    SnapshotKeyMissingError,
    DiskPathError,

    // Disk backend
    DiskStoreOpenError,
    DiskStoreReadError,
    DiskStoreWriteError,
    DiskStoreDeleteError,
    DiskStoreExistsError,
    DiskStoreScanError,
    DiskStoreSizeError,
    DiskStoreIndexError,
    KeyListRebuildError,
    BucketNotFoundError,

    // Item-level names: they appear inside results and in an error's item list, never as a top-level error.
    ClaimNotUpdated,
    InvalidEntries,
    EmptyKey;

    /** Whether this name is only used for items inside a result, never for a failed call. */
    public boolean isItemLevel() {
        return this == ClaimNotUpdated || this == InvalidEntries || this == EmptyKey;
    }
}
