package io.gridkv.internal.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.KvException;
import io.gridkv.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The {@code gridkv-snapshot.json} of a snapshot: what was saved, checked before anything is restored.
 *
 * <pre>{"formatVersion":1,"store":"default","serialization":"json","entries":3,
 *  "createdAt":"2026-11-25T19:39:44.123Z","engine":"leveldbjni-1.8"}</pre>
 *
 * <p>Readers ignore fields they do not know, so a later gridkv may add some without a new format version; a format
 * version other than {@link #FORMAT_VERSION} is refused, since its entries may mean something else.
 *
 * @param formatVersion the layout and meaning of the snapshot's files; only {@link #FORMAT_VERSION} exists
 * @param store the name of the store that was saved
 * @param serialization how its values were encoded: restoring into a store with another one would misread them
 * @param entries the number of entries in the database
 * @param createdAt when the snapshot was completed
 * @param engine the LevelDB engine that wrote it ({@code io.gridkv.internal.leveldb.Engine#id()}), for diagnostics
 */
public record SnapshotManifest(
        int formatVersion, String store, Serialization serialization, long entries, Instant createdAt, String engine) {
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public SnapshotManifest {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(serialization, "serialization");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(engine, "engine");
    }

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("formatVersion", formatVersion)
                .put("store", store)
                .put("serialization", serialization.wireName())
                .put("entries", entries)
                .put("createdAt", createdAt.toString())
                .put("engine", engine);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws KvException {@code SnapshotReadError} if it is not valid JSON, lacks a field, or has an unknown format
     */
    static SnapshotManifest parse(byte[] json, Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw SnapshotErrors.unreadable(file, "the manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw SnapshotErrors.unreadable(file, "the manifest is not a JSON object", null);
        }
        int format = (int) integer(node, "formatVersion", file);
        if (format != FORMAT_VERSION) {
            throw SnapshotErrors.unreadable(
                    file,
                    "snapshot format version " + format + " is not supported by this gridkv (it reads version "
                            + FORMAT_VERSION + ")",
                    null);
        }
        String serializationName = text(node, "serialization", file);
        Serialization serialization;
        try {
            serialization = Serialization.fromWireName(serializationName);
        } catch (KvException e) {
            throw SnapshotErrors.unreadable(file, "unknown serialization \"" + serializationName + "\"", e);
        }
        long entries = integer(node, "entries", file);
        if (entries < 0) {
            throw SnapshotErrors.unreadable(file, "negative entry count " + entries, null);
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(node, "createdAt", file));
        } catch (DateTimeParseException e) {
            throw SnapshotErrors.unreadable(file, "createdAt is not an ISO-8601 instant", e);
        }
        return new SnapshotManifest(
                format, text(node, "store", file), serialization, entries, createdAt, text(node, "engine", file));
    }

    private static long integer(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw SnapshotErrors.unreadable(file, "the manifest has no integer \"" + field + "\"", null);
        }
        if (field.equals("formatVersion") && !v.canConvertToInt()) {
            throw SnapshotErrors.unreadable(file, "snapshot format version " + v + " is not supported", null);
        }
        return v.longValue();
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw SnapshotErrors.unreadable(file, "the manifest has no string \"" + field + "\"", null);
        }
        return v.textValue();
    }
}
