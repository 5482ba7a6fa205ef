package io.gridkv.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.KvError;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of a node's HTTP/JSON API (docs/http-api.md): store operations, {@code /v1/stats} and readiness. HTTP/1.1
 * over kept-alive connections, JSON by Jackson. Thread-safe; one instance serves any number of concurrent calls.
 *
 * <p>Failure: a call fails with {@link NodeCallException} carrying the node's error name, status and message, or
 * {@value NodeCallException#NETWORK_ERROR} when no answer came. A call whose answer was lost (the connection broke
 * after the request went out) is sent again, to the next node when there are several: every store call carries an
 * {@code Idempotency-Key} of its own, the same on each attempt, so a node recognises an operation it already applied
 * and answers its first result — an {@code incrementBy} never counts twice. Bounded: one attempt per node, plus one.
 */
public final class NodeClient {
    public static final String DEFAULT_URL = "http://127.0.0.1:7070";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final int SNIPPET_CHARS = 200;

    private final List<String> urls;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    private NodeClient(Builder b) {
        this.urls = b.urls;
        this.authorization = b.authToken == null ? null : "Bearer " + b.authToken;
        this.timeout = b.timeout;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (b.caCert != null) {
            http.sslContext(trusting(b.caCert));
        }
        this.http = http.build();
    }

    /**
     * A client of the node at {@code url} ({@code http://host:port} or {@code https://...}, optionally a path), or of
     * several: {@code "http://a:7070,http://b:7070"} — each call goes to the first that serves it.
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The nodes' base URLs, without trailing slashes, comma-separated. */
    public String url() {
        return String.join(",", urls);
    }

    /** A fresh, empty argument object for {@link #call}. */
    public static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Runs operation {@code op} ({@code get}, {@code incrementBy}, {@code open}...) on {@code store} with the named
     * {@code args} and answers its {@code result} ({@code NullNode} for a JSON null).
     *
     * @throws NodeCallException with the node's error, or {@value NodeCallException#NETWORK_ERROR}
     */
    public JsonNode call(String store, String op, ObjectNode args) {
        String key = UUID.randomUUID().toString();
        return result(send((base, resent) -> storeCall(base, store, op, args, key, resent)));
    }

    /**
     * As {@link #call}, without blocking: the future fails with the same {@link NodeCallException}. It calls the first
     * node only.
     */
    public CompletableFuture<JsonNode> callAsync(String store, String op, ObjectNode args) {
        String base = urls.get(0);
        HttpRequest request = storeCall(base, store, op, args, UUID.randomUUID().toString(), false);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw network(base, unwrap(failure));
            }
            return result(response);
        });
    }

    /**
     * As {@link #call}, but on the first node only and only once: for calls whose effect depends on the node that runs
     * them — {@code backup} and {@code restore} write and read files of that node's snapshot directory — so that neither a
     * move to the next node nor a resend after a lost answer runs them somewhere else, or twice.
     *
     * @throws NodeCallException with the node's error, or {@value NodeCallException#NETWORK_ERROR}
     */
    public JsonNode callOnce(String store, String op, ObjectNode args) {
        try {
            return callAsync(store, op, args).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof NodeCallException n ? n : e;
        }
    }

    /** {@code GET /v1/stats}: the cluster's members and every store with its key count. */
    public JsonNode stats() {
        return result(send((base, resent) -> get(base, "/v1/stats")));
    }

    /** {@code GET /health/ready}: whether the node should receive traffic, and the facts it decided on. */
    public Health health() {
        HttpResponse<byte[]> response = send((base, resent) -> get(base, "/health/ready"));
        if (response.statusCode() == 200 || response.statusCode() == 503) {
            JsonNode body = parse(response);
            if (body != null && body.has("status")) {
                return new Health(response.statusCode() == 200, body);
            }
        }
        throw failure(response, parse(response));
    }

    /** A readiness answer: {@code ready} and the node's {@code {"status": "UP"|"DOWN", ...}} body. */
    public record Health(boolean ready, JsonNode body) {}

    /** {@code resent}: an earlier attempt with the same {@code idempotencyKey} went out and its answer was lost. */
    private HttpRequest storeCall(
            String base, String store, String op, ObjectNode args, String idempotencyKey, boolean resent) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(args == null ? args() : args);
        } catch (JsonProcessingException e) {
            throw new NodeCallException(
                    KvError.SerializerError.name(), 0, "the arguments cannot be written as JSON: " + e.getMessage());
        }
        HttpRequest.Builder request = request(
                        base, "/v1/stores/" + PathSegment.encode(store) + "/" + PathSegment.encode(op))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey);
        if (resent) {
            request.header("Gridkv-Resend", "true");
        }
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest get(String base, String path) {
        return request(base, path).GET().build();
    }

    private HttpRequest.Builder request(String base, String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /**
     * Sends to each node in turn until one serves the request: after no connection, a lost answer, or a node saying
     * its member has left. One attempt per node, plus one more (to the first node again) when a lost answer used one
     * up — a kept-alive connection the node had closed looks just like that.
     */
    private HttpResponse<byte[]> send(BiFunction<String, Boolean, HttpRequest> request) {
        NodeCallException last = null;
        int attempts = urls.size();
        boolean answerLost = false; // once an attempt may have run, every later one is a resend
        for (int attempt = 0; attempt < attempts; attempt++) {
            String base = urls.get(attempt % urls.size());
            try {
                HttpResponse<byte[]> response =
                        http.send(request.apply(base, answerLost), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 503 && memberLeft(response)) {
                    last = failure(response, parse(response));
                    continue;
                }
                return response;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                last = network(base, e);
            } catch (IOException e) {
                last = network(base, e);
                answerLost = true;
                attempts = urls.size() + 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeCallException(NodeCallException.NETWORK_ERROR, 0, "interrupted waiting for " + base, e);
            }
        }
        throw last;
    }

    private static boolean memberLeft(HttpResponse<byte[]> response) {
        JsonNode body = parse(response);
        return body != null
                && "ServiceUnavailableError"
                        .equals(body.path("error").path("name").asText());
    }

    private static JsonNode result(HttpResponse<byte[]> response) {
        JsonNode body = parse(response);
        if (response.statusCode() == 200 && body != null && body.has("result")) {
            return body.get("result");
        }
        throw failure(response, body);
    }

    /** The node's {@code {"error": {name, message}}}, or {@code UnknownError} for an answer of another shape. */
    private static NodeCallException failure(HttpResponse<byte[]> response, JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        if (error != null && error.path("name").isTextual()) {
            return new NodeCallException(
                    error.get("name").textValue(),
                    response.statusCode(),
                    error.path("message").asText(""));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return new NodeCallException(
                KvError.UnknownError.name(),
                response.statusCode(),
                "unexpected answer from " + response.uri() + " (HTTP " + response.statusCode() + "): "
                        + (text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "..." : text));
    }

    /** The body as JSON, or null when it is not JSON (a proxy's error page, say). */
    private static JsonNode parse(HttpResponse<byte[]> response) {
        try {
            return response.body().length == 0 ? null : MAPPER.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private NodeCallException network(String url, Throwable failure) {
        String why;
        if (failure instanceof HttpTimeoutException) {
            why = "no answer from " + url + " within " + timeout.toMillis() + " ms";
        } else if (failure instanceof ConnectException) {
            // The JDK's ConnectException usually has no message: say what it almost always means.
            why = "cannot connect to " + url + " (is a node listening there?)";
        } else if (failure instanceof SSLException) {
            why = "TLS with " + url + " failed (" + describe(failure)
                    + "); is the node's certificate trusted (--cacert)?";
        } else {
            why = "the request to " + url + " failed: " + describe(failure);
        }
        return new NodeCallException(NodeCallException.NETWORK_ERROR, 0, why, failure);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null && t.getCause() != null) {
            return describe(t.getCause());
        }
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A TLS context that trusts exactly the certificates of a PEM file (a CA, or the node's self-signed one). */
    private static SSLContext trusting(Path pem) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("CA certificate " + pem + " cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "CA certificate " + pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("CA certificate " + pem + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trusting " + pem + ": " + e, e);
        }
    }

    public static final class Builder {
        private final List<String> urls;
        private String authToken;
        private Path caCert;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(String url) {
            List<String> checked = new ArrayList<>();
            for (String one : Objects.requireNonNull(url, "url").split(",")) {
                if (!one.isBlank()) {
                    checked.add(checkedUrl(one.trim()));
                }
            }
            if (checked.isEmpty()) {
                throw new IllegalArgumentException("no node URL given");
            }
            this.urls = List.copyOf(checked);
        }

        /** Sends {@code Authorization: Bearer token} (the node's {@code --auth-token}); null or empty sends none. */
        public Builder authToken(String token) {
            this.authToken = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /** Trusts only the certificates in this PEM file for {@code https} (null: the JVM's usual trust store). */
        public Builder caCert(Path pem) {
            this.caCert = pem;
            return this;
        }

        /** How long to wait to connect, and then for each answer. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException when the CA certificate cannot be read */
        public NodeClient build() {
            return new NodeClient(this);
        }

        private static String checkedUrl(String url) {
            URI uri;
            try {
                uri = new URI(Objects.requireNonNull(url, "url"));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + url);
            }
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "the node URL must be http://host:port or https://host:port, not \"" + url + "\"");
            }
            String trimmed = url;
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            return trimmed;
        }
    }
}
