package io.gridkv.internal.leveldb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.fusesource.hawtjni.runtime.Library;

/**
 * One copy of leveldbjni's native library per user and library content, in {@code java.io.tmpdir}, for hawtjni to
 * load instead of extracting a fresh copy at every start.
 *
 * <p>Why: left to itself, hawtjni (leveldbjni's loader) writes the library to a new randomly named
 * {@code libleveldbjni-64-*} file (750 KB) in the temporary directory at each JVM start and deletes it only on a
 * clean exit — every node that is killed ({@code kill -9}, the OOM killer, a crash test) leaves its copy behind, for
 * ever. With {@link #prepare()} a machine holds one copy, {@code <tmpdir>/gridkv-leveldbjni-<user>-<hash>/}, reused
 * by every later JVM of that user, and hawtjni no longer forks {@code chmod} at start either.
 *
 * <p>Safety: the library is loaded into the process, so its directory must be one nobody else can write: it is
 * created {@code rwx------}, and an existing one is used only if it is a real directory (not a link) owned by this
 * user with exactly those permissions; the file in it is used only if its bytes equal the jar's. Anything else — and
 * any platform without POSIX permissions or a bundled library — leaves hawtjni's own behaviour in place, as does a
 * {@value #PATH_PROPERTY} set by the user.
 */
final class JniLibraryCopy {
    /** hawtjni loads {@code <dir>/<lib>} from the directory this property names before extracting anything. */
    private static final String PATH_PROPERTY = "library.leveldbjni.path";

    private static final String NAME = "leveldbjni";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private JniLibraryCopy() {}

    /**
     * Makes sure the copy is in place and points hawtjni at it; returns the library file, or {@code null} when
     * hawtjni is left to itself (see the class comment). Call before the first use of {@code JniDBFactory}.
     *
     * @throws IOException when the copy can not be checked or written; hawtjni is then left to itself too
     */
    static Path prepare() throws IOException {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return null;
        }
        Path file = copyInto(Path.of(System.getProperty("java.io.tmpdir")));
        if (file != null) {
            System.setProperty(PATH_PROPERTY, file.getParent().toString());
        }
        return file;
    }

    /**
     * This user's copy of the bundled library under {@code tmp}, written if missing or different; {@code null} when
     * there is no bundled library for this platform or no directory only this user can write.
     */
    static Path copyInto(Path tmp) throws IOException {
        byte[] library = bundled();
        if (library == null) {
            return null;
        }
        Path dir = ownDirectory(tmp, library);
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(System.mapLibraryName(NAME));
        if (!sameBytes(file, library)) {
            Path part = Files.createTempFile(dir, NAME, ".part");
            try {
                Files.write(part, library);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return file;
    }

    /** The library leveldbjni's jar holds for this platform (where hawtjni would look first), or {@code null}. */
    static byte[] bundled() throws IOException {
        String resource = "META-INF/native/" + Library.getPlatform() + "/" + System.mapLibraryName(NAME);
        try (InputStream in = Library.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * This user's directory for {@code library}, created if missing, or {@code null} when it exists but might be
     * written by someone else, or the file system has no POSIX permissions.
     */
    private static Path ownDirectory(Path tmp, byte[] library) throws IOException {
        String user = System.getProperty("user.name", "");
        if (user.isEmpty() || !tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        UserPrincipal me;
        try {
            me = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (IOException e) { // a container user without a passwd entry: no way to tell whose a directory is
            return null;
        }
        String safeUser = user.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path dir = tmp.resolve("gridkv-" + NAME + "-" + safeUser + "-" + shortHash(library));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier start, or by someone else: checked below
        }
        PosixFileAttributes held = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean ours = held.isDirectory()
                && held.owner().equals(me)
                && held.permissions().equals(OWNER_ONLY);
        return ours ? dir : null;
    }

    private static boolean sameBytes(Path file, byte[] library) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != library.length) {
            return false;
        }
        return Arrays.equals(Files.readAllBytes(file), library);
    }

    private static String shortHash(byte[] library) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(library);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
