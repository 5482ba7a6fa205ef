package io.gridkv.internal.leveldb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Engines for tests that run once per engine: the JNI case is skipped, not failed, where leveldbjni can not load. */
public final class LevelDbTesting {
    private LevelDbTesting() {}

    /** The engines forced into {@code mode}; in mode JNI, skips the test unless leveldbjni works in this JVM. */
    public static LevelDbEngines engines(LevelDbEngines.Mode mode) {
        if (mode == LevelDbEngines.Mode.JNI) {
            assumeTrue(JniProbe.outcome().works(), () -> "leveldbjni does not load here: " + JniProbe.outcome());
        }
        return LevelDbEngines.of(mode);
    }

    /** The text of a LevelDB directory's engine marker. */
    public static String marker(Path dir) throws IOException {
        return Files.readString(dir.resolve(EngineMarker.FILE_NAME)).strip();
    }

    /**
     * Whether this process can read a file whose mode forbids it (root, or a capability that bypasses permission
     * checks), in which case permission tests prove nothing and are skipped.
     */
    public static boolean ignoresFilePermissions(Path scratchDir) throws IOException {
        Path probe = Files.createTempFile(scratchDir, "perm", ".probe");
        try {
            Files.writeString(probe, "x");
            Files.setPosixFilePermissions(probe, java.util.Set.of());
            try {
                Files.readAllBytes(probe);
                return true;
            } catch (java.nio.file.AccessDeniedException e) {
                return false;
            }
        } finally {
            Files.setPosixFilePermissions(
                    probe,
                    java.util.Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
            Files.delete(probe);
        }
    }
}
