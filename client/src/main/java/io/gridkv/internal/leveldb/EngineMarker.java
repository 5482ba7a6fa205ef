package io.gridkv.internal.leveldb;

import io.gridkv.internal.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@code GRIDKV-ENGINE} file in each LevelDB directory gridkv creates: one line naming the engine that wrote the
 * directory ({@link Engine#id()}). LevelDB leaves files it does not recognise alone, so the marker lives beside the
 * database's own files.
 *
 * <p>Written before LevelDB writes anything and replaced atomically (temporary file, fsync, rename, directory fsync),
 * so a crash never leaves a directory with LevelDB files and no or half a marker.
 */
final class EngineMarker {
    static final String FILE_NAME = "GRIDKV-ENGINE";

    private EngineMarker() {}

    /** The marker's text, or empty when the directory has none. */
    static Optional<String> read(Path dir) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)
                    .strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static void write(Path dir, Engine engine) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, engine.id() + "\n", StandardCharsets.UTF_8);
        FileTrees.fsyncFile(tmp);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileTrees.fsyncDirectory(dir);
    }
}
