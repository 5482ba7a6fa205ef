package io.gridkv.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.Kv;
import io.gridkv.node.http.HttpError.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Many operations of one store in one request, answered in request order. They run as if one by one, but without
 * waiting where the order cannot show: an operation waits only for the earlier ones on its key, a store-wide operation
 * ({@code count}, {@code list}, {@code clear}...) for every earlier one, and every later one waits for it. So
 * {@code set a; get a} reads its own write, and a batch of increments on different keys runs at once.
 */
final class Batch {
    static final int MAX_OPERATIONS = 10_000;

    private final String store;
    private final Kv kv;
    private final OperationListener listener;
    /** The request's {@code Idempotency-Key} header, or null. */
    private final String idempotencyKey;

    private final boolean resent;
    /** Where the items' snapshot names resolve ({@link Args#snapshotFile}). */
    private final Path snapshotDir;

    Batch(String store, Kv kv, OperationListener listener, String idempotencyKey, boolean resent, Path snapshotDir) {
        this.store = store;
        this.kv = kv;
        this.listener = listener;
        this.idempotencyKey = idempotencyKey;
        this.resent = resent;
        this.snapshotDir = snapshotDir;
    }

    /**
     * The {@code ops} of a batch body.
     *
     * @throws io.gridkv.KvException {@code InvalidOptionsError} when the body is not a list of at most
     *     {@value #MAX_OPERATIONS} operations
     */
    static JsonNode ops(ObjectNode body) {
        JsonNode ops = body.get("ops");
        if (body.size() != 1 || ops == null || !ops.isArray()) {
            throw Args.invalid("batch: the body must be {\"ops\": [{\"op\": \"get\", \"key\": \"k\"}, ...]}");
        }
        if (ops.size() > MAX_OPERATIONS) {
            throw Args.invalid("batch: at most " + MAX_OPERATIONS + " operations per request, got " + ops.size());
        }
        return ops;
    }

    /** The {@code {"results": [...]}} answer of {@code ops} (checked by {@link #ops}). */
    CompletableFuture<byte[]> run(JsonNode ops) {
        List<CompletableFuture<Object>> answers = new ArrayList<>(ops.size());
        Map<String, CompletableFuture<?>> lastOnKey = new HashMap<>();
        List<CompletableFuture<?>> sinceStoreWide = new ArrayList<>();
        CompletableFuture<?> lastStoreWide = null;
        for (int i = 0; i < ops.size(); i++) {
            JsonNode item = ops.get(i);
            Operation op = operation(item, i);
            CompletableFuture<?> after;
            if (op != null && op.scope() == Operation.Scope.KEY) {
                String key = ((ObjectNode) item).path("key").textValue();
                after = both(lastStoreWide, key == null ? null : lastOnKey.get(key));
                CompletableFuture<Object> answer = start(after, op, item, i);
                if (key != null) {
                    lastOnKey.put(key, answer);
                }
                sinceStoreWide.add(answer);
                answers.add(answer);
            } else {
                sinceStoreWide.add(lastStoreWide);
                after = all(sinceStoreWide);
                CompletableFuture<Object> answer = start(after, op, item, i);
                lastStoreWide = answer;
                lastOnKey.clear();
                sinceStoreWide.clear();
                answers.add(answer);
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Object> results = new ArrayList<>(answers.size());
                    for (CompletableFuture<Object> answer : answers) {
                        results.add(answer.join());
                    }
                    return Json.write(new Results(results));
                });
    }

    /** The item's operation, or null when the item does not name one (its answer is then that error). */
    private static Operation operation(JsonNode item, int index) {
        if (item == null || !item.isObject()) {
            return null;
        }
        JsonNode name = item.get("op");
        return name != null && name.isTextual() ? Operation.byWireName(name.textValue()) : null;
    }

    /** Runs item {@code index} once {@code after} completed, however it completed; the answer never fails. */
    private CompletableFuture<Object> start(CompletableFuture<?> after, Operation op, JsonNode item, int index) {
        if (after == null || after.isDone()) {
            return answer(op, item, index);
        }
        return after.handleAsync((r, e) -> null, HttpApi.ON_COMPLETING_THREAD)
                .thenComposeAsync(ignored -> answer(op, item, index), HttpApi.ON_COMPLETING_THREAD);
    }

    private CompletableFuture<Object> answer(Operation op, JsonNode item, int index) {
        if (op == null) {
            return CompletableFuture.completedFuture(failure(itemProblem(item, index)));
        }
        long started = System.nanoTime();
        CompletableFuture<?> result;
        try {
            Operation.Call call = op.bind(Args.of(op, (ObjectNode) item, "op", snapshotDir));
            if (idempotencyKey != null && op.takesOperationId()) {
                call = call.identified(IdempotencyKey.ofItem(idempotencyKey, index), resent);
            }
            result = call.run(kv);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handleAsync(
                (value, error) -> {
                    if (error == null) {
                        listener.completed(store, op.wireName(), "ok", System.nanoTime() - started);
                        return new Json.Ok(value);
                    }
                    Problem problem = ErrorStatus.problem(error);
                    listener.completed(store, op.wireName(), problem.errorName(), System.nanoTime() - started);
                    return failure(problem);
                },
                HttpApi.ON_COMPLETING_THREAD);
    }

    private static Problem itemProblem(JsonNode item, int index) {
        if (item == null || !item.isObject()) {
            return ErrorStatus.problem(Args.invalid("batch item " + index + " must be an object with an \"op\""));
        }
        JsonNode name = item.get("op");
        if (name == null || !name.isTextual()) {
            return ErrorStatus.problem(Args.invalid("batch item " + index + " needs \"op\": the operation's name"));
        }
        return HttpError.NotFoundError.problem("batch item " + index + ": no operation \"" + name.textValue() + '"');
    }

    private static Json.Failure failure(Problem problem) {
        return new Json.Failure(new Json.ErrorBody(problem.errorName(), problem.getMessage()));
    }

    private static CompletableFuture<?> both(CompletableFuture<?> a, CompletableFuture<?> b) {
        if (a == null || a.isDone()) {
            return b;
        }
        if (b == null || b.isDone()) {
            return a;
        }
        return CompletableFuture.allOf(a, b);
    }

    private static CompletableFuture<?> all(List<CompletableFuture<?>> futures) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (CompletableFuture<?> f : futures) {
            if (f != null && !f.isDone()) {
                pending.add(f);
            }
        }
        return pending.isEmpty() ? null : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    record Results(List<Object> results) {}
}
