package io.gridkv.internal.leveldb;

import io.gridkv.internal.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;

/**
 * Whether the JNI engine works in this JVM, found out once by using it: a scratch database in {@code java.io.tmpdir}
 * is created, written, read back and removed. Loading the class alone is not enough — {@code JniDBFactory}'s static
 * initialiser extracts and loads the native library, and a library that loads can still fail on first use.
 *
 * <p>Every way this fails is caught ({@link UnsatisfiedLinkError} on ARM or musl, {@link NoClassDefFoundError} when
 * the jar is missing, {@link ExceptionInInitializerError}, an {@code IOException} from a {@code noexec} tmpdir...):
 * the caller falls back to iq80. The outcome is per JVM because a native library loads at most once per JVM.
 *
 * <p>The library is loaded from {@link JniLibraryCopy}'s one copy where it can be made, so starts leave nothing
 * behind in the temporary directory.
 */
final class JniProbe {
    private static final Logger LOG = Logger.getLogger(JniProbe.class.getName());

    private JniProbe() {}

    /** The probe's outcome: {@code failure} is null when JNI works. */
    record Outcome(Throwable failure) {
        boolean works() {
            return failure == null;
        }
    }

    private static final class Holder {
        static final Outcome OUTCOME = run();
    }

    static Outcome outcome() {
        return Holder.OUTCOME;
    }

    /** Only called once {@link #outcome()} said JNI works; the class reference stays out of every other path. */
    static DBFactory factory() {
        return JniDBFactory.factory;
    }

    private static Outcome run() {
        try {
            useOneCopyOfTheLibrary();
            Path scratch = Files.createTempDirectory("gridkv-leveldbjni-probe");
            try {
                roundTrip(scratch.resolve("db"));
            } finally {
                FileTrees.deleteTree(scratch);
            }
            return new Outcome(null);
        } catch (Throwable t) { // any failure of a native library must mean "use iq80", never a failed start
            return new Outcome(t);
        }
    }

    private static void useOneCopyOfTheLibrary() {
        try {
            Path file = JniLibraryCopy.prepare();
            LOG.fine(() -> file == null ? "leveldbjni: hawtjni extracts its own copy" : "leveldbjni: loading " + file);
        } catch (IOException | RuntimeException e) { // hawtjni's own extraction still works without the copy
            LOG.log(Level.FINE, "leveldbjni: no shared copy of the native library, hawtjni extracts its own", e);
        }
    }

    private static void roundTrip(Path dir) throws IOException {
        byte[] key = "probe".getBytes(StandardCharsets.UTF_8);
        byte[] value = "ok".getBytes(StandardCharsets.UTF_8);
        try (DB db = factory().open(dir.toFile(), new Options().createIfMissing(true))) {
            db.put(key, value);
            if (!Arrays.equals(value, db.get(key))) {
                throw new IOException("leveldbjni read back a different value than it wrote");
            }
        }
    }
}
