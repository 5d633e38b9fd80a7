package net.bluemind.xmpp.coreclient;

import static net.bluemind.xmpp.coreclient.Futures.failure;
import static net.bluemind.xmpp.coreclient.Futures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** How the client behaves when bm-core is silent, down, flaky or answers garbage. */
class CoreClientResilienceTest {
    private static final String DOMAIN_ITEM = """
            {"uid":"acme.test","internalId":1,"version":1,"displayName":"ACME","externalId":null,
             "createdBy":"system","updatedBy":"system","created":1,"updated":1,"flags":[],
             "value":{"label":"ACME","name":"acme.test","description":null,"properties":{},"global":false,
                      "aliases":[],"defaultAlias":"acme.test"}}""";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void silentCoreFailsAsUnavailableWithinTheReadTimeout() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        toClose.add(silent);
        CoreClient client = client(silent.getLocalPort(), Duration.ofMillis(300), 0);

        long start = System.nanoTime();
        failure(CoreUnavailableException.class, client.lookupDomain("acme.test"));
        failure(CoreUnavailableException.class, client.validate("alice@acme.test", "alice"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(elapsedMs < 2_000, "two 300 ms timeouts took " + elapsedMs + " ms");
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void refusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        failure(CoreUnavailableException.class, client(port, Duration.ofSeconds(1), 1).domains());
    }

    @Test
    void flakyGetIsRetriedUntilItAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = fakeCore(calls, 2, 503, DOMAIN_ITEM);

        assertEquals("acme.test", get(client(port, Duration.ofSeconds(1), 3).lookupDomain("acme.test")).uid());
        assertEquals(3, calls.get());
    }

    @Test
    void retriesAreBounded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = fakeCore(calls, Integer.MAX_VALUE, 500, DOMAIN_ITEM);

        failure(CoreUnavailableException.class, client(port, Duration.ofSeconds(1), 2).lookupDomain("acme.test"));
        assertEquals(3, calls.get());
    }

    @Test
    void postsAreNeverRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = fakeCore(calls, Integer.MAX_VALUE, 503, "\"PASSWORD\"");

        failure(CoreUnavailableException.class, client(port, Duration.ofSeconds(1), 3).validate("a@b.test", "x"));
        assertEquals(1, calls.get());
    }

    @Test
    void notFoundIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int port = fakeCore(calls, Integer.MAX_VALUE, 404, DOMAIN_ITEM);

        failure(CoreNotFoundException.class, client(port, Duration.ofSeconds(1), 3).lookupDomain("x.test"));
        assertEquals(1, calls.get());
    }

    @Test
    void unparsableBodyIsAProtocolError() throws Exception {
        int port = fakeCore(new AtomicInteger(), 0, 200, "{not json");
        failure(CoreProtocolException.class, client(port, Duration.ofSeconds(1), 0).lookupDomain("acme.test"));
    }

    @Test
    void unknownValidationAnswerIsAProtocolError() throws Exception {
        int port = fakeCore(new AtomicInteger(), 0, 200, "\"MAYBE\"");
        failure(CoreProtocolException.class, client(port, Duration.ofSeconds(1), 0).validate("a@b.test", "x"));
    }

    private CoreClient client(int port, Duration readTimeout, int retries) {
        return new CoreClient(CoreClientConfig.of(URI.create("http://127.0.0.1:" + port), "token")
                .withTimeouts(Duration.ofMillis(500), readTimeout)
                .withRetries(retries, Duration.ofMillis(20)));
    }

    /** Answers {@code failures} times with {@code failStatus} and an error body, then 200 with {@code body}. */
    private int fakeCore(AtomicInteger calls, int failures, int failStatus, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                boolean fail = calls.incrementAndGet() <= failures;
                byte[] answer = (fail ? "{\"errorCode\":\"UNKNOWN\",\"errorType\":\"ServerFault\",\"message\":\"boom\"}"
                        : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(fail ? failStatus : 200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        toClose.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }
}
