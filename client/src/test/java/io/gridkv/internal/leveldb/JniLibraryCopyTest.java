package io.gridkv.internal.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fusesource.hawtjni.runtime.Library;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class JniLibraryCopyTest {
    @TempDir
    Path tmp;

    @Test
    void copyInto_writesTheBundledLibrary_inADirectoryOnlyThisUserCanWrite() throws IOException {
        Path file = JniLibraryCopy.copyInto(tmp);

        assertNotNull(file, "linux64 has a bundled library and /tmp has POSIX permissions");
        assertArrayEquals(bundled(), Files.readAllBytes(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(List.of(file.getParent()), entries(tmp));
        assertEquals(List.of(file), entries(file.getParent()), "no part file left");
    }

    @Test
    void copyInto_again_reusesTheCopy() throws IOException {
        Path file = JniLibraryCopy.copyInto(tmp);
        Object identity = Files.readAttributes(file, "unix:ino").get("ino");

        assertEquals(file, JniLibraryCopy.copyInto(tmp));
        assertEquals(identity, Files.readAttributes(file, "unix:ino").get("ino"), "the same file, not rewritten");
    }

    @Test
    void copyInto_replacesACopyWithOtherBytes() throws IOException {
        Path file = JniLibraryCopy.copyInto(tmp);
        Files.write(file, new byte[] {1, 2, 3});

        JniLibraryCopy.copyInto(tmp);

        assertArrayEquals(bundled(), Files.readAllBytes(file));
    }

    @Test
    void copyInto_refusesADirectoryOthersCanWrite() throws IOException {
        Path dir = JniLibraryCopy.copyInto(tmp).getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertNull(JniLibraryCopy.copyInto(tmp));
    }

    @Test
    void copyInto_refusesALinkInPlaceOfTheDirectory() throws IOException {
        Path dir = JniLibraryCopy.copyInto(tmp).getParent();
        Path elsewhere = Files.createDirectory(
                tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.move(dir, tmp.resolve("moved"));
        Files.createSymbolicLink(dir, elsewhere);

        assertNull(JniLibraryCopy.copyInto(tmp));
    }

    /**
     * The regression: hawtjni extracted a new {@code libleveldbjni-64-*} file per JVM and removed it only on a clean
     * exit, so every killed node left 750 KB in the temporary directory. Two JVMs here load the library and then
     * halt, skipping every exit hook, as a killed process would.
     */
    @Test
    void jvmsThatLoadTheLibrary_andDie_leaveOneCopyAndNothingElse() throws Exception {
        assumeTrue(JniProbe.outcome().works(), () -> "leveldbjni does not load here: " + JniProbe.outcome());

        loadAndHalt();
        loadAndHalt();

        List<Path> left = entries(tmp);
        assertEquals(1, left.size(), () -> "in the temporary directory: " + left);
        assertTrue(left.get(0).getFileName().toString().startsWith("gridkv-leveldbjni-"), left::toString);
        assertEquals(List.of(left.get(0).resolve(System.mapLibraryName("leveldbjni"))), entries(left.get(0)));
    }

    private void loadAndHalt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.io.tmpdir=" + tmp,
                        LoadAndHalt.class.getName())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream out = p.getInputStream()) {
            output = new String(out.readAllBytes());
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not end");
        assertEquals(LoadAndHalt.LOADED, p.exitValue(), () -> "the JVM's output: " + output);
    }

    /** Loads leveldbjni as gridkv does, then ends without running exit hooks. */
    static final class LoadAndHalt {
        static final int LOADED = 42;

        public static void main(String[] args) {
            Runtime.getRuntime().halt(JniProbe.outcome().works() ? LOADED : 1);
        }
    }

    private static byte[] bundled() throws IOException {
        String resource = "META-INF/native/" + Library.getPlatform() + "/" + System.mapLibraryName("leveldbjni");
        try (InputStream in = Library.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
