package io.gridkv;

/** How a store turns values into the bytes it keeps (SPEC.md a.2). Fixed per store by its first opener. */
public enum Serialization {
    /** Canonical JSON: sorted object keys, canonical numbers — so equal values always have equal bytes. */
    JSON("json"),
    /** Raw UTF-8 of strings; other values are formatted as xk6-kv formats them ({@code 5} → {@code "5"}). */
    STRING("string");

    private final String wireName;

    Serialization(String wireName) {
        this.wireName = wireName;
    }

    /** The name xk6-kv and the HTTP API use: {@code "json"} or {@code "string"}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; anything else fails with {@code InvalidSerializationError}. */
    public static Serialization fromWireName(String name) {
        for (Serialization s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new KvException(
                KvError.InvalidSerializationError,
                "invalid serialization: \"" + name + "\" (expected \"json\" or \"string\")");
    }
}
