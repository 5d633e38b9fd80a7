package net.bluemind.xmpp.coresim.rest;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.bluemind.xmpp.coresim.http.ApiException;

/** Request bodies as BlueMind sends them: a {@code String} parameter is a JSON string. */
public final class Bodies {
    private Bodies() {
    }

    public static String jsonString(ObjectMapper mapper, byte[] body) {
        JsonNode node = json(mapper, body);
        if (!node.isTextual()) {
            throw ApiException.badRequest("the body must be a JSON string");
        }
        return node.textValue();
    }

    public static JsonNode json(ObjectMapper mapper, byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : mapper.readTree(body);
            if (node == null) {
                throw ApiException.badRequest("a JSON body is required");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("unparsable JSON body: " + e.getMessage());
        }
    }
}
