package io.gridkv.internal.leveldb;

import java.util.Optional;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * A LevelDB implementation. Both open {@code org.iq80.leveldb.DB}s with LevelDB's on-disk format, but they are not
 * interchangeable on an existing directory: the JNI engine must never open a directory iq80 has written
 * ({@code ../shared/NOTES-hazelcast.md} section 4), while iq80 (with snappy) reads what JNI wrote.
 *
 * <p>The versions are those of the pinned jars (parent pom); {@code EngineTest} fails when a jar's own version string
 * drifts from them.
 */
public enum Engine {
    /** {@code org.fusesource.leveldbjni:leveldbjni-all}: Google's C++ LevelDB through JNI; x86-64/x86 glibc, no ARM. */
    JNI("leveldbjni", "1.8"),
    /** {@code org.iq80.leveldb:leveldb}: pure Java, runs anywhere; gets are 3-4x slower than JNI. */
    IQ80("iq80", "0.12");

    private final String family;
    private final String version;

    Engine(String family, String version) {
        this.family = family;
        this.version = version;
    }

    /** The library version, e.g. {@code "1.8"}. */
    public String version() {
        return version;
    }

    /**
     * The name recorded in each directory's marker, logged at start-up and published as a metric:
     * {@code "leveldbjni-1.8"} or {@code "iq80-0.12"}.
     */
    public String id() {
        return family + "-" + version;
    }

    /**
     * The engine named by a marker. Only the family counts — a directory written by another release of the same
     * library is still that library's — and an unknown family is empty, never guessed.
     */
    static Optional<Engine> fromMarker(String marker) {
        String text = marker.strip();
        for (Engine e : values()) {
            if (text.startsWith(e.family + "-") || text.equals(e.family)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    DBFactory factory() {
        return this == JNI ? JniProbe.factory() : Iq80DBFactory.factory;
    }
}
