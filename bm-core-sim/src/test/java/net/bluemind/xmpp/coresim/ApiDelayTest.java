package net.bluemind.xmpp.coresim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /sim/api-delay}: a slow bm-core on demand, and the same simulator again after a restart. */
class ApiDelayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SimHarness sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(null);
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void apiAnswersWaitTheDelayUntilItIsLifted() throws Exception {
        sim.slowDown(Duration.ofMillis(400));
        long began = System.nanoTime();
        assertEquals(200, listDomains());
        assertTrue(System.nanoTime() - began >= Duration.ofMillis(400).toNanos(), "the answer came early");

        sim.delete("/sim/api-delay");
        began = System.nanoTime();
        assertEquals(200, listDomains());
        assertTrue(System.nanoTime() - began < Duration.ofMillis(400).toNanos(), "still delayed");
    }

    @Test
    void controlRoutesAreNeverDelayedAndABadDelayIsRefused() throws Exception {
        sim.slowDown(Duration.ofSeconds(30));
        long began = System.nanoTime();
        sim.put("/sim/users/acme.test/dave/roles", "[\"hasIM\"]");
        assertTrue(System.nanoTime() - began < Duration.ofSeconds(10).toNanos(), "a /sim/ route was delayed");
        assertEquals(400, send("PUT", "/sim/api-delay", "{\"millis\":-1}"));
        assertEquals(400, send("PUT", "/sim/api-delay", "{}"));
        sim.slowDown(Duration.ZERO);
    }

    @Test
    void aRestartedSimulatorAnswersOnTheSamePort() throws Exception {
        URI before = sim.url();
        sim.stop();
        sim.restart();
        assertEquals(before, sim.url());
        assertEquals(200, listDomains());
    }

    private int listDomains() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sim.url().resolve("/api/domains")).header("X-BM-ApiKey", SimHarness.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sim.url().resolve(path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
