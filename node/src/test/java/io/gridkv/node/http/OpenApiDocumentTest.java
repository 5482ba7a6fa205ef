package io.gridkv.node.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridkv.KvError;
import io.gridkv.node.http.Api.Reply;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document ({@code GET /openapi.json}) against the code: it fails when an operation, an argument, a route,
 * an error name or an error's status changes on one side only.
 */
@ExtendWith(SharedNode.class)
@Timeout(60)
class OpenApiDocumentTest {
    private static final String STORE_PATH = "/v1/stores/{store}/";
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static Api api;
    private static JsonNode doc;

    @BeforeAll
    static void setUp(Api shared) throws IOException {
        api = shared;
        doc = Api.JSON.readTree(OpenApi.document());
    }

    /** The node at {@code $ref}, which must point into this document. */
    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").textValue();
            assertTrue(ref.startsWith("#/"), () -> "not a local $ref: " + ref);
            JsonNode target = doc.at(ref.substring(1));
            assertFalse(target.isMissingNode(), () -> "unresolved $ref: " + ref);
            node = target;
        }
        return node;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new LinkedHashSet<>();
        array.forEach(t -> assertTrue(texts.add(t.textValue()), () -> "listed twice: " + t));
        return texts;
    }

    private static Set<String> allErrorNames() {
        Set<String> names = new TreeSet<>();
        Stream.of(KvError.values()).map(Enum::name).forEach(names::add);
        Stream.of(HttpError.values()).map(Enum::name).forEach(names::add);
        return names;
    }

    private static JsonNode requestSchema(JsonNode operation) {
        return resolve(operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
    }

    /** One operation object of the document: {@code method path}. */
    private record Endpoint(String path, String method, JsonNode operation) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (HTTP_METHODS.contains(method.getKey())) {
                    all.add(new Endpoint(path.getKey(), method.getKey(), method.getValue()));
                }
            }
        }
        return all;
    }

    @Test
    void document_isOpenApi303_withTheProjectsVersion() throws IOException {
        assertEquals("3.0.3", doc.get("openapi").textValue());
        assertFalse(doc.path("info").path("title").asText().isBlank());
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(parent.find());
        assertEquals(parent.group(1), doc.path("info").path("version").textValue());
    }

    @Test
    void everyRef_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertTrue(refs.size() > 50, "suspiciously few $refs: " + refs.size());
        for (String ref : refs) {
            resolve(Api.JSON.createObjectNode().put("$ref", ref));
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").textValue());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    @Test
    void everyOperation_hasAnIdAndResponses_andEveryPathParameterIsDeclared() {
        Set<String> ids = new HashSet<>();
        for (Endpoint endpoint : endpoints()) {
            String where = endpoint.toString();
            JsonNode operation = endpoint.operation();
            assertTrue(
                    ids.add(operation.path("operationId").asText()), () -> "missing or repeated operationId: " + where);
            assertTrue(operation.path("responses").has("200"), () -> where + " has no 200 answer");
            Set<String> declared = new HashSet<>();
            Stream.of(doc.get("paths").get(endpoint.path()).path("parameters"), operation.path("parameters"))
                    .forEach(params -> params.forEach(p -> {
                        JsonNode param = resolve(p);
                        if (param.path("in").asText().equals("path")) {
                            assertTrue(
                                    param.path("required").asBoolean(), () -> where + ": path parameters are required");
                            declared.add(param.path("name").asText());
                        }
                    }));
            Set<String> templated = new HashSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(endpoint.path());
            while (m.find()) {
                templated.add(m.group(1));
            }
            assertEquals(templated, declared, where);
        }
    }

    @Test
    void everyOperation_hasItsPath_withExactlyItsArguments() {
        for (Operation op : Operation.values()) {
            JsonNode post = doc.path("paths").path(STORE_PATH + op.wireName()).path("post");
            assertFalse(post.isMissingNode(), () -> "no POST " + STORE_PATH + op.wireName());
            JsonNode arguments = requestSchema(post);
            assertEquals("object", arguments.path("type").asText(), op.wireName());
            assertEquals(
                    false,
                    arguments.path("additionalProperties").asBoolean(true),
                    op.wireName() + ": unknown arguments are refused");
            assertEquals(op.argumentNames(), fieldNames(arguments.path("properties")), op.wireName());
            JsonNode answer = resolve(post.path("responses")
                    .path("200")
                    .path("content")
                    .path("application/json")
                    .path("schema"));
            assertEquals(Set.of("result"), fieldNames(answer.path("properties")), op.wireName());
            assertEquals(Set.of("result"), texts(answer.path("required")), op.wireName());
        }
        Set<String> storeActions = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith(STORE_PATH)) {
                storeActions.add(path.substring(STORE_PATH.length()));
            }
        });
        Set<String> routed =
                Stream.of(Operation.values()).map(Operation::wireName).collect(Collectors.toCollection(TreeSet::new));
        routed.add("open");
        routed.add("batch");
        assertEquals(routed, storeActions);
        JsonNode batchOps = doc.at("/components/schemas/BatchItem/properties/op/enum");
        assertEquals(
                Stream.of(Operation.values()).map(Operation::wireName).collect(Collectors.toSet()), texts(batchOps));
    }

    /** Each documented argument, given a value of another JSON type, is refused; each required one, left out, too. */
    @Test
    void documentedArgumentTypesAndRequiredArguments_areTheOnesTheNodeEnforces() {
        String store = Api.uniqueStore("openapi-types");
        for (Operation op : Operation.values()) {
            JsonNode arguments = requestSchema(doc.at("/paths/" + pointer(STORE_PATH + op.wireName()) + "/post"));
            Set<String> required = arguments.has("required") ? texts(arguments.get("required")) : Set.of();
            ObjectNode minimal = Api.JSON.createObjectNode();
            for (String name : required) {
                minimal.set(name, validSample(arguments.path("properties").path(name)));
            }
            // The required arguments are enough (get may still find no key).
            Reply accepted = api.call(store, op.wireName(), minimal.toString());
            assertNotEquals(400, accepted.status(), () -> op.wireName() + " " + minimal + ": " + accepted.text());
            for (String name : required) {
                ObjectNode without = minimal.deepCopy();
                without.remove(name);
                Reply refused = api.call(store, op.wireName(), without.toString());
                assertEquals(400, refused.status(), () -> op.wireName() + " without " + name + ": " + refused.text());
            }
            for (Map.Entry<String, JsonNode> argument :
                    arguments.path("properties").properties()) {
                JsonNode schema = resolve(argument.getValue());
                if (!schema.has("type")) {
                    continue; // any JSON value
                }
                ObjectNode wrong = minimal.deepCopy();
                wrong.set(argument.getKey(), wrongSample(schema.get("type").textValue()));
                Reply refused = api.call(store, op.wireName(), wrong.toString());
                assertEquals(400, refused.status(), () -> op.wireName() + " " + wrong + ": " + refused.text());
                assertTrue(
                        Set.of("InvalidOptionsError", "ValueNumberRequiredError")
                                .contains(refused.errorName()),
                        () -> op.wireName() + " " + wrong + ": " + refused.text());
            }
        }
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode validSample(JsonNode property) {
        JsonNode schema = resolve(property);
        return switch (schema.path("type").asText()) {
            case "string" -> Api.JSON.getNodeFactory().textNode("openapi-sample");
            case "integer" ->
                Api.JSON.getNodeFactory().numberNode(schema.path("minimum").asLong(1));
            case "boolean" -> Api.JSON.getNodeFactory().booleanNode(true);
            default -> Api.JSON.getNodeFactory().nullNode();
        };
    }

    private static JsonNode wrongSample(String type) {
        return switch (type) {
            case "string" -> Api.JSON.getNodeFactory().numberNode(1);
            case "integer", "boolean" -> Api.JSON.getNodeFactory().textNode("1");
            default -> throw new AssertionError("no wrong sample for type " + type);
        };
    }

    @Test
    void everyDocumentedPath_isRouted_forItsMethod() {
        String store = Api.uniqueStore("openapi-routes");
        for (Endpoint endpoint : endpoints()) {
            String path = endpoint.path().replace("{store}", Api.segment(store));
            String method = endpoint.method().toUpperCase(Locale.ROOT);
            Reply reply = api.send(api.request(path)
                    .method(
                            method,
                            method.equals("GET")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString("{}")));
            String where = method + " " + path + " answered " + reply.status() + " " + reply.text();
            assertNotEquals(405, reply.status(), where);
            if (reply.status() == 404) {
                assertNotEquals("NotFoundError", reply.errorName(), where);
            }
        }
    }

    @Test
    void errorNames_areKvErrorAndHttpError() {
        JsonNode error = resolve(doc.at("/components/schemas/Error"));
        assertEquals(Set.of("error"), texts(error.get("required")));
        JsonNode body = resolve(error.at("/properties/error"));
        assertEquals(Set.of("name", "message"), texts(body.get("required")));
        assertEquals(
                "string", resolve(body.at("/properties/message")).path("type").asText());
        assertEquals(
                allErrorNames(),
                new TreeSet<>(texts(resolve(body.at("/properties/name")).get("enum"))));
    }

    /** {@code ErrorNNN} lists the names answered with status NNN, as {@link ErrorStatus} and {@link HttpError} say. */
    @Test
    void errorStatuses_areTheOnesErrorStatusAnswers() {
        Map<String, Set<String>> expected = new HashMap<>();
        for (KvError e : KvError.values()) {
            if (!e.isItemLevel()) {
                expected.computeIfAbsent(String.valueOf(ErrorStatus.of(e)), s -> new TreeSet<>())
                        .add(e.name());
            }
        }
        for (HttpError e : HttpError.values()) {
            expected.computeIfAbsent(String.valueOf(e.status()), s -> new TreeSet<>())
                    .add(e.name());
        }
        Map<String, Set<String>> documented = new HashMap<>();
        for (Map.Entry<String, JsonNode> schema : doc.at("/components/schemas").properties()) {
            if (schema.getKey().matches("Error\\d{3}")) {
                JsonNode names = schema.getValue().at("/allOf/1/properties/error/properties/name/enum");
                assertEquals(
                        "#/components/schemas/Error",
                        schema.getValue().at("/allOf/0/$ref").asText(),
                        schema.getKey());
                documented.put(schema.getKey().substring(5), new TreeSet<>(texts(names)));
            }
        }
        assertEquals(expected, documented);
    }

    /** An error answer of status NNN, wherever the document gives one, is an {@code ErrorNNN}. */
    @Test
    void everyErrorResponse_usesTheSchemaOfItsStatus() {
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, JsonNode> response :
                    endpoint.operation().get("responses").properties()) {
                String status = response.getKey();
                JsonNode schema = resolve(response.getValue()).at("/content/application~1json/schema");
                if (status.startsWith("2") || endpoint.path().equals("/health/ready")) {
                    continue; // readiness answers 503 with its health report
                }
                assertEquals(
                        "#/components/schemas/Error" + status,
                        schema.path("$ref").asText(),
                        endpoint + " " + status);
            }
        }
    }

    @Test
    void bearerToken_isRequiredOnV1Only() {
        JsonNode scheme = doc.at("/components/securitySchemes/bearerAuth");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertFalse(doc.has("security"), "security applies per operation: health, metrics and k6 files are open");
        for (Endpoint endpoint : endpoints()) {
            boolean bearer = false;
            for (JsonNode requirement : endpoint.operation().path("security")) {
                bearer |= requirement.has("bearerAuth");
            }
            assertEquals(endpoint.path().startsWith("/v1/"), bearer, endpoint::toString);
            if (bearer) {
                assertTrue(endpoint.operation().path("responses").has("401"), () -> endpoint + " documents no 401");
            }
        }
    }

    @Test
    void document_isServedByteIdenticalToTheResource() throws IOException {
        Reply served = api.get("/openapi.json");
        assertEquals(200, served.status());
        Api.assertJsonNoStore(served);
        assertArrayEquals(OpenApi.document(), served.body());
        assertArrayEquals(
                Files.readAllBytes(Path.of("src/main/resources" + OpenApi.RESOURCE)),
                served.body(),
                "served /openapi.json differs from src/main/resources");
    }
}
