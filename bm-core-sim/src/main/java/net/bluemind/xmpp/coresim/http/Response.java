package net.bluemind.xmpp.coresim.http;

import java.nio.charset.StandardCharsets;

/** What a route answers; a null body is sent as 204, as BlueMind does for a null result. */
public record Response(int status, String contentType, byte[] body) {

    public static Response json(byte[] body) {
        return new Response(200, "application/json", body);
    }

    public static Response json(int status, String body) {
        return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response png(byte[] bytes) {
        return bytes == null ? noContent() : new Response(200, "image/png", bytes);
    }

    public static Response noContent() {
        return new Response(204, null, null);
    }
}
