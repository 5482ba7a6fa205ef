package io.gridkv;

import java.util.Objects;

/**
 * The one exception every gridkv call fails with.
 *
 * <p>{@link #name()} is the xk6-kv error name (see {@link KvError}); {@link #getMessage()} carries the detail. It is
 * unchecked because it reaches callers through {@code CompletableFuture}s, where checked exceptions do not help.
 */
public class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final KvError error;

    public KvException(KvError error, String message) {
        this(error, message, null);
    }

    public KvException(KvError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error's name, e.g. {@code "KeyNotFoundError"}: the same string every gridkv client reports. */
    public String name() {
        return error.name();
    }

    /** The error as a catalogue constant, for {@code switch} statements. */
    public KvError error() {
        return error;
    }

    @Override
    public String toString() {
        return name() + ": " + getMessage();
    }
}
