package io.gridkv.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridkv.Serialization;

/**
 * Turns values into the bytes a store keeps and back (SPEC.md a.2), one implementation per serialization. Stores
 * compare values by these bytes, so an encoder must give equal values equal bytes on every host.
 *
 * <p>Implementations are stateless and thread-safe. Every failure is a {@link io.gridkv.KvException}.
 */
public interface ValueCodec {

    /**
     * Go {@code encoding/json} semantics through {@link CanonicalJson}. Round-trip stable: for every {@code b} that
     * {@code encode} returns, {@code encode(decode(b))} returns {@code b} again, so a value read by {@code get} always
     * matches as the old value of a compare-and-swap.
     */
    static ValueCodec json() {
        return JsonCodec.INSTANCE;
    }

    /** Strings as their raw UTF-8; anything else formatted as Go's {@code %v} would. Reads always give a string. */
    static ValueCodec string() {
        return StringCodec.INSTANCE;
    }

    /** The codec of a store's serialization. */
    static ValueCodec of(Serialization serialization) {
        switch (serialization) {
            case STRING:
                return string();
            case JSON:
            default:
                return json();
        }
    }

    /**
     * The codec named {@code "json"} or {@code "string"}, as xk6-kv and the HTTP API spell it (case-sensitive).
     *
     * @throws io.gridkv.KvException {@code InvalidSerializationError} for any other name, {@code null} included
     */
    static ValueCodec of(String name) {
        return of(Serialization.fromWireName(name));
    }

    /** {@code "json"} or {@code "string"}. */
    String name();

    /**
     * The bytes to store for a Java value: {@code null}, strings, numbers, booleans, maps, collections, arrays,
     * {@link JsonNode}s, records and beans.
     *
     * @throws io.gridkv.KvException {@code SerializerError} if the value cannot be encoded (NaN or infinite numbers
     *     under json, cycles, types Jackson cannot convert)
     */
    byte[] encode(Object value);

    /**
     * The Java value of stored bytes. Json gives {@code null}, {@code String}, {@code Boolean}, {@code Long} (or
     * {@code BigInteger} beyond 64 bits), {@code Double}, {@code LinkedHashMap<String, Object>} in stored key order
     * and {@code ArrayList}; zero-length bytes give {@code null}. String gives the bytes as text, bad UTF-8 replaced.
     *
     * @throws io.gridkv.KvException {@code SerializerError} if json bytes are not one well-formed UTF-8 JSON value
     */
    Object decode(byte[] bytes);
}
