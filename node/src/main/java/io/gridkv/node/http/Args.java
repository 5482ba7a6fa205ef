package io.gridkv.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.BackupOptions;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.internal.snapshot.SnapshotPaths;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The named arguments of one operation, read strictly: each has one JSON type, and a name the operation does not take
 * is an error — a misspelt {@code prefx} must not silently mean "no prefix".
 */
final class Args {
    private final String op;
    private final ObjectNode node;
    private final Path snapshotDir;

    private Args(String op, ObjectNode node, Path snapshotDir) {
        this.op = op;
        this.node = node;
        this.snapshotDir = snapshotDir;
    }

    /**
     * @param ignored a name allowed beside the operation's own (the {@code op} field of a batch item), or null
     * @param snapshotDir the node's snapshot directory, the only place snapshot names given over HTTP may point into
     * @throws KvException {@code InvalidOptionsError} naming the first argument {@code op} does not take
     */
    static Args of(Operation op, ObjectNode node, String ignored, Path snapshotDir) {
        Set<String> names = op.argumentNames();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name) && !name.equals(ignored)) {
                throw invalid(op.wireName() + " takes no argument \"" + name + "\"; it takes " + names);
            }
        }
        return new Args(op.wireName(), node, snapshotDir);
    }

    /** The required {@code key}: a non-empty string (the store checks that too, but only once it is open). */
    String key() {
        JsonNode key = node.get("key");
        if (key == null || key.isNull()) {
            throw invalid(op + " needs a \"key\"");
        }
        if (!key.isTextual()) {
            throw invalid(op + ": \"key\" must be a string");
        }
        if (key.textValue().isEmpty()) {
            throw invalid("key must be a non-empty string");
        }
        return key.textValue();
    }

    /**
     * A value argument as the store's codec takes it: absent or {@code null} is null, a JSON string is a Java string
     * (so a string store keeps its text), anything else stays a JSON tree.
     */
    Object value(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        requireFiniteNumbers(name, value);
        return value;
    }

    /**
     * A JSON number beyond float64 ({@code 1e400}) parses as infinity: no JavaScript caller can send one, the json
     * codec could not store it and the answer could not echo it, so it is refused before any store sees it.
     */
    private void requireFiniteNumbers(String name, JsonNode value) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            throw new KvException(
                    KvError.SerializerError,
                    op + ": \"" + name + "\" holds a number beyond the range of a float64: " + value.asText());
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                requireFiniteNumbers(name, child);
            }
        }
    }

    /** Whether a value argument was given at all ({@code null} counts as given). */
    boolean has(String name) {
        return node.has(name);
    }

    /** {@code incrementBy}'s delta; the store checks that it is an integral int64. */
    Number delta() {
        JsonNode delta = node.get("delta");
        if (delta == null || !delta.isNumber()) {
            throw new KvException(
                    KvError.ValueNumberRequiredError,
                    "incrementBy: delta must be a finite integral number within int64, got "
                            + (delta == null ? "nothing" : delta.toString()));
        }
        return delta.numberValue();
    }

    /** An optional string; absent or null gives {@code ""}. */
    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw invalid(op + ": \"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    /**
     * A snapshot's file name, resolved inside the node's snapshot directory ({@code <data-dir>/snapshots}); absent,
     * null, empty or blank is xk6-kv's default {@value BackupOptions#DEFAULT_FILE}. Checked here, before the store is
     * touched, like every argument: a name that would leave the directory must not even open the store. (A few
     * file-system look-ups on the event loop: the directory is local, and only an existing symbolic link costs more
     * than one.)
     *
     * @throws KvException {@code InvalidOptionsError} for a name that is not one plain entry of the snapshot directory
     *     ({@code ..}, an absolute path, a nested name, a symbolic link leading outside); {@code DiskPathError} when
     *     the directory itself is gone
     */
    Path snapshotFile(String name) {
        String fileName = string(name);
        return SnapshotPaths.resolveInside(snapshotDir, fileName.isBlank() ? BackupOptions.DEFAULT_FILE : fileName);
    }

    /** An optional integral number; absent or null gives {@code absent}. */
    long integer(String name, long absent) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() && !(value.isFloatingPointNumber() && isIntegral(value.doubleValue()))) {
            throw invalid(op + ": \"" + name + "\" must be an integer, got " + value);
        }
        if (!value.canConvertToLong()) {
            return value.doubleValue() < 0
                    ? Long.MIN_VALUE
                    : Long.MAX_VALUE; // far out of range: the limit check says so
        }
        return value.longValue();
    }

    /** An optional boolean; absent or null gives {@code absent}. */
    boolean bool(String name, boolean absent) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw invalid(op + ": \"" + name + "\" must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static boolean isIntegral(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }

    static KvException invalid(String message) {
        return new KvException(KvError.InvalidOptionsError, message);
    }
}
