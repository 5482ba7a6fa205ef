package io.gridkv;

/**
 * The answer of {@link Kv#getOrSet}: {@code {value, loaded}}. {@code loaded} is true when the key existed and
 * {@code value} is what it held; false when the call stored the given value.
 */
public record GetOrSetResult(Object value, boolean loaded) {}
