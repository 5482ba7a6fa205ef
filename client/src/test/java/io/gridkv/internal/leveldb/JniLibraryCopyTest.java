package io.gridkv.internal.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        assertArrayEquals(JniLibraryCopy.bundled(), Files.readAllBytes(file));
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

        assertArrayEquals(JniLibraryCopy.bundled(), Files.readAllBytes(file));
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
        Path output = Files.createTempFile("gridkv-jni-child", ".log"); // not in tmp, whose entries are checked
        try {
            Process p = new ProcessBuilder(
                            java.toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Djava.io.tmpdir=" + tmp,
                            LoadAndHalt.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("the JVM did not end within 60 s: " + Files.readString(output));
            }
            assertEquals(LoadAndHalt.LOADED, p.exitValue(), "the JVM's output: " + Files.readString(output));
        } finally {
            Files.delete(output);
        }
    }

    /** Loads leveldbjni as gridkv does, then ends without running exit hooks. */
    static final class LoadAndHalt {
        static final int LOADED = 42;

        public static void main(String[] args) {
            Runtime.getRuntime().halt(JniProbe.outcome().works() ? LOADED : 1);
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
