package io.gridkv;

/** Where a store keeps its entries (SPEC.md a.1 {@code backend}). Fixed per store by its first opener. */
public enum Backend {
    /** In the members' memory, each entry on its owner and (by default) one synchronous backup on another member. */
    MEMORY("memory"),
    /**
     * As {@link #MEMORY}, and every member also writes what it owns and backs up to LevelDB under its data directory:
     * a write is acknowledged once its owner's disk has it (fsynced, unless {@code noSync}), and a whole cluster
     * restarted on its data directories comes back with every acknowledged write.
     */
    DISK("disk");

    private final String wireName;

    Backend(String wireName) {
        this.wireName = wireName;
    }

    /** The name xk6-kv and the HTTP API use: {@code "memory"} or {@code "disk"}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name (case-sensitive, as xk6-kv); anything else fails with {@code InvalidBackendError}. */
    public static Backend fromWireName(String name) {
        for (Backend b : values()) {
            if (b.wireName.equals(name)) {
                return b;
            }
        }
        throw new KvException(
                KvError.InvalidBackendError, "invalid backend: \"" + name + "\" (expected \"memory\" or \"disk\")");
    }
}
