package io.gridkv.internal.leveldb;

import java.util.Objects;

/**
 * The engine this JVM gives new LevelDB directories, and why — what a node logs at start-up and publishes as a metric.
 *
 * @param engine the engine new directories are created with
 * @param reason one sentence: the native library loaded, it failed (and how), or a system property forced the choice
 */
public record EngineSelection(Engine engine, String reason) {
    public EngineSelection {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code "leveldbjni-1.8"} or {@code "iq80-0.12"}. */
    public String id() {
        return engine.id();
    }

    @Override
    public String toString() {
        return engine.id() + " (" + reason + ")";
    }
}
