package io.gridkv.internal.processor;

/**
 * How an operation changed its key's presence — the same thing the key index learns from the map's entry events, so a
 * caller can tell when its own write has reached its index replica.
 */
public enum Effect {
    NONE,
    ADDED,
    REMOVED;

    private static final Effect[] VALUES = values();

    static Effect of(int ordinal) {
        return VALUES[ordinal];
    }
}
