package io.gridkv.internal.leveldb;

import io.gridkv.internal.files.FileTrees;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.util.Snappy;

/**
 * Which LevelDB engine runs in this JVM, and the rules for creating and opening gridkv's LevelDB directories.
 *
 * <h2>Choosing the engine</h2>
 *
 * The system property {@value #ENGINE_PROPERTY} picks the mode: {@code auto} (default) uses leveldbjni when a probe
 * database works here (x86-64/x86 glibc Linux, Windows, Intel macOS) and falls back to iq80 otherwise, logging a
 * warning with the reason; {@code iq80} never loads the native library (tests, or a platform where loading it is
 * unwelcome); {@code jni} insists on leveldbjni and fails every LevelDB use if it does not load, rather than silently
 * running 3-4x slower. The outcome is {@link #selection()}: a node logs it at start-up.
 *
 * <h2>Which engine opens a directory</h2>
 *
 * Every directory created here first gets a {@code GRIDKV-ENGINE} marker naming the engine that writes it, and the
 * marker decides every later open:
 *
 * <ul>
 *   <li>written by iq80: always opened with iq80, even where JNI works — JNI corrupts iq80's MANIFEST;
 *   <li>written by JNI: opened with JNI where it works, otherwise with iq80, which reads JNI's files (snappy is on the
 *       class path). iq80 rewrites the MANIFEST as it opens, so the marker is switched to iq80 <em>before</em> the
 *       open: from then on the directory is iq80's, and JNI will not open it again;
 *   <li>no marker and empty: a new directory, as {@link #create(Path)};
 *   <li>no marker and not empty: refused with {@link ForeignDirectoryException} — gridkv did not write it — unless the
 *       caller adopts it, which opens it with iq80 (it reads both engines' files) and marks it iq80;
 *   <li>a marker naming an unknown engine: always refused.
 * </ul>
 *
 * <p>Concurrency: instances are immutable apart from the once-computed selection and safe to share. LevelDB's own
 * {@code LOCK} file keeps a directory to one open handle, in this process or another; a second open fails.
 *
 * <p>Failure: a marker switch happens before iq80 opens a JNI directory, so a crash in between leaves a JNI-written
 * directory marked iq80 — which iq80 opens correctly. Marker writes are atomic (see {@link EngineMarker}).
 */
public final class LevelDbEngines {
    /** The system property that chooses the engine: {@code auto} (default), {@code jni} or {@code iq80}. */
    public static final String ENGINE_PROPERTY = "gridkv.leveldb.engine";

    private static final Logger LOG = Logger.getLogger(LevelDbEngines.class.getName());

    /** How the engine for new directories is chosen. */
    public enum Mode {
        AUTO,
        JNI,
        IQ80;

        /** Parses a property value, ignoring case and surrounding blanks; null or blank is {@link #AUTO}. */
        public static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "-D" + ENGINE_PROPERTY + "=" + value + " is not one of auto, jni, iq80", e);
            }
        }
    }

    private static volatile LevelDbEngines system;

    private final Mode mode;
    private final Supplier<JniProbe.Outcome> probe;
    private volatile EngineSelection selection;

    private LevelDbEngines(Mode mode, Supplier<JniProbe.Outcome> probe) {
        this.mode = mode;
        this.probe = probe;
    }

    /**
     * The engines as {@value #ENGINE_PROPERTY} configures them, read once per JVM.
     *
     * @throws IllegalArgumentException if the property has an unknown value
     */
    public static LevelDbEngines system() {
        LevelDbEngines s = system;
        if (s == null) {
            synchronized (LevelDbEngines.class) {
                s = system;
                if (s == null) {
                    s = of(Mode.parse(System.getProperty(ENGINE_PROPERTY)));
                    system = s;
                }
            }
        }
        return s;
    }

    /** The engines in an explicit mode, whatever the system property says. */
    public static LevelDbEngines of(Mode mode) {
        return new LevelDbEngines(mode, JniProbe::outcome);
    }

    /** For tests: the engines as they behave where the JNI probe ends with {@code outcome}. */
    static LevelDbEngines withProbe(Mode mode, JniProbe.Outcome outcome) {
        return new LevelDbEngines(mode, () -> outcome);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The engine new directories get, and why. The first call probes JNI (unless the mode is {@code iq80}) and logs
     * the outcome: INFO when the choice is the expected one, WARNING when iq80 stands in for a JNI that failed.
     *
     * @throws IllegalStateException in mode {@code jni} when leveldbjni does not work in this JVM
     */
    public EngineSelection selection() {
        EngineSelection s = selection;
        if (s == null) {
            synchronized (this) {
                s = selection;
                if (s == null) {
                    s = choose();
                    selection = s;
                }
            }
        }
        return s;
    }

    private EngineSelection choose() {
        if (mode == Mode.IQ80) {
            EngineSelection s = new EngineSelection(Engine.IQ80, "forced: " + ENGINE_PROPERTY + "=iq80");
            LOG.info(() -> "LevelDB engine: " + s + snappyNote());
            return s;
        }
        JniProbe.Outcome outcome = probe.get();
        if (outcome.works()) {
            EngineSelection s = new EngineSelection(
                    Engine.JNI,
                    mode == Mode.JNI
                            ? "forced: " + ENGINE_PROPERTY + "=jni; the native library loaded"
                            : "the native library loaded");
            LOG.info(() -> "LevelDB engine: " + s);
            return s;
        }
        if (mode == Mode.JNI) {
            String message =
                    ENGINE_PROPERTY + "=jni, but leveldbjni does not work in this JVM: " + outcome.failure() + hints();
            LOG.log(Level.SEVERE, message, outcome.failure());
            throw new IllegalStateException(message, outcome.failure());
        }
        EngineSelection s =
                new EngineSelection(Engine.IQ80, "fallback: leveldbjni does not work here: " + outcome.failure());
        LOG.log(
                Level.WARNING,
                "LevelDB engine: " + s + ". gridkv runs on the pure-Java engine (reads are 3-4x slower)." + hints()
                        + snappyNote(),
                outcome.failure());
        return s;
    }

    private static String hints() {
        return " leveldbjni ships native code for x86-64/x86 glibc Linux, Windows and Intel macOS only (no ARM, no"
                + " musl) and unpacks it into java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                + "), which must not be mounted noexec; -Dlibrary.leveldbjni.path=<dir> points it elsewhere.";
    }

    private static String snappyNote() {
        return Snappy.available()
                ? ""
                : " WARNING: no snappy on the class path: iq80 writes uncompressed files and cannot read"
                        + " directories leveldbjni wrote.";
    }

    /** Whether directories written by JNI may be opened with JNI here. */
    private boolean jniUsable() {
        return mode != Mode.IQ80 && selection().engine() == Engine.JNI;
    }

    /**
     * Creates a new LevelDB directory with the selected engine, marked with it. Missing parents are created.
     *
     * @throws FileAlreadyExistsException if {@code dir} exists and is not an empty directory
     * @throws IOException if the directory, the marker or the database can not be created
     */
    public LevelDb create(Path dir) throws IOException {
        Engine engine = engineForNewDirectories();
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir) || !FileTrees.isEmptyDirectory(dir)) {
                throw new FileAlreadyExistsException(
                        dir.toString(), null, "exists and is not an empty directory; open it instead");
            }
        } else {
            FileTrees.createDirectories(dir);
        }
        EngineMarker.write(dir, engine);
        return open(dir, engine);
    }

    /**
     * Opens an existing LevelDB directory with the engine its marker names (see the class comment).
     *
     * @param adoptUnmarked open a non-empty directory without a marker with iq80 and mark it, instead of refusing it
     * @throws NoSuchFileException if {@code dir} does not exist
     * @throws ForeignDirectoryException if it is not empty and has no marker (unless adopted), or an unknown marker
     * @throws AccessDeniedException if the files can not be read or written for lack of permission
     * @throws IOException for any other failure, e.g. files that are not LevelDB
     */
    public LevelDb openExisting(Path dir, boolean adoptUnmarked) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Optional<String> marker = EngineMarker.read(dir);
        if (marker.isEmpty()) {
            if (FileTrees.isEmptyDirectory(dir)) {
                return create(dir);
            }
            if (!adoptUnmarked) {
                throw new ForeignDirectoryException(
                        dir,
                        "not empty and has no " + EngineMarker.FILE_NAME + " marker, so gridkv did not create it;"
                                + " refusing to open it as LevelDB");
            }
            LOG.warning(() -> dir + ": adopting a LevelDB directory without a marker; opening it with "
                    + Engine.IQ80.id() + ", which reads both engines' files");
            return switchToIq80(dir);
        }
        Engine written = Engine.fromMarker(marker.get())
                .orElseThrow(() -> new ForeignDirectoryException(
                        dir, EngineMarker.FILE_NAME + " names an engine this gridkv does not know: " + marker.get()));
        if (written == Engine.IQ80) {
            return open(dir, Engine.IQ80);
        }
        if (jniUsable()) {
            return open(dir, Engine.JNI);
        }
        LOG.warning(() -> dir + ": written by " + written.id() + " but JNI is not in use here; opening it with "
                + Engine.IQ80.id() + " and marking it as iq80's (leveldbjni will not open it again)");
        return switchToIq80(dir);
    }

    /** {@link #openExisting(Path, boolean) openExisting(dir, false)} if {@code dir} exists, else {@link #create}. */
    public LevelDb openOrCreate(Path dir) throws IOException {
        return Files.exists(dir) ? openExisting(dir, false) : create(dir);
    }

    private Engine engineForNewDirectories() throws IOException {
        try {
            return selection().engine();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private LevelDb switchToIq80(Path dir) throws IOException {
        if (!Snappy.available()) {
            throw new IOException(dir + ": iq80 can not read this directory without snappy on the class path");
        }
        EngineMarker.write(dir, Engine.IQ80);
        return open(dir, Engine.IQ80);
    }

    private static LevelDb open(Path dir, Engine engine) throws IOException {
        Options options = new Options().createIfMissing(true);
        DB db;
        try {
            db = engine.factory().open(dir.toFile(), options);
        } catch (IOException | RuntimeException e) {
            throw openFailure(dir, engine, e);
        }
        return new LevelDb(dir, engine, db);
    }

    /**
     * JNI reports every failure as an {@code IOException} with LevelDB's status text, iq80 throws whatever Java threw;
     * permission problems are made recognisable as {@link AccessDeniedException} for callers' error names, and a
     * directory that is already open gets a message that says so.
     */
    private static IOException openFailure(Path dir, Engine engine, Exception e) {
        if (e instanceof AccessDeniedException a) {
            return a;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Permission denied")) {
            AccessDeniedException denied = new AccessDeniedException(dir.toString(), null, message);
            denied.initCause(e);
            return denied;
        }
        if (e instanceof OverlappingFileLockException || message.contains("already held by process")) {
            return new IOException(dir + ": already open (LevelDB allows one open handle per directory)", e);
        }
        return new IOException(dir + ": " + engine.id() + " could not open it: " + e, e);
    }
}
