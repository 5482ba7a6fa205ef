// Type declarations for gridkv's k6 module (gridkv.js).
//
// The API is xk6-kv's core: a script typed against xk6-kv's declarations type-checks here after its
// import line changes. gridkv adds four connection options (url, store, authToken, timeout) and one
// error name (NetworkError).

/** Where a store keeps its entries. gridkv nodes currently accept only "memory". */
export type Backend = "memory" | "disk";

/** How values are stored: "json" keeps any JSON value, "string" stores text and reads back strings. */
export type Serialization = "json" | "string";

/** Options of {@link openKv}: xk6-kv's, plus where to find the cluster. */
export interface OpenKvOptions {
  /**
   * `"memory"` (default in gridkv: every entry has a synchronous backup on another host) or `"disk"`
   * (every mutation also written and synced to the key owner's LevelDB before it is answered).
   * Case-sensitive; anything else throws `InvalidBackendError`. Fixed by the store's first opener.
   */
  backend?: Backend;
  /** xk6-kv's bbolt file. Accepted for compatibility; a gridkv node keeps its files in its `--data-dir`. */
  path?: string;
  /** Default `"json"`. Fixed by the store's first opener; another value fails with `KVOptionsConflictError`. */
  serialization?: Serialization;
  /** Default `false`. Keeps a key index for fast `randomKey`/prefix queries; fixed by the first opener. */
  trackKeys?: boolean;
  /** xk6-kv's shard count (an integer). Accepted and ignored: the cluster partitions every store itself. */
  memory?: MemoryOptions;
  /** xk6-kv's bbolt knobs, validated as xk6-kv does when `backend` is `"disk"`; `noSync` and `readOnly` act. */
  disk?: DiskOptions;
  /** Accepted for compatibility; per-operation latency is k6's `http_req_duration{name:"gridkv.<op>"}`. */
  metrics?: MetricsOptions;

  /**
   * The node to call, or several nodes of the cluster: `"http://a:7070"`, `"http://a:7070,http://b:7070"` or
   * `["http://a:7070", "http://b:7070"]`. Default: `__ENV.GRIDKV_URL` (same forms), else `http://127.0.0.1:7070`.
   *
   * With several, VU n starts at node (n - 1) mod count and stays there; a call that fails goes on to the next
   * node, without waiting, when another attempt may succeed:
   * - the request was never sent (DNS or connection failure: k6 `error_code` 1100–1199 or 1210–1219, an
   *   `error` starting with `dial`), or the node answered `503 ServiceUnavailableError` (its member has left
   *   the cluster; nothing was done);
   * - the outcome is unknown (the connection broke after the request was sent, a timeout, another 503, a
   *   5xx `UnknownError`). Resending cannot apply a call twice: each call of `set`, `delete`, `incrementBy`,
   *   `getOrSet`, `swap`, `compareAndSwap`, `setIfAbsent`, `deleteIfExists` and `compareAndDelete` sends an
   *   `Idempotency-Key` of its own, the same on every attempt, and a node that already applied it answers
   *   with the first result. Such a resend also says `Gridkv-Resend: true`: a `deleteIfExists` or
   *   `compareAndDelete` that then finds its key gone cannot tell who deleted it and answers `UnknownError`
   *   rather than `false`.
   *
   * A call makes at most (number of nodes + 1) attempts that reach a node, and skips a node once it refused a
   * connection, then rejects with the last failure. The node that answers becomes the handle's node. One
   * address: the same rules, on that node.
   *
   * `backup` and `restore` are the exception: a snapshot is a file in one node's snapshot directory, so they always
   * go to the first node of the list, once, and any failure rejects at once.
   */
  url?: string | string[];
  /** The store (a named keyspace of the cluster). Default: `__ENV.GRIDKV_STORE`, else `"default"`. */
  store?: string;
  /** Sent as `Authorization: Bearer <token>` when not empty. Default: `__ENV.GRIDKV_AUTH_TOKEN`. */
  authToken?: string;
  /** k6 request timeout per call: a duration such as `"60s"` (default) or milliseconds. */
  timeout?: string | number;
}

export interface MemoryOptions {
  shardCount?: number;
}

export interface DiskOptions {
  /** Milliseconds (whole, ≥ 0) or a Go duration such as `"1s"`. */
  timeout?: number | string;
  /** Answer once the owner's LevelDB has the write, before its fsync: a lost host may lose its last writes. */
  noSync?: boolean;
  noGrowSync?: boolean;
  noFreelistSync?: boolean;
  preLoadFreelist?: boolean;
  /** `""`, `"array"` or `"map"`, in any case. */
  freelistType?: string;
  /** Every mutation (and `clear`, `restore`) rejects with `StoreReadOnlyError`. */
  readOnly?: boolean;
  /** Bytes (whole, ≥ 0) or a size such as `"64MB"` or `"64MiB"`. */
  initialMmapSize?: number | string;
  mlock?: boolean;
}

export interface MetricsOptions {
  operations?: boolean;
}

/** One stored entry, as returned by `list` and `scan`. */
export interface Entry<V = any> {
  key: string;
  value: V;
}

/** `getOrSet`: the value now stored, and whether it was already there. */
export interface GetOrSetResult<V = any> {
  value: V;
  loaded: boolean;
}

/** `swap`: the value replaced (`null` when the key was absent), and whether there was one. */
export interface SwapResult<V = any> {
  previous: V | null;
  loaded: boolean;
}

/** One page of `scan`. `done` is `cursor === ""`; pass `cursor` back to read the next page. */
export interface ScanResult<V = any> {
  entries: Entry<V>[];
  cursor: string;
  done: boolean;
}

/** One page of `scanKeys`. */
export interface ScanKeysResult {
  keys: string[];
  cursor: string;
  done: boolean;
}

export interface ListOptions {
  /** Only keys starting with this string. */
  prefix?: string;
  /** At most this many (≤ 250000); ≤ 0 or absent means all. */
  limit?: number;
}

export interface ScanOptions {
  prefix?: string;
  /** Page size (≤ 100000); ≤ 0 or absent means everything that is left. */
  limit?: number;
  /** The previous page's cursor; `""` or absent starts at the beginning. */
  cursor?: string;
}

export interface CountOptions {
  prefix?: string;
}

export interface RandomKeyOptions {
  prefix?: string;
}

export interface RandomKeysOptions {
  prefix?: string;
  /** How many keys, 1..1000000. */
  count: number;
  /** Default `true`: distinct keys (all matches when fewer than `count`); `false` samples with replacement. */
  unique?: boolean;
}

/** Options of `backup`. */
export interface BackupOptions {
  /**
   * The snapshot's name in the snapshot directory (`<data-dir>/snapshots`) of the handle's first node: one plain
   * name (no directories, no `..`, not absolute; else `InvalidOptionsError`). Absent, empty or blank: `".k6.kv"`.
   */
  fileName?: string;
  /**
   * Default `false`: one instant of the whole store; while its entries are gathered every write to the store,
   * from any VU or client, rejects `BackupInProgressError`. `true`: no write is refused and the copy is best
   * effort (`bestEffort`, `warning`).
   */
  allowConcurrentWrites?: boolean;
}

/** What `backup` wrote: exactly these four fields, as in xk6-kv. */
export interface BackupResult {
  /** The entries in the snapshot. */
  totalEntries: number;
  /** The size of the snapshot's files on the node. */
  bytesWritten: number;
  /** Whether writes were allowed while it was taken. */
  bestEffort: boolean;
  /** What a best-effort snapshot may differ in from any single instant; `""` otherwise. */
  warning: string;
}

/** Options of `restore`. */
export interface RestoreOptions {
  /** As in {@link BackupOptions.fileName}; a missing snapshot rejects `SnapshotNotFoundError`. */
  fileName?: string;
  /** The most entries the snapshot may hold (an integer; ≤ 0 or absent: no limit); more rejects `SnapshotBudgetExceededError`. */
  maxEntries?: number;
  /** The most key and value bytes it may hold in total (an integer; ≤ 0 or absent: no limit). */
  maxBytes?: number;
}

/** What `restore` loaded: exactly this one field, as in xk6-kv. */
export interface RestoreResult {
  /** The entries the store holds now: the snapshot's. */
  totalEntries: number;
}

/**
 * A handle on one store. Every method returns a Promise that rejects with a {@link KvError};
 * keys are strings, ordered by their UTF-8 bytes.
 */
export interface KV {
  /** The value at `key`; rejects `KeyNotFoundError` when absent. */
  get<V = any>(key: string): Promise<V>;
  /** Stores `value`; resolves with the very value passed. */
  set<V>(key: string, value: V): Promise<V>;
  /** Removes `key`; always `true`. */
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  /** Removes every key of the store; `true`. */
  clear(): Promise<boolean>;
  /** Number of keys in the store. */
  size(): Promise<number>;
  /** Adds `delta` (an integer within int64) to the counter at `key` (absent = 0); resolves the new value. */
  incrementBy(key: string, delta: number): Promise<number>;
  getOrSet<V = any>(key: string, value: V): Promise<GetOrSetResult<V>>;
  swap<V = any>(key: string, value: V): Promise<SwapResult<V>>;
  /** Writes `newValue` if the stored value equals `oldValue`; `null`/`undefined` means "only if absent". */
  compareAndSwap(key: string, oldValue: any, newValue: any): Promise<boolean>;
  /** Writes `value` only if `key` is absent; `true` if it did. */
  setIfAbsent(key: string, value: any): Promise<boolean>;
  /** Removes `key` if present; `true` if it did. */
  deleteIfExists(key: string): Promise<boolean>;
  /** Removes `key` if its value equals `oldValue` (`null`/`undefined` match a stored null). */
  compareAndDelete(key: string, oldValue: any): Promise<boolean>;
  list<V = any>(options?: ListOptions | null): Promise<Entry<V>[]>;
  listKeys(options?: ListOptions | null): Promise<string[]>;
  scan<V = any>(options?: ScanOptions | null): Promise<ScanResult<V>>;
  scanKeys(options?: ScanOptions | null): Promise<ScanKeysResult>;
  /** Keys starting with `prefix` (all keys without one). */
  count(options?: CountOptions | null): Promise<number>;
  /** A uniformly random key among those matching; `""` when none does. */
  randomKey(options?: RandomKeyOptions | null): Promise<string>;
  randomKeys(options: RandomKeysOptions): Promise<string[]>;
  /** Rebuilds the store's key index; `true` (a no-op without `trackKeys`). */
  rebuildKeyList(): Promise<boolean>;
  /**
   * Writes the whole store to a snapshot in the snapshot directory of the handle's first node (see
   * {@link BackupOptions}). Rejects `BackupInProgressError`/`RestoreInProgressError` while another backup or
   * restore of the store runs, `SnapshotExportError`/`SnapshotIOError` when the node cannot write it.
   */
  backup(options?: BackupOptions | null): Promise<BackupResult>;
  /**
   * Replaces the whole store with a snapshot from the snapshot directory of the handle's first node. Nothing
   * changes unless the whole snapshot was read: `SnapshotNotFoundError`, `SnapshotBudgetExceededError`,
   * `SnapshotIOError`/`SnapshotReadError` reject with the store as it was. Writes meanwhile reject
   * `RestoreInProgressError`.
   */
  restore(options?: RestoreOptions | null): Promise<RestoreResult>;
  /**
   * Closes this handle (synchronous, idempotent). Its later calls reject `StoreClosedError`;
   * other handles and the data are untouched.
   */
  close(): void;
}

/**
 * Every name a rejection can carry: xk6-kv's catalogue, gridkv's HTTP-level names, and NetworkError.
 * One name per line: a test of the node compares this list with its Java catalogue.
 */
export type KvErrorName =
  // Data access
  | "KeyNotFoundError"
  | "InvalidCursorError"
  // Options and validation
  | "InvalidOptionsError"
  | "InvalidBackendError"
  | "InvalidSerializationError"
  | "KVOptionsConflictError"
  | "BackupOptionsRequiredError"
  | "RestoreOptionsRequiredError"
  | "MetricsUnavailableError"
  | "ValueNumberRequiredError"
  | "UnsupportedValueTypeError"
  | "ValueParseError"
  | "SerializerError"
  | "SnapshotBudgetExceededError"
  | "InternalStoreError"
  | "UnexpectedStoreOutputError"
  | "UnknownError"
  // Concurrency and lifecycle
  | "BackupInProgressError"
  | "RestoreInProgressError"
  | "OperationCanceledError"
  | "StoreReadOnlyError"
  | "StoreClosedError"
  | "DatabaseNotOpenError"
  // Snapshots and the file system
  | "SnapshotNotFoundError"
  | "SnapshotPermissionError"
  | "SnapshotExportError"
  | "SnapshotIOError"
  | "SnapshotReadError"
  | "SnapshotKeyMissingError"
  | "DiskPathError"
  // Disk backend
  | "DiskStoreOpenError"
  | "DiskStoreReadError"
  | "DiskStoreWriteError"
  | "DiskStoreDeleteError"
  | "DiskStoreExistsError"
  | "DiskStoreScanError"
  | "DiskStoreSizeError"
  | "DiskStoreIndexError"
  | "KeyListRebuildError"
  | "BucketNotFoundError"
  // Item-level names (inside results, never a whole call's rejection)
  | "ClaimNotUpdated"
  | "InvalidEntries"
  | "EmptyKey"
  // HTTP level (docs/http-api.md)
  | "UnauthorizedError"
  | "NotFoundError"
  | "MethodNotAllowedError"
  | "RequestTooLargeError"
  | "ServiceUnavailableError"
  // The k6 module's own: no node could be reached, or every attempt failed without an answer (reset, timeout)
  | "NetworkError";

/** What every rejection is: a plain object, not an `Error`. `openKv` throws the same shape. */
export interface KvError {
  name: KvErrorName;
  message: string;
}

/**
 * Opens a handle on a gridkv store. Synchronous and makes no request, so it belongs in the init
 * context like xk6-kv's; the store is opened (and its options checked) by the handle's first call.
 * Throws a {@link KvError}: `InvalidOptionsError`, `InvalidBackendError` or `InvalidSerializationError`.
 */
export function openKv(options?: OpenKvOptions | null): KV;

declare const gridkv: {
  openKv: typeof openKv;
};
export default gridkv;
