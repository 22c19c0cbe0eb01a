// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON bodies of the API: one configured mapper (thread-safe), pretty-printed like the previous tool's. */
public final class Json {
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static Response response(int status, JsonNode body) {
        try {
            return new Response(status, CONTENT_TYPE, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree always serialises
        }
    }

    /** {@code {"error": message}}. */
    public static Response error(int status, String message) {
        return response(status, object().put("error", message));
    }
}
