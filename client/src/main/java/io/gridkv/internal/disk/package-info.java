/**
 * The {@code disk} backend's files: one LevelDB database per store on each member ({@code <dataDir>/disk/<store>}),
 * holding the versioned records (and deletion tombstones) of the partitions that member owns or backs up, written
 * through by the store's mutations, with group commit for the syncs.
 */
package io.gridkv.internal.disk;
