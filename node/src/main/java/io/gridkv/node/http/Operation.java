package io.gridkv.node.http;

import io.gridkv.BackupOptions;
import io.gridkv.Kv;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.ScanOptions;
import io.gridkv.internal.engine.OperationIds;
import io.gridkv.internal.processor.OperationId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The store operations of the HTTP API, one per {@link Kv} method, named as xk6-kv names them. Each reads its named
 * arguments ({@link Args}) and calls the handle; the result is written as JSON as it is.
 */
enum Operation {
    GET("get", Scope.KEY, List.of("key"), a -> key(a, Kv::get)),
    SET("set", Scope.KEY, List.of("key", "value"), a -> keyValue(a, Kv::set)),
    DELETE("delete", Scope.KEY, List.of("key"), a -> key(a, Kv::delete)),
    EXISTS("exists", Scope.KEY, List.of("key"), a -> key(a, Kv::exists)),
    CLEAR("clear", Scope.STORE, List.of(), a -> Kv::clear),
    SIZE("size", Scope.STORE, List.of(), a -> Kv::size),
    INCREMENT_BY("incrementBy", Scope.KEY, List.of("key", "delta"), a -> {
        String key = a.key();
        Number delta = a.delta();
        return kv -> kv.incrementBy(key, delta);
    }),
    GET_OR_SET("getOrSet", Scope.KEY, List.of("key", "value"), a -> keyValue(a, Kv::getOrSet)),
    SWAP("swap", Scope.KEY, List.of("key", "value"), a -> keyValue(a, Kv::swap)),
    COMPARE_AND_SWAP("compareAndSwap", Scope.KEY, List.of("key", "oldValue", "newValue"), a -> {
        String key = a.key();
        Object oldValue = a.value("oldValue");
        Object newValue = a.value("newValue");
        return kv -> kv.compareAndSwap(key, oldValue, newValue);
    }),
    SET_IF_ABSENT("setIfAbsent", Scope.KEY, List.of("key", "value"), a -> keyValue(a, Kv::setIfAbsent)),
    DELETE_IF_EXISTS("deleteIfExists", Scope.KEY, List.of("key"), a -> key(a, Kv::deleteIfExists)),
    COMPARE_AND_DELETE("compareAndDelete", Scope.KEY, List.of("key", "oldValue"), a -> {
        String key = a.key();
        Object oldValue = a.value("oldValue");
        return kv -> kv.compareAndDelete(key, oldValue);
    }),
    LIST("list", Scope.STORE, List.of("prefix", "limit"), a -> {
        ListOptions options = listOptions(a);
        return kv -> kv.list(options);
    }),
    LIST_KEYS("listKeys", Scope.STORE, List.of("prefix", "limit"), a -> {
        ListOptions options = listOptions(a);
        return kv -> kv.listKeys(options);
    }),
    SCAN("scan", Scope.STORE, List.of("prefix", "limit", "cursor"), a -> {
        ScanOptions options = scanOptions(a);
        return kv -> kv.scan(options);
    }),
    SCAN_KEYS("scanKeys", Scope.STORE, List.of("prefix", "limit", "cursor"), a -> {
        ScanOptions options = scanOptions(a);
        return kv -> kv.scanKeys(options);
    }),
    COUNT("count", Scope.STORE, List.of("prefix"), a -> {
        String prefix = a.string("prefix");
        return kv -> kv.count(prefix);
    }),
    RANDOM_KEY("randomKey", Scope.STORE, List.of("prefix"), a -> {
        String prefix = a.string("prefix");
        return kv -> kv.randomKey(prefix);
    }),
    RANDOM_KEYS("randomKeys", Scope.STORE, List.of("prefix", "count", "unique"), a -> {
        RandomKeysOptions options = RandomKeysOptions.builder()
                .prefix(a.string("prefix"))
                .count(a.integer("count", 0))
                .unique(a.bool("unique", true))
                .build();
        return kv -> kv.randomKeys(options);
    }),
    REBUILD_KEY_LIST("rebuildKeyList", Scope.STORE, List.of(), a -> Kv::rebuildKeyList),
    BACKUP("backup", Scope.STORE, List.of("fileName", "allowConcurrentWrites"), a -> {
        BackupOptions options = new BackupOptions(a.snapshotFile("fileName"), a.bool("allowConcurrentWrites", false));
        return kv -> kv.backup(options);
    }),
    RESTORE("restore", Scope.STORE, List.of("fileName", "maxEntries", "maxBytes"), a -> {
        RestoreOptions options =
                new RestoreOptions(a.snapshotFile("fileName"), a.integer("maxEntries", 0), a.integer("maxBytes", 0));
        return kv -> kv.restore(options);
    });

    /** What an operation touches: one key, or the whole store (which orders it against everything in a batch). */
    enum Scope {
        KEY,
        STORE
    }

    private static final Map<String, Operation> BY_WIRE_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Operation::wireName, Function.identity()));

    private final String wireName;
    private final Scope scope;
    private final Set<String> argumentNames;
    private final Binder binder;

    Operation(String wireName, Scope scope, List<String> argumentNames, Binder binder) {
        this.wireName = wireName;
        this.scope = scope;
        this.argumentNames = new LinkedHashSet<>(argumentNames);
        this.binder = binder;
    }

    /** The operation xk6-kv calls {@code name}, or null. */
    static Operation byWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }

    String wireName() {
        return wireName;
    }

    Scope scope() {
        return scope;
    }

    Set<String> argumentNames() {
        return argumentNames;
    }

    /**
     * Whether a request's {@code Idempotency-Key} becomes this operation's {@link OperationId}. Not for
     * {@code backup} and {@code restore}: they are no single-key mutation the cluster could remember, and an id handed
     * to them would be taken by whichever mutation they happened to start first. A resend of either simply runs again
     * (a backup rewrites its snapshot, a restore reloads the same contents).
     */
    boolean takesOperationId() {
        return this != BACKUP && this != RESTORE;
    }

    /**
     * Reads and checks every argument, before any store is touched: a refused call must not even open its store,
     * since the first open fixes a store's options cluster-wide.
     *
     * @throws io.gridkv.KvException {@code InvalidOptionsError} (or {@code ValueNumberRequiredError}) naming the bad
     *     argument
     */
    Call bind(Args args) {
        return binder.bind(args);
    }

    private static ListOptions listOptions(Args a) {
        return ListOptions.builder()
                .prefix(a.string("prefix"))
                .limit(a.integer("limit", 0))
                .build();
    }

    private static ScanOptions scanOptions(Args a) {
        return ScanOptions.builder()
                .prefix(a.string("prefix"))
                .limit(a.integer("limit", 0))
                .cursor(a.string("cursor"))
                .build();
    }

    private static Call key(Args a, BiFunction<Kv, String, CompletableFuture<?>> call) {
        String key = a.key();
        return kv -> call.apply(kv, key);
    }

    private static Call keyValue(Args a, TriFunction call) {
        String key = a.key();
        Object value = a.value("value");
        return kv -> call.apply(kv, key, value);
    }

    /** An operation with its arguments read and checked, ready to run on a store. */
    @FunctionalInterface
    interface Call {
        CompletableFuture<?> apply(Kv kv);

        /** Runs the operation; a failure fails the returned future, never throws. */
        default CompletableFuture<?> run(Kv kv) {
            try {
                return apply(kv);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        /**
         * This call with {@code id} (when not null) as the identity of the mutation it makes; {@code resent}: the
         * caller sent it before.
         */
        default Call identified(OperationId id, boolean resent) {
            return id == null ? this : kv -> OperationIds.with(id, resent, () -> apply(kv));
        }
    }

    @FunctionalInterface
    private interface Binder {
        Call bind(Args args);
    }

    @FunctionalInterface
    private interface TriFunction {
        CompletableFuture<?> apply(Kv kv, String key, Object value);
    }
}
