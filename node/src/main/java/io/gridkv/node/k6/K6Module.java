package io.gridkv.node.k6;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The k6 module files the node serves for download ({@code GET /k6/gridkv.js}, {@code GET /k6/gridkv.d.ts}). The
 * sources are the npm package in {@code node/src/main/k6}; the build copies them into the jar.
 */
public final class K6Module {
    public static final String SCRIPT = "gridkv.js";
    public static final String DECLARATIONS = "gridkv.d.ts";

    private K6Module() {}

    /**
     * The bytes of {@code file} ({@link #SCRIPT} or {@link #DECLARATIONS}), or null when this build does not hold it
     * (classes run straight from an IDE without the build's resource step).
     */
    public static byte[] read(String file) {
        try (InputStream in = K6Module.class.getResourceAsStream("/k6/" + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the k6 module file " + file, e);
        }
    }
}
