package io.gridkv.node.http;

import io.gridkv.Kv;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.ScanOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The store operations of the HTTP API, one per {@link Kv} method, named as xk6-kv names them. Each reads its named
 * arguments ({@link Args}) and calls the handle; the result is written as JSON as it is.
 */
enum Operation {
    GET("get", Scope.KEY, List.of("key"), (kv, a) -> kv.get(a.key())),
    SET("set", Scope.KEY, List.of("key", "value"), (kv, a) -> kv.set(a.key(), a.value("value"))),
    DELETE("delete", Scope.KEY, List.of("key"), (kv, a) -> kv.delete(a.key())),
    EXISTS("exists", Scope.KEY, List.of("key"), (kv, a) -> kv.exists(a.key())),
    CLEAR("clear", Scope.STORE, List.of(), (kv, a) -> kv.clear()),
    SIZE("size", Scope.STORE, List.of(), (kv, a) -> kv.size()),
    INCREMENT_BY("incrementBy", Scope.KEY, List.of("key", "delta"), (kv, a) -> kv.incrementBy(a.key(), a.delta())),
    GET_OR_SET("getOrSet", Scope.KEY, List.of("key", "value"), (kv, a) -> kv.getOrSet(a.key(), a.value("value"))),
    SWAP("swap", Scope.KEY, List.of("key", "value"), (kv, a) -> kv.swap(a.key(), a.value("value"))),
    COMPARE_AND_SWAP(
            "compareAndSwap",
            Scope.KEY,
            List.of("key", "oldValue", "newValue"),
            (kv, a) -> kv.compareAndSwap(a.key(), a.value("oldValue"), a.value("newValue"))),
    SET_IF_ABSENT(
            "setIfAbsent", Scope.KEY, List.of("key", "value"), (kv, a) -> kv.setIfAbsent(a.key(), a.value("value"))),
    DELETE_IF_EXISTS("deleteIfExists", Scope.KEY, List.of("key"), (kv, a) -> kv.deleteIfExists(a.key())),
    COMPARE_AND_DELETE(
            "compareAndDelete",
            Scope.KEY,
            List.of("key", "oldValue"),
            (kv, a) -> kv.compareAndDelete(a.key(), a.value("oldValue"))),
    LIST("list", Scope.STORE, List.of("prefix", "limit"), (kv, a) -> kv.list(listOptions(a))),
    LIST_KEYS("listKeys", Scope.STORE, List.of("prefix", "limit"), (kv, a) -> kv.listKeys(listOptions(a))),
    SCAN("scan", Scope.STORE, List.of("prefix", "limit", "cursor"), (kv, a) -> kv.scan(scanOptions(a))),
    SCAN_KEYS("scanKeys", Scope.STORE, List.of("prefix", "limit", "cursor"), (kv, a) -> kv.scanKeys(scanOptions(a))),
    COUNT("count", Scope.STORE, List.of("prefix"), (kv, a) -> kv.count(a.string("prefix"))),
    RANDOM_KEY("randomKey", Scope.STORE, List.of("prefix"), (kv, a) -> kv.randomKey(a.string("prefix"))),
    RANDOM_KEYS(
            "randomKeys",
            Scope.STORE,
            List.of("prefix", "count", "unique"),
            (kv, a) -> kv.randomKeys(RandomKeysOptions.builder()
                    .prefix(a.string("prefix"))
                    .count(a.integer("count", 0))
                    .unique(a.bool("unique", true))
                    .build())),
    REBUILD_KEY_LIST("rebuildKeyList", Scope.STORE, List.of(), (kv, a) -> kv.rebuildKeyList());

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
    private final Call call;

    Operation(String wireName, Scope scope, List<String> argumentNames, Call call) {
        this.wireName = wireName;
        this.scope = scope;
        this.argumentNames = new LinkedHashSet<>(argumentNames);
        this.call = call;
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

    /** Runs the operation; a bad argument fails the returned future, never throws. */
    CompletableFuture<?> run(Kv kv, Args args) {
        try {
            return call.run(kv, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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

    @FunctionalInterface
    private interface Call {
        CompletableFuture<?> run(Kv kv, Args args);
    }
}
