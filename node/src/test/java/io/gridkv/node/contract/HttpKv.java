package io.gridkv.node.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.BackupOptions;
import io.gridkv.BackupResult;
import io.gridkv.Entry;
import io.gridkv.GetOrSetResult;
import io.gridkv.KeysPage;
import io.gridkv.Kv;
import io.gridkv.KvError;
import io.gridkv.KvException;
import io.gridkv.KvOptions;
import io.gridkv.ListOptions;
import io.gridkv.RandomKeysOptions;
import io.gridkv.RestoreOptions;
import io.gridkv.RestoreResult;
import io.gridkv.ScanOptions;
import io.gridkv.ScanPage;
import io.gridkv.SwapResult;
import io.gridkv.node.cli.NodeCallException;
import io.gridkv.node.cli.NodeClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Kv} over a node's HTTP API: every method is one {@code POST /v1/stores/{store}/{op}} (docs/http-api.md)
 * through {@link NodeClient}, and its JSON answer becomes the Java value the {@code Kv} Javadoc promises. Answers are
 * read strictly — a result of another JSON shape, or with other fields, fails with {@code UnexpectedStoreOutputError}
 * — so the contract suite run through this class checks the API's answers, not only its effects.
 *
 * <p>Done here, because HTTP has no notion of them: {@code set} completes with the very value passed (the node echoes
 * a copy); {@link #close()} ends this handle only, later calls fail with {@code StoreClosedError}; a value JSON
 * cannot carry ({@code NaN}, infinities) fails with {@code SerializerError} before any request, as the in-process
 * encoder fails.
 *
 * <p>Snapshots: over HTTP a snapshot is a file of the node, named by one plain name inside the node's snapshot
 * directory, {@code <data-dir>/snapshots} (docs/http-api.md). {@link #backup} and {@link #restore} therefore send only
 * the last element of the path they are given: {@code /tmp/x/snap} becomes the node's
 * {@code <data-dir>/snapshots/snap}. A test that looks for the file itself must look there; only paths inside that
 * directory mean the same through this class as through the others.
 *
 * <p>Failure: an error whose name is in {@link KvError} becomes a {@link KvException} of that error; any other
 * ({@code UnauthorizedError}, {@code NetworkError}...) stays a {@link NodeCallException}.
 */
final class HttpKv implements Kv {
    private final NodeClient client;
    private final KvOptions options;
    private final AtomicReference<CompletableFuture<Void>> closed = new AtomicReference<>();

    private HttpKv(NodeClient client, KvOptions options) {
        this.client = client;
        this.options = options;
    }

    /**
     * Opens {@code options}' store on the node ({@code POST .../open}), synchronously like {@link Kv#using}.
     *
     * @throws KvException {@code KVOptionsConflictError} when the store's first opener fixed other options
     */
    static HttpKv open(NodeClient client, KvOptions options) {
        ObjectNode args = NodeClient.args()
                .put("backend", "memory")
                .put("serialization", options.serialization().wireName())
                .put("trackKeys", options.trackKeys());
        JsonNode opened;
        try {
            opened = client.call(options.store(), "open", args);
        } catch (NodeCallException e) {
            throw translate(e);
        }
        if (!opened.path("store").asText().equals(options.store())
                || !opened.path("serialization")
                        .asText()
                        .equals(options.serialization().wireName())
                || opened.path("trackKeys").asBoolean() != options.trackKeys()) {
            throw unexpected("open answered other options than asked for " + options, opened);
        }
        return new HttpKv(client, options);
    }

    @Override
    public KvOptions options() {
        return options;
    }

    // ---- basic operations ----

    @Override
    public CompletableFuture<Object> get(String key) {
        return call("get", () -> key(key), JsonValues::toJava);
    }

    @Override
    public CompletableFuture<Object> set(String key, Object value) {
        return call("set", () -> key(key).set("value", JsonValues.toJson(value)), result -> value);
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
        return call("delete", () -> key(key), HttpKv::bool);
    }

    @Override
    public CompletableFuture<Boolean> exists(String key) {
        return call("exists", () -> key(key), HttpKv::bool);
    }

    @Override
    public CompletableFuture<Boolean> clear() {
        return call("clear", NodeClient::args, HttpKv::bool);
    }

    @Override
    public CompletableFuture<Long> size() {
        return call("size", NodeClient::args, HttpKv::integer);
    }

    // ---- atomic operations ----

    @Override
    public CompletableFuture<Long> incrementBy(String key, long delta) {
        return call("incrementBy", () -> key(key).put("delta", delta), HttpKv::integer);
    }

    @Override
    public CompletableFuture<Long> incrementBy(String key, Number delta) {
        return call("incrementBy", () -> key(key).set("delta", JsonValues.number(delta)), HttpKv::integer);
    }

    @Override
    public CompletableFuture<GetOrSetResult> getOrSet(String key, Object value) {
        return call("getOrSet", () -> key(key).set("value", JsonValues.toJson(value)), r -> {
            fields(r, "loaded", "value");
            return new GetOrSetResult(JsonValues.toJava(r.get("value")), bool(r.get("loaded")));
        });
    }

    @Override
    public CompletableFuture<SwapResult> swap(String key, Object value) {
        return call("swap", () -> key(key).set("value", JsonValues.toJson(value)), r -> {
            fields(r, "loaded", "previous");
            return new SwapResult(JsonValues.toJava(r.get("previous")), bool(r.get("loaded")));
        });
    }

    @Override
    public CompletableFuture<Boolean> compareAndSwap(String key, Object oldValue, Object newValue) {
        return call(
                "compareAndSwap",
                () -> {
                    ObjectNode args = key(key);
                    args.set("oldValue", JsonValues.toJson(oldValue));
                    args.set("newValue", JsonValues.toJson(newValue));
                    return args;
                },
                HttpKv::bool);
    }

    @Override
    public CompletableFuture<Boolean> setIfAbsent(String key, Object value) {
        return call("setIfAbsent", () -> key(key).set("value", JsonValues.toJson(value)), HttpKv::bool);
    }

    @Override
    public CompletableFuture<Boolean> deleteIfExists(String key) {
        return call("deleteIfExists", () -> key(key), HttpKv::bool);
    }

    @Override
    public CompletableFuture<Boolean> compareAndDelete(String key, Object oldValue) {
        return call("compareAndDelete", () -> key(key).set("oldValue", JsonValues.toJson(oldValue)), HttpKv::bool);
    }

    // ---- queries ----

    @Override
    public CompletableFuture<List<Entry>> list() {
        return list(ListOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<List<Entry>> list(ListOptions o) {
        return call("list", () -> listArgs(o), HttpKv::entries);
    }

    @Override
    public CompletableFuture<List<String>> listKeys() {
        return listKeys(ListOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<List<String>> listKeys(ListOptions o) {
        return call("listKeys", () -> listArgs(o), HttpKv::strings);
    }

    @Override
    public CompletableFuture<ScanPage> scan() {
        return scan(ScanOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<ScanPage> scan(ScanOptions o) {
        return call("scan", () -> scanArgs(o), r -> {
            fields(r, "cursor", "done", "entries");
            return new ScanPage(entries(r.get("entries")), text(r.get("cursor")), bool(r.get("done")));
        });
    }

    @Override
    public CompletableFuture<KeysPage> scanKeys() {
        return scanKeys(ScanOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<KeysPage> scanKeys(ScanOptions o) {
        return call("scanKeys", () -> scanArgs(o), r -> {
            fields(r, "cursor", "done", "keys");
            return new KeysPage(strings(r.get("keys")), text(r.get("cursor")), bool(r.get("done")));
        });
    }

    @Override
    public CompletableFuture<Long> count() {
        return call("count", NodeClient::args, HttpKv::integer);
    }

    @Override
    public CompletableFuture<Long> count(String prefix) {
        return call("count", () -> NodeClient.args().put("prefix", prefix), HttpKv::integer);
    }

    @Override
    public CompletableFuture<String> randomKey() {
        return call("randomKey", NodeClient::args, HttpKv::text);
    }

    @Override
    public CompletableFuture<String> randomKey(String prefix) {
        return call("randomKey", () -> NodeClient.args().put("prefix", prefix), HttpKv::text);
    }

    @Override
    public CompletableFuture<List<String>> randomKeys(RandomKeysOptions o) {
        return call(
                "randomKeys",
                () -> NodeClient.args()
                        .put("prefix", o.prefix())
                        .put("count", o.count())
                        .put("unique", o.unique()),
                HttpKv::strings);
    }

    @Override
    public CompletableFuture<Boolean> rebuildKeyList() {
        return call("rebuildKeyList", NodeClient::args, HttpKv::bool);
    }

    // ---- snapshots ----

    @Override
    public CompletableFuture<BackupResult> backup(BackupOptions o) {
        return call(
                "backup",
                () -> NodeClient.args()
                        .put("fileName", nodeFileName(o.file()))
                        .put("allowConcurrentWrites", o.allowConcurrentWrites()),
                r -> {
                    fields(r, "bestEffort", "bytesWritten", "totalEntries", "warning");
                    return new BackupResult(
                            integer(r.get("totalEntries")),
                            integer(r.get("bytesWritten")),
                            bool(r.get("bestEffort")),
                            text(r.get("warning")));
                });
    }

    @Override
    public CompletableFuture<RestoreResult> restore(RestoreOptions o) {
        return call(
                "restore",
                () -> NodeClient.args()
                        .put("fileName", nodeFileName(o.file()))
                        .put("maxEntries", o.maxEntries())
                        .put("maxBytes", o.maxBytes()),
                r -> {
                    fields(r, "totalEntries");
                    return new RestoreResult(integer(r.get("totalEntries")));
                });
    }

    /** The name the node resolves in its data directory (see the class comment); a root path goes as it is, refused. */
    private static String nodeFileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    @Override
    public CompletableFuture<Void> close() {
        closed.compareAndSet(null, CompletableFuture.completedFuture(null));
        return closed.get();
    }

    // ---- the call and its answer ----

    /**
     * One request. Arguments that cannot be built (a value JSON cannot carry) fail the future, never throw, as every
     * {@code Kv} method fails.
     */
    private <T> CompletableFuture<T> call(String op, Supplier<ObjectNode> args, Function<JsonNode, T> decode) {
        if (closed.get() != null) {
            return CompletableFuture.failedFuture(
                    new KvException(KvError.StoreClosedError, "kv store handle is closed"));
        }
        ObjectNode body;
        try {
            body = args.get();
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.callAsync(options.store(), op, body).handle((result, failure) -> {
            if (failure != null) {
                throw translate(failure);
            }
            return decode.apply(result);
        });
    }

    private static RuntimeException translate(Throwable failure) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof NodeCallException e) {
            for (KvError error : KvError.values()) {
                if (error.name().equals(e.name())) {
                    return new KvException(error, e.getMessage(), e);
                }
            }
            return e;
        }
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }

    /** {@code {"key": key}}; a null key is sent as JSON null for the node to reject. */
    private static ObjectNode key(String key) {
        return NodeClient.args().put("key", key);
    }

    private static ObjectNode listArgs(ListOptions o) {
        return NodeClient.args().put("prefix", o.prefix()).put("limit", o.limit());
    }

    private static ObjectNode scanArgs(ScanOptions o) {
        return NodeClient.args()
                .put("prefix", o.prefix())
                .put("limit", o.limit())
                .put("cursor", o.cursor());
    }

    private static boolean bool(JsonNode r) {
        if (r == null || !r.isBoolean()) {
            throw unexpected("a boolean expected", r);
        }
        return r.booleanValue();
    }

    private static long integer(JsonNode r) {
        if (r == null || !r.isIntegralNumber() || !r.canConvertToLong()) {
            throw unexpected("an integer expected", r);
        }
        return r.longValue();
    }

    private static String text(JsonNode r) {
        if (r == null || !r.isTextual()) {
            throw unexpected("a string expected", r);
        }
        return r.textValue();
    }

    private static List<String> strings(JsonNode r) {
        if (r == null || !r.isArray()) {
            throw unexpected("an array of strings expected", r);
        }
        List<String> list = new ArrayList<>(r.size());
        r.forEach(item -> list.add(text(item)));
        return list;
    }

    private static List<Entry> entries(JsonNode r) {
        if (r == null || !r.isArray()) {
            throw unexpected("an array of entries expected", r);
        }
        List<Entry> list = new ArrayList<>(r.size());
        for (JsonNode item : r) {
            fields(item, "key", "value");
            list.add(new Entry(text(item.get("key")), JsonValues.toJava(item.get("value"))));
        }
        return list;
    }

    /** Requires an object with exactly these fields (SPEC: e.g. getOrSet answers exactly value and loaded). */
    private static void fields(JsonNode r, String... names) {
        if (r == null || !r.isObject()) {
            throw unexpected("an object expected", r);
        }
        Set<String> actual = new TreeSet<>();
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            actual.add(it.next());
        }
        if (!actual.equals(new TreeSet<>(List.of(names)))) {
            throw unexpected("an object with exactly the fields " + List.of(names) + " expected", r);
        }
    }

    private static KvException unexpected(String what, JsonNode answer) {
        return new KvException(KvError.UnexpectedStoreOutputError, what + ", got " + answer);
    }
}
