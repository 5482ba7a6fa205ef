package io.gridkv;

/**
 * The answer of {@link Kv#swap}: {@code {previous, loaded}}. {@code loaded} is false (and {@code previous} null) when
 * the key did not exist before the swap.
 */
public record SwapResult(Object previous, boolean loaded) {}
