package net.bluemind.xmpp.coreclient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Drives bm-core-sim's {@code /sim/} admin-console routes in tests. */
final class SimControl {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    SimControl(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    int post(String path, String json) throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    int put(String path, String json) throws Exception {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    int put(String path, byte[] bytes) throws Exception {
        return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    int delete(String path) throws Exception {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    private int send(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body)
                .header("Content-Type", "application/json").build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }
}
