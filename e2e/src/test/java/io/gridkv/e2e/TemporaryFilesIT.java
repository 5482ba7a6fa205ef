package io.gridkv.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a killed node leaves in its temporary directory: only the one copy of leveldbjni's native library that every
 * later start reuses. The regressions: leveldbjni's loader extracted a new 750 KB copy at every start, and Vert.x made
 * a {@code vertx-cache-<uuid>} directory, both removed only on a clean exit — so every {@code kill -9}, OOM kill or
 * crash left them behind for good.
 */
@Timeout(300)
class TemporaryFilesIT {
    @RegisterExtension
    static final NodeProcesses nodes = new NodeProcesses(1);

    private static final String STORE = "tmp-files";

    @Test
    void killedNode_leavesOnlyTheLibraryCopyInItsTemporaryDirectory() throws Exception {
        nodes.start();
        // The native library, LevelDB files and a snapshot in use when the node dies.
        assertEquals(200, nodes.call(0, STORE, "open", "{\"backend\":\"disk\"}").statusCode());
        assertEquals(
                200, nodes.call(0, STORE, "set", "{\"key\":\"k\",\"value\":1}").statusCode());
        assertEquals(
                200,
                nodes.call(0, STORE, "backup", "{\"fileName\":\"before-the-kill\"}")
                        .statusCode());

        nodes.kill(0);

        Path tmp = nodes.tmpDir(0);
        List<Path> left = tree(tmp);
        assertEquals(
                List.of(),
                left.stream().filter(p -> !isTheLibraryCopy(tmp.relativize(p))).toList(),
                () -> "left in the node's temporary directory, of " + left);
    }

    /** {@code gridkv-leveldbjni-<user>-<hash>/} or the library in it (none where leveldbjni does not load). */
    private static boolean isTheLibraryCopy(Path relative) {
        boolean inItsDirectory = relative.getName(0).toString().startsWith("gridkv-leveldbjni-");
        return inItsDirectory
                && (relative.getNameCount() == 1
                        || (relative.getNameCount() == 2
                                && relative.getFileName().toString().equals(System.mapLibraryName("leveldbjni"))));
    }

    /** Everything below {@code dir}, parents before children. */
    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).sorted().toList();
        }
    }
}
