package net.bluemind.xmpp.auth.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import net.bluemind.xmpp.auth.BlueMindAuthConfig;
import net.bluemind.xmpp.coresim.CoreSim;
import net.bluemind.xmpp.coresim.CoreSimConfig;

/**
 * bm-core-sim with the bundled demo on a free loopback port, publishing no events, its admin token in a
 * file; {@code /sim/} admin-console actions over HTTP.
 */
public final class RunningSim implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final CoreSim sim;
    private final Path tokenFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private boolean stopped;

    private RunningSim(CoreSim sim, Path tokenFile) {
        this.sim = sim;
        this.tokenFile = tokenFile;
    }

    public static RunningSim start() throws IOException {
        Path tokenFile = Files.createTempFile("bm-core", ".tok");
        Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        return new RunningSim(CoreSim.start(CoreSimConfig.demo(ADMIN_TOKEN).withAmqp(null)), tokenFile);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + sim.port());
    }

    /** Short timeouts and a cache of {@code cacheTtl}, so tests see changes and failures quickly. */
    public BlueMindAuthConfig authConfig(Duration cacheTtl) {
        return BlueMindAuthConfig.of(url(), tokenFile)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withCache(cacheTtl, 100);
    }

    /** An admin-console action: {@code PUT /sim/...} with a JSON body. */
    public void put(String path, String json) {
        send(HttpRequest.newBuilder(url().resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public void post(String path, String json) {
        send(HttpRequest.newBuilder(url().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError(r.request().method() + " " + r.uri() + " → " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops bm-core: later calls find nobody listening. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            sim.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        Files.deleteIfExists(tokenFile);
    }
}
