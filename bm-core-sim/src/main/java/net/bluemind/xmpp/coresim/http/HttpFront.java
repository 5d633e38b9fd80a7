package net.bluemind.xmpp.coresim.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import net.bluemind.xmpp.coresim.directory.NotFoundException;

/** The JDK HTTP server in front of a {@link Router}: decoding, error bodies, status codes. */
public final class HttpFront implements AutoCloseable {

    /** How long a request waits before it is answered (a simulated slow server); 0 for none. */
    @FunctionalInterface
    public interface Delay {
        long millisBefore(String method, String rawPath);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private final Router router;
    private final Delay delay;

    public HttpFront(String host, int port, Router router, int threads, Delay delay) throws IOException {
        this.router = router;
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "core-sim-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!waitBeforeAnswering(exchange)) {
                return;
            }
            Response response;
            try {
                response = dispatch(exchange);
            } catch (ApiException e) {
                response = error(e.status(), e.errorCode(), e.getMessage());
            } catch (NotFoundException e) {
                response = error(404, "NOT_FOUND", e.getMessage());
            } catch (IllegalArgumentException e) {
                response = error(400, "INVALID_PARAMETER", e.getMessage());
            } catch (IllegalStateException e) {
                response = error(409, "ALREADY_EXISTS", e.getMessage());
            } catch (Exception e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                response = error(500, "UNKNOWN", String.valueOf(e.getMessage()));
            }
            send(exchange, response);
        }
    }

    /** Holds the worker thread as long as the delay says: the answer is late, as a busy core's would be. */
    private boolean waitBeforeAnswering(HttpExchange exchange) {
        long millis = delay.millisBefore(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: no answer
            return false;
        }
    }

    private Response dispatch(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        Router.Match match = router.match(method, rawPath)
                .orElseThrow(() -> new NotFoundException("no route for " + method + " " + rawPath));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request request = new Request(method, rawPath, match.vars(), query(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("X-BM-ApiKey"), body);
        return match.route().handle(request);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status() == 200 ? 204 : response.status(), -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    static Response error(int status, String errorCode, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorCode", errorCode);
        body.put("errorType", "ServerFault");
        body.put("message", message);
        try {
            return new Response(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
