package io.gridkv.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.Backend;
import io.gridkv.Kv;
import io.gridkv.Serialization;
import io.gridkv.internal.engine.KvExecutors;
import io.gridkv.internal.processor.OperationId;
import io.gridkv.node.NodeSettings;
import io.gridkv.node.health.Health;
import io.gridkv.node.http.HttpError.Problem;
import io.gridkv.node.k6.K6Module;
import io.gridkv.node.metrics.NodeMetrics;
import io.gridkv.node.store.StoreRequest;
import io.gridkv.node.store.Stores;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's HTTP/JSON API on Vert.x (docs/http-api.md): store operations, batches, health, metrics, the OpenAPI
 * document and the k6 module.
 *
 * <p>Concurrency: requests arrive on Vert.x event loops, which never block. A store operation is started there and
 * answered from whichever thread completes it (Vert.x hands the write back to the connection's loop). Anything that
 * waits on the cluster — opening a store, stats, a metrics scrape — runs on {@code blocking}.
 *
 * <p>Failure: every failure becomes {@code {"error": {name, message}}} with its status; a request that fails
 * validation reaches no store.
 */
public final class HttpApi {
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final String BEARER = "Bearer ";

    /**
     * Answers are written by the thread that completes the store call (a Hazelcast partition or response thread):
     * writing JSON and handing the bytes to Vert.x is short and never blocks, and each further thread hop costs a
     * wake-up that measured as the largest share of a request's CPU after the socket write itself.
     */
    static final Executor ON_COMPLETING_THREAD = KvExecutors.direct();

    private final NodeSettings settings;
    private final Stores stores;
    private final NodeMetrics metrics;
    private final Health health;
    private final Supplier<Object> stats;
    private final Executor blocking;
    private final byte[] token;
    private final Map<String, byte[]> k6Files;
    private final byte[] openApi;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    /**
     * @param stats the {@code /v1/stats} answer; computed on {@code blocking}
     */
    public HttpApi(
            NodeSettings settings,
            Stores stores,
            NodeMetrics metrics,
            Health health,
            Supplier<Object> stats,
            Executor blocking) {
        this.settings = settings;
        this.stores = stores;
        this.metrics = metrics;
        this.health = health;
        this.stats = stats;
        this.blocking = blocking;
        this.token = settings.authToken() == null ? null : settings.authToken().getBytes(StandardCharsets.UTF_8);
        this.k6Files = Map.of(
                K6Module.SCRIPT, orEmpty(K6Module.read(K6Module.SCRIPT)),
                K6Module.DECLARATIONS, orEmpty(K6Module.read(K6Module.DECLARATIONS)));
        this.openApi = OpenApi.document();
    }

    /**
     * Starts listening on every event loop of {@code vertx}; completes with the bound port.
     *
     * <p>Why one server per loop: a Vert.x server serves all its connections on the one event loop it was created on,
     * so a single server leaves the other loops idle and the node's HTTP work on one core. Servers of one Vert.x on
     * the same address share the socket, and Vert.x deals new connections out among them in turn. The first one binds;
     * the others, one per further loop, join it. Port 0 (any free port) is asked for as -1, Vert.x's "any free port,
     * shared by the servers that ask for -1": with 0 each server would bind a port of its own.
     */
    public Future<Integer> start(Vertx vertx, int eventLoops) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.httpHost())
                .setPort(settings.httpPort() == 0 ? -1 : settings.httpPort())
                .setTcpNoDelay(true)
                .setCompressionSupported(false);
        if (settings.tls()) {
            options.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(settings.tlsCert().toString())
                            .setKeyPath(settings.tlsKey().toString()));
        }
        return listen(vertx, options).compose(port -> {
            if (eventLoops <= 1) {
                return Future.succeededFuture(port);
            }
            return vertx.deployVerticle(
                            () -> context -> listen(context.owner(), options),
                            new DeploymentOptions().setInstances(eventLoops - 1))
                    .map(port);
        });
    }

    private Future<Integer> listen(Vertx vertx, HttpServerOptions options) {
        return vertx.createHttpServer(options)
                .invalidRequestHandler(HttpApi::undecodable)
                .requestHandler(this::handle)
                .listen()
                .map(s -> {
                    servers.add(s);
                    return s.actualPort();
                });
    }

    /**
     * Starts leaving: readiness turns DOWN so load balancers stop sending here, while requests are still served. Call
     * before {@link #stop}. (Closing every connection after its answer as well was measured: with callers that talk to
     * a node directly it doubled the requests caught by the port closing.)
     */
    public void drain() {
        draining = true;
    }

    /**
     * Stops accepting connections and lets requests in flight finish (at most {@code grace}), then closes the
     * connections: a node leaving the cluster answers what it already started.
     */
    public Future<Void> stop(Duration grace) {
        List<Future<Void>> stopped = new ArrayList<>();
        for (HttpServer server : servers) {
            stopped.add(server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
        }
        return Future.join(stopped).mapEmpty();
    }

    private void handle(HttpServerRequest req) {
        try {
            route(req);
        } catch (RuntimeException e) {
            fail(req, ErrorStatus.problem(e));
        }
    }

    private void route(HttpServerRequest req) {
        String path = req.path();
        switch (path) {
            case "/health/live" -> get(req, () -> answer(req, 200, Json.write(Map.of("status", "UP"))));
            case "/health/ready" ->
                // Offloaded: whether the member's partitions are safe is asked of the other members, and waits
                // for them (seen blocking the event loop for seconds while a member was frozen).
                get(
                        req,
                        () -> offloaded(req, health::readiness, report -> {
                            Map<String, Object> body = report.body();
                            if (draining) {
                                body.put("status", "DOWN");
                                body.put("draining", true);
                            }
                            answer(req, report.up() && !draining ? 200 : 503, Json.write(body));
                        }));
            case "/metrics" ->
                get(
                        req,
                        () -> offloaded(req, () -> metrics.scrape(), text -> req.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, NodeMetrics.contentType())
                                .putHeader(CACHE_CONTROL, NO_STORE)
                                .end(text)));
            case "/openapi.json" -> get(req, () -> answer(req, 200, openApi));
            case "/k6/" + K6Module.SCRIPT ->
                get(req, () -> file(req, K6Module.SCRIPT, "text/javascript; charset=utf-8"));
            case "/k6/" + K6Module.DECLARATIONS ->
                get(req, () -> file(req, K6Module.DECLARATIONS, "application/typescript; charset=utf-8"));
            case "/", "/v1" -> get(req, () -> answer(req, 200, Json.write(index())));
            case "/v1/stats" -> {
                authorize(req);
                get(req, () -> offloaded(req, stats, value -> answer(req, 200, Json.ok(value))));
            }
            default -> {
                if (path.startsWith("/v1/stores/")) {
                    authorize(req);
                    storeCall(req, PathSegments.of(path));
                } else {
                    throw HttpError.NotFoundError.problem("no such path: " + path + " (see GET /openapi.json)");
                }
            }
        }
    }

    /** {@code POST /v1/stores/{store}/{open|batch|op}}. */
    private void storeCall(HttpServerRequest req, List<String> segments) {
        if (segments.size() != 4 || segments.get(2).isEmpty() || segments.get(3).isEmpty()) {
            throw HttpError.NotFoundError.problem(
                    "no such path: " + req.path() + " (store calls are POST /v1/stores/{store}/{operation})");
        }
        if (!health.memberRunning()) {
            throw HttpError.ServiceUnavailableError.problem(
                    "this node's member has left the cluster; call another node");
        }
        String store = segments.get(2);
        String action = segments.get(3);
        Operation op = Operation.byWireName(action);
        if (op == null && !action.equals("open") && !action.equals("batch")) {
            throw HttpError.NotFoundError.problem("no operation \"" + action + "\" (see GET /openapi.json)");
        }
        if (req.method() != HttpMethod.POST) {
            req.response().putHeader(HttpHeaders.ALLOW, "POST");
            throw HttpError.MethodNotAllowedError.problem(req.method() + " " + req.path() + ": use POST");
        }
        String idempotencyKey = req.getHeader(IdempotencyKey.HEADER);
        String resend = req.getHeader(IdempotencyKey.RESEND_HEADER);
        withBody(req, body -> {
            ObjectNode args = Json.object(body);
            CompletableFuture<byte[]> answer;
            if (op != null) {
                answer = operation(store, op, args, IdempotencyKey.of(idempotencyKey), IdempotencyKey.resent(resend));
            } else if (action.equals("open")) {
                StoreRequest request = OpenArgs.read(args);
                answer = stores.open(store, request).thenApply(kv -> Json.ok(OpenArgs.describe(kv, request)));
            } else {
                JsonNode ops = Batch.ops(args); // a refused batch must not open the store
                IdempotencyKey.of(idempotencyKey); // checked before anything runs
                boolean resent = IdempotencyKey.resent(resend);
                answer = stores.handle(store)
                        .thenCompose(kv ->
                                new Batch(store, kv, metrics, idempotencyKey, resent, settings.snapshotDir()).run(ops));
            }
            answer.whenCompleteAsync(
                    (bytes, error) -> {
                        if (error == null) {
                            answer(req, 200, bytes);
                        } else {
                            fail(req, ErrorStatus.problem(error));
                        }
                    },
                    ON_COMPLETING_THREAD);
        });
    }

    private CompletableFuture<byte[]> operation(
            String store, Operation op, ObjectNode body, OperationId id, boolean resent) {
        long started = System.nanoTime();
        Operation.Call call;
        try {
            // Every argument is checked before the store is touched: a refused call must not even open it.
            call = op.bind(Args.of(op, body, null, settings.snapshotDir()));
            if (op.takesOperationId()) {
                call = call.identified(id, resent);
            }
        } catch (RuntimeException e) {
            metrics.completed(store, op.wireName(), ErrorStatus.problem(e).errorName(), System.nanoTime() - started);
            throw e;
        }
        CompletableFuture<Kv> handle = stores.handle(store);
        CompletableFuture<?> result = handle.isDone() && !handle.isCompletedExceptionally()
                ? call.run(handle.join())
                : handle.thenCompose(call::run);
        return result.handleAsync(
                (value, error) -> {
                    if (error != null) {
                        Problem problem = ErrorStatus.problem(error);
                        metrics.completed(store, op.wireName(), problem.errorName(), System.nanoTime() - started);
                        throw problem;
                    }
                    metrics.completed(store, op.wireName(), "ok", System.nanoTime() - started);
                    return Json.ok(value);
                },
                ON_COMPLETING_THREAD);
    }

    /** Reads the whole body, refusing one longer than {@code --max-body-bytes} as soon as it is known to be. */
    private void withBody(HttpServerRequest req, Consumer<byte[]> then) {
        long max = settings.maxBodyBytes();
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > max) {
            tooLarge(req, max);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        req.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                refused[0] = true;
                tooLarge(req, max);
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(end -> {
            if (!refused[0]) {
                try {
                    then.accept(body.getBytes());
                } catch (RuntimeException e) {
                    fail(req, ErrorStatus.problem(e));
                }
            }
        });
    }

    private void tooLarge(HttpServerRequest req, long max) {
        // The rest of the body is not read: answer, then close the connection rather than drain it.
        req.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        fail(
                req,
                HttpError.RequestTooLargeError.problem(
                        "the request body exceeds " + max + " bytes (--max-body-bytes)"));
        // Without this Vert.x keeps the connection and reads (and drops) the rest of the body, however long.
        req.connection().close();
    }

    /**
     * A request Vert.x could not decode (a malformed {@code Content-Length}, a request line or headers over Vert.x's
     * limits) gets the usual error body instead of Vert.x's empty one; the connection is closed, as Vert.x's own
     * handler does, since the rest of the stream cannot be read reliably.
     */
    private static void undecodable(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        String detail = cause == null ? "undecodable request" : String.valueOf(cause.getMessage());
        Problem problem = cause instanceof TooLongHttpLineException || cause instanceof TooLongHttpHeaderException
                ? HttpError.RequestTooLargeError.problem("the request line or headers are too long: " + detail)
                : ErrorStatus.problem(Args.invalid("the request is not valid HTTP/1.1: " + detail));
        req.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        fail(req, problem);
        req.connection().close();
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw Args.invalid("Content-Length is not a number: " + declared);
        }
    }

    private void authorize(HttpServerRequest req) {
        if (token == null) {
            return;
        }
        String given = req.getHeader(HttpHeaders.AUTHORIZATION);
        // The scheme name is case-insensitive (RFC 9110); the token is compared in constant time.
        boolean bearer = given != null
                && given.length() > BEARER.length()
                && given.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (!bearer
                || !MessageDigest.isEqual(
                        token, given.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
            req.response().putHeader("WWW-Authenticate", "Bearer");
            throw HttpError.UnauthorizedError.problem(
                    given == null
                            ? "this node requires \"Authorization: Bearer <token>\" (--auth-token)"
                            : "the bearer token does not match this node's --auth-token");
        }
    }

    private static void get(HttpServerRequest req, Runnable then) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            req.response().putHeader(HttpHeaders.ALLOW, "GET");
            throw HttpError.MethodNotAllowedError.problem(req.method() + " " + req.path() + ": use GET");
        }
        then.run();
    }

    private <T> void offloaded(HttpServerRequest req, Supplier<T> work, Consumer<T> then) {
        CompletableFuture.supplyAsync(work, blocking).whenComplete((value, error) -> {
            if (error == null) {
                then.accept(value);
            } else {
                fail(req, ErrorStatus.problem(error));
            }
        });
    }

    private void file(HttpServerRequest req, String name, String contentType) {
        byte[] content = k6Files.get(name);
        if (content.length == 0) {
            throw HttpError.NotFoundError.problem("this build of the node does not include " + name);
        }
        req.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(CACHE_CONTROL, NO_STORE)
                .end(Buffer.buffer(content));
    }

    private static Map<String, Object> index() {
        return Map.of(
                "service", "gridkv",
                "api", "POST /v1/stores/{store}/{operation}",
                "openapi", "/openapi.json",
                "k6Module", "/k6/" + K6Module.SCRIPT,
                "health", List.of("/health/live", "/health/ready"),
                "metrics", "/metrics");
    }

    private static void answer(HttpServerRequest req, int status, byte[] json) {
        HttpServerResponse response = req.response();
        if (response.ended()) {
            return;
        }
        MultiMap headers = response.headers();
        headers.set(HttpHeaders.CONTENT_TYPE, JSON);
        headers.set(CACHE_CONTROL, NO_STORE);
        response.setStatusCode(status).end(Buffer.buffer(json));
    }

    private static void fail(HttpServerRequest req, Problem problem) {
        answer(req, problem.status(), Json.error(problem.errorName(), problem.getMessage()));
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    /** The arguments of {@code open}: xk6-kv's {@code openKv} options the node acts on. */
    static final class OpenArgs {
        /** xk6-kv's openKv options; the memory backend acts on the first three and ignores the rest. */
        private static final Set<String> OPTIONS =
                Set.of("backend", "serialization", "trackKeys", "path", "memory", "disk", "metrics");

        private OpenArgs() {}

        static StoreRequest read(ObjectNode body) {
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!OPTIONS.contains(name)) {
                    throw Args.invalid("open takes no option \"" + name + "\"");
                }
            }
            Backend backend = Backend.fromWireName(text(body, "backend", Backend.MEMORY.wireName()));
            Serialization serialization = Serialization.fromWireName(text(body, "serialization", "json"));
            boolean trackKeys = flag(body, "trackKeys", "trackKeys");
            var disk = body.get("disk");
            if (disk != null && !disk.isNull() && !disk.isObject()) {
                throw Args.invalid("open: \"disk\" must be an object");
            }
            ObjectNode diskOptions = disk instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
            return new StoreRequest(
                    backend,
                    serialization,
                    trackKeys,
                    flag(diskOptions, "noSync", "disk.noSync"),
                    flag(diskOptions, "readOnly", "disk.readOnly"));
        }

        /** A boolean option: absent or null is false. (xk6-kv's other bbolt knobs have no LevelDB counterpart.) */
        private static boolean flag(ObjectNode body, String name, String shownAs) {
            var value = body.get(name);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                throw Args.invalid("open: \"" + shownAs + "\" must be true or false");
            }
            return value != null && value.asBoolean();
        }

        static Map<String, Object> describe(Kv kv, StoreRequest request) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("store", kv.options().store());
            described.put("backend", kv.options().backend().wireName());
            described.put("serialization", kv.options().serialization().wireName());
            described.put("trackKeys", kv.options().trackKeys());
            return described;
        }

        private static String text(ObjectNode body, String name, String absent) {
            var value = body.get(name);
            if (value == null || value.isNull()) {
                return absent;
            }
            if (!value.isTextual()) {
                throw Args.invalid("open: \"" + name + "\" must be a string");
            }
            return value.textValue();
        }
    }
}
