package io.gridkv;

/** One key and its value, as {@link Kv#list} and {@link Kv#scan} return them ({@code {key, value}}). */
public record Entry(String key, Object value) {}
