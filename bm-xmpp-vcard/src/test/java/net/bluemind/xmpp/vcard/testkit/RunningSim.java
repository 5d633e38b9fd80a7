package net.bluemind.xmpp.vcard.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import net.bluemind.xmpp.coresim.CoreSim;
import net.bluemind.xmpp.coresim.CoreSimConfig;

/**
 * bm-core-sim with the bundled demo on a free loopback port, publishing its bm-mq events to the local
 * RabbitMQ, its admin token in a file; {@code /sim/} admin-console actions over HTTP.
 */
public final class RunningSim implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final URI AMQP = URI.create("amqp://guest:guest@127.0.0.1:5672");

    private final CoreSim sim;
    private final Path tokenFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningSim(CoreSim sim, Path tokenFile) {
        this.sim = sim;
        this.tokenFile = tokenFile;
    }

    public static RunningSim start() throws IOException {
        Path tokenFile = Files.createTempFile("bm-core", ".tok");
        Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        return new RunningSim(CoreSim.start(CoreSimConfig.demo(ADMIN_TOKEN).withAmqp(AMQP)), tokenFile);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + sim.port());
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public void put(String path, String json) {
        send(HttpRequest.newBuilder(url().resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public void putBytes(String path, byte[] body) {
        send(HttpRequest.newBuilder(url().resolve(path)).header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public void post(String path, String json) {
        send(HttpRequest.newBuilder(url().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public void delete(String path) {
        send(HttpRequest.newBuilder(url().resolve(path)).DELETE());
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

    @Override
    public void close() throws IOException {
        sim.close();
        Files.deleteIfExists(tokenFile);
    }
}
