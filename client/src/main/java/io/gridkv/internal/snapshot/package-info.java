/**
 * Snapshot files for {@code backup}/{@code restore} (SPEC.md a.6): a directory holding a LevelDB database of the
 * store's raw entries and a JSON manifest, written to a temporary name and renamed into place, read back under entry
 * and byte budgets. The store-wide orchestration (mutation blocks, cluster paging) builds on these. Internal: may change
 * without notice.
 */
package io.gridkv.internal.snapshot;
