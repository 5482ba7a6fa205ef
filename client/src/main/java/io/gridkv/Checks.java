package io.gridkv;

/** Argument checks shared by the option builders; each failure is an {@code InvalidOptionsError}. */
final class Checks {
    private Checks() {}

    static String prefix(String prefix) {
        return prefix == null ? "" : prefix;
    }

    /** {@code <= 0} means "no limit" (xk6-kv), above {@code max} is rejected rather than silently clamped. */
    static int limit(String operation, long limit, int max) {
        if (limit > max) {
            throw new KvException(
                    KvError.InvalidOptionsError,
                    operation + " limit must be at most " + max + " (or <= 0 for no limit), got " + limit);
        }
        return (int) Math.max(0, limit);
    }
}
