package net.bluemind.xmpp.archive.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * Elasticsearch stopped for 30 seconds in the middle of a burst of 1,000 messages: delivery never waits
 * for it, and once it is back every message is in the index exactly once, in both archives, in order.
 */
class ElasticsearchOutageTest {

    private static final int MESSAGES = 1000;
    private static final int BEFORE_OUTAGE = 300;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Delivery while the archive is down may not take longer than this (it takes milliseconds). */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(2);

    private static ElasticsearchProcess elasticsearch;
    private static RestCalls rest;
    private TestServer server;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();

    @BeforeAll
    static void startElasticsearch() {
        elasticsearch = ElasticsearchProcess.shared();
        rest = new RestCalls(elasticsearch.url());
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(XMPPTCPConnection::disconnect);
        if (server != null) {
            server.close();
        }
        elasticsearch.start(); // whatever happened, the next test class finds it running
    }

    private XMPPTCPConnection login(String jid) throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, jid, "outage");
        clients.add(c);
        server.awaitAvailable(c.getUser().toString());
        return c;
    }

    @Test
    void anOutageDuringABurstLosesNothingAndNeverStallsDelivery() throws Exception {
        rest.deleteArchiveIndices();
        server = TestServer.start(c -> c.withArchive(c.archive().withType("elasticsearch").withRetrySeconds(1)
                .withSettings(Map.of("url", elasticsearch.url(), "request-timeout-seconds", 5))));
        XMPPTCPConnection alice = login("alice@acme.test");
        XMPPTCPConnection bob = login("bob@acme.test");
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        Map<Integer, Long> receivedAt = new ConcurrentHashMap<>();
        bob.addSyncStanzaListener(s -> {
            String body = ((Message) s).getBody();
            if (body != null && body.startsWith("burst ")) {
                receivedAt.put(Integer.parseInt(body.substring(6)), System.nanoTime());
            }
        }, new StanzaTypeFilter(Message.class));

        for (int i = 0; i < BEFORE_OUTAGE; i++) {
            send(alice, i, sentAt);
        }
        Await.until("the first messages delivered", () -> receivedAt.size() == BEFORE_OUTAGE);
        elasticsearch.stop();
        long outageStart = System.nanoTime();
        // The rest of the burst spread over the outage: ~25 messages a second for 28 s.
        long spacing = (OUTAGE.toNanos() - Duration.ofSeconds(2).toNanos()) / (MESSAGES - BEFORE_OUTAGE);
        for (int i = BEFORE_OUTAGE; i < MESSAGES; i++) {
            send(alice, i, sentAt);
            LockSupport.parkNanos(spacing);
        }
        Await.until("every message delivered while Elasticsearch is down", () -> receivedAt.size() == MESSAGES);
        long worst = 0;
        for (int i = 0; i < MESSAGES; i++) {
            worst = Math.max(worst, receivedAt.get(i) - sentAt.get(i));
        }
        assertTrue(worst < DELIVERY_BOUND.toNanos(), "slowest delivery " + worst / 1_000_000 + " ms");
        System.out.println("outage test: slowest delivery during the burst " + worst / 1000 + " µs");
        Await.until("30 s of outage", OUTAGE.plusSeconds(10), () -> System.nanoTime() - outageStart >= OUTAGE.toNanos());
        elasticsearch.start();

        Await.until("all " + MESSAGES + " messages in the index", Duration.ofSeconds(120), () -> indexed() == MESSAGES);
        assertEquals(MESSAGES, indexed(), "exactly once: no message indexed twice");
        assertTrue(server.server().archive().writer().spooled() >= MESSAGES - BEFORE_OUTAGE, "the outage went through the spool");
        assertEquals(0, server.server().archive().writer().lost());
        // Both archives, in the order they were sent, through MAM.
        for (XMPPTCPConnection c : List.of(alice, bob)) {
            assertTrue(MamManager.getInstanceFor(c).isSupported());
            List<String> bodies = new ArrayList<>();
            MamManager.MamQuery q = MamManager.getInstanceFor(c).queryArchive(MamManager.MamQueryArgs.builder()
                    .setResultPageSizeTo(250).build());
            q.getMessages().forEach(m -> bodies.add(m.getBody()));
            while (!q.isComplete()) {
                q.pageNext(250).forEach(m -> bodies.add(m.getBody()));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add("burst " + i);
            }
            assertEquals(expected, bodies, "the archive of " + c.getUser());
        }
    }

    private static void send(XMPPTCPConnection alice, int i, Map<Integer, Long> sentAt) throws Exception {
        sentAt.put(i, System.nanoTime());
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                .ofType(Message.Type.chat).setBody("burst " + i).build());
    }

    /** Documents in the read alias whose body is a burst message (BlueMind's reader's view). */
    private static long indexed() {
        rest.post("/im_read_alias/_refresh", "{}");
        RestCalls.Answer a = rest.post("/im_read_alias/_count", "{\"query\":{\"match\":{\"message\":\"burst\"}}}");
        return a.status() == 200 ? a.body().get("count").asLong() : -1;
    }
}
