package net.bluemind.xmpp.archive.elasticsearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain HTTP calls to Elasticsearch, the way BlueMind and an admin see the index: the tests check what is
 * really stored without going through the code under test.
 */
public final class RestCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public RestCalls(String url) {
        this.url = url;
    }

    public record Answer(int status, JsonNode body) {
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Deletes every index named im or im_*: what an empty archive starts from. */
    public void deleteArchiveIndices() {
        Answer indices = get("/_cat/indices/im*?format=json&h=index&expand_wildcards=all");
        for (JsonNode index : indices.body()) {
            String name = index.get("index").asText();
            if (name.equals("im") || name.startsWith("im_")) {
                Answer deleted = delete("/" + name);
                if (deleted.status() != 200) {
                    throw new AssertionError("cannot delete " + name + ": " + deleted);
                }
            }
        }
    }

    private URI uri(String path) {
        return URI.create(url + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(), body.isEmpty() ? JSON.nullNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new AssertionError("Elasticsearch call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
