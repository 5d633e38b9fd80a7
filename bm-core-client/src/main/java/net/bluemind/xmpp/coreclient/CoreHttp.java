package net.bluemind.xmpp.coreclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Sends bm-core requests: headers, timeouts, bounded retries of GETs, status codes mapped to exceptions. */
final class CoreHttp {
    private static final Logger LOG = LoggerFactory.getLogger(CoreHttp.class);
    private static final String ORIGIN = "bm-xmpp";

    private final CoreClientConfig config;
    private final HttpClient http;
    final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    CoreHttp(CoreClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
    }

    /** An idempotent GET, retried with exponential backoff while bm-core is unavailable. */
    CompletableFuture<HttpResponse<byte[]>> get(String pathAndQuery) {
        HttpRequest request = request(pathAndQuery, config.token()).GET().build();
        return attempt(request, 0);
    }

    /** A POST: never retried, since it may not be idempotent (a login opens a session). */
    CompletableFuture<HttpResponse<byte[]>> post(String pathAndQuery, Object jsonBody, String apiKey) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(jsonBody);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new CoreProtocolException("cannot encode body", e));
        }
        HttpRequest request = request(pathAndQuery, apiKey).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return once(request);
    }

    String token() {
        return config.token();
    }

    <T> T decode(HttpResponse<byte[]> response, JavaType type) {
        if (response.statusCode() == 204 || response.body().length == 0) {
            return null;
        }
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CoreProtocolException("unreadable answer to " + response.request().uri().getPath()
                    + ": " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String apiKey) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + pathAndQuery))
                .timeout(config.readTimeout())
                .header("X-BM-ApiKey", apiKey)
                .header("X-BM-Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<byte[]>> attempt(HttpRequest request, int retry) {
        return once(request).handle((response, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(response);
            }
            Throwable cause = unwrap(failure);
            if (!(cause instanceof CoreUnavailableException) || retry >= config.maxRetries()) {
                return CompletableFuture.<HttpResponse<byte[]>>failedFuture(cause);
            }
            long delay = config.retryBackoff().toMillis() << retry;
            LOG.debug("bm-core unavailable for GET {} ({}), retry {} in {} ms",
                    request.uri().getPath(), cause.getMessage(), retry + 1, delay);
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> attempt(request, retry + 1));
        }).thenCompose(f -> f);
    }

    private CompletableFuture<HttpResponse<byte[]>> once(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CoreUnavailableException("bm-core unreachable for " + request.method() + " "
                                + request.uri().getPath() + ": " + unwrap(failure), unwrap(failure));
                    }
                    return checkStatus(response);
                });
    }

    private HttpResponse<byte[]> checkStatus(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String where = response.request().method() + " " + response.request().uri().getPath();
        String message = where + ": " + status + " " + errorMessage(response);
        if (status == 403) {
            throw new CorePermissionException(message);
        }
        if (status == 404) {
            throw new CoreNotFoundException(message);
        }
        if (status >= 500) {
            throw new CoreUnavailableException(message, null);
        }
        throw new CoreProtocolException(message, null);
    }

    /** BlueMind's {@code {errorCode, message}}, or nothing when the body is not one. */
    private String errorMessage(HttpResponse<byte[]> response) {
        try {
            JsonNode error = mapper.readTree(response.body());
            if (error != null && error.has("errorCode")) {
                return error.path("errorCode").asText() + " " + error.path("message").asText("");
            }
        } catch (IOException e) {
            // not BlueMind's error body: the status alone says it
        }
        return "";
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
