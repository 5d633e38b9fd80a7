package net.bluemind.xmpp.auth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A pass-through in front of bm-core-sim that records each call ("METHOD /path"), to count what a login
 * costs bm-core. Point the repository at {@link #url()}.
 */
public final class CoreCalls implements AutoCloseable {

    private static final Set<String> FORWARDED = Set.of("X-BM-ApiKey", "X-BM-Origin", "Content-Type", "Accept");

    private final URI target;
    private final HttpServer front;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public CoreCalls(URI target) throws IOException {
        this.target = target;
        this.front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        front.createContext("/", this::forward);
        front.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
    }

    /** Calls whose "METHOD /path" starts with {@code prefix}, so far. */
    public long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    public List<String> all() {
        return List.copyOf(calls);
    }

    private void forward(HttpExchange x) throws IOException {
        calls.add(x.getRequestMethod() + " " + x.getRequestURI().getPath());
        try (InputStream in = x.getRequestBody(); OutputStream out = x.getResponseBody()) {
            byte[] body = in.readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(x.getRequestURI().toString()))
                    .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            x.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED.stream().anyMatch(name::equalsIgnoreCase)) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(t -> x.getResponseHeaders().add("Content-Type", t));
            x.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            out.write(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.sendResponseHeaders(502, -1);
        }
    }

    @Override
    public void close() {
        front.stop(0);
    }
}
