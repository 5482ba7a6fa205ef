package io.gridkv.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** Values on the command line and on the screen: JSON where it is JSON, plain text otherwise. */
final class Values {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // A command-line value like "1 2" is text, not the number 1 followed by garbage.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keep the number the user typed (0.1, 1e400) for the node's canonical encoder to judge, not a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Values() {}

    /**
     * A value typed on the command line: the JSON value it spells ({@code 42}, {@code true}, {@code {"a":1}},
     * {@code "quoted"}, {@code null}), else — or when {@code asString} — the text itself.
     */
    static JsonNode parse(String text, boolean asString) {
        if (asString) {
            return TextNode.valueOf(text);
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /** A value for people: a string as its text, anything else as compact JSON. */
    static String readable(JsonNode value) {
        return value.isTextual() ? value.textValue() : json(value);
    }

    /** A value as compact JSON. */
    static String json(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back: " + e, e);
        }
    }
}
