package io.gridkv.internal.snapshot;

/**
 * What a snapshot directory holds:
 *
 * <pre>
 * &lt;name&gt;/
 *   gridkv-snapshot.json   the manifest ({@link SnapshotManifest})
 *   leveldb/               LevelDB: raw key UTF-8 bytes → stored value bytes, with its GRIDKV-ENGINE marker
 * </pre>
 *
 * The database has a directory of its own so that LevelDB's files and ours never share a name space (LevelDB calls
 * its own metadata files {@code MANIFEST-*}).
 */
final class SnapshotLayout {
    static final String MANIFEST = "gridkv-snapshot.json";
    static final String DATABASE = "leveldb";

    private SnapshotLayout() {}
}
