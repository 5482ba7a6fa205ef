package io.gridkv.node.cli;

import io.gridkv.BackupOptions;

/** How the snapshot commands name a snapshot on the screen: the node reads a blank name as xk6-kv's default. */
final class SnapshotName {
    private SnapshotName() {}

    static String shown(String name) {
        return name == null || name.isBlank() ? BackupOptions.DEFAULT_FILE : name;
    }
}
