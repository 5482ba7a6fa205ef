package io.gridkv.internal.leveldb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory gridkv refuses to open as LevelDB because it cannot tell which engine wrote it: it has files but no
 * {@code GRIDKV-ENGINE} marker, or a marker naming an engine this build does not know. Opening it with the wrong engine
 * could corrupt it, so the caller must decide ({@link LevelDbEngines#openExisting(Path, boolean)}).
 */
public final class ForeignDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    ForeignDirectoryException(Path directory, String message) {
        super(directory + ": " + message);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
