package net.bluemind.xmpp.coresim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The simulator as the plugins' tests use it: the bundled demo on a free loopback port, its admin token in
 * a file (as {@code /etc/bm/bm-core.tok} would hold it), and the {@code /sim/} admin-console actions over HTTP.
 */
public final class SimHarness implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final URI LOCAL_RABBITMQ = URI.create("amqp://guest:guest@127.0.0.1:5672");

    private final CoreSimConfig config;
    private final Path tokenFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private CoreSim sim;
    private boolean stopped;

    private SimHarness(CoreSimConfig config, CoreSim sim, Path tokenFile) {
        this.config = config;
        this.sim = sim;
        this.tokenFile = tokenFile;
        this.port = sim.port();
    }

    /** @param amqp where the bm-mq events go, or null to publish none */
    public static SimHarness start(URI amqp) throws IOException {
        Path tokenFile = Files.createTempFile("bm-core", ".tok");
        Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        CoreSimConfig config = CoreSimConfig.demo(ADMIN_TOKEN).withAmqp(amqp);
        return new SimHarness(config, CoreSim.start(config), tokenFile);
    }

    /** Its address; the same after a {@link #restart()}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path tokenFile() {
        return tokenFile;
    }

    /** An admin-console action: {@code PUT /sim/...} with a JSON body. */
    public void put(String path, String json) {
        send(request(path, "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public void putBytes(String path, byte[] png) {
        send(request(path, "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)));
    }

    public void post(String path, String json) {
        send(request(path, "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public void delete(String path) {
        send(request(path, "application/json").DELETE());
    }

    /** A new domain (uid = name), assigned to {@code xmppServer} unless null. */
    public void addDomain(String name, String xmppServer) {
        post("/sim/domains", "{\"uid\":\"" + name + "\",\"name\":\"" + name + "\",\"aliases\":[]"
                + (xmppServer == null ? "" : ",\"xmppServer\":\"" + xmppServer + "\"") + "}");
    }

    /** A user with password = login, default email login@domain. */
    public void addUser(String domain, String login, String... roles) {
        StringBuilder r = new StringBuilder();
        for (String role : roles) {
            r.append(r.length() == 0 ? "" : ",").append('"').append(role).append('"');
        }
        post("/sim/users", "{\"domainUid\":\"" + domain + "\",\"login\":\"" + login + "\",\"password\":\"" + login
                + "\",\"displayName\":\"" + login + "\",\"roles\":[" + r + "],\"emails\":[\"" + login + "@" + domain + "\"]}");
    }

    private HttpRequest.Builder request(String path, String contentType) {
        return HttpRequest.newBuilder(url().resolve(path)).header("Content-Type", contentType);
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(r.request().method() + " " + r.uri() + " → " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code /api} answer waits {@code delay} from now on (a slow bm-core); zero ends it. */
    public void slowDown(Duration delay) {
        put("/sim/api-delay", "{\"millis\":" + delay.toMillis() + "}");
    }

    /** Stops the simulator (bm-core goes away); idempotent. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            sim.close();
        }
    }

    /** Starts a stopped simulator again on the same port, from its fixtures (changes made through /sim/ are gone). */
    public void restart() {
        if (stopped) {
            sim = CoreSim.start(config.withPort(port));
            stopped = false;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        Files.deleteIfExists(tokenFile);
    }
}
