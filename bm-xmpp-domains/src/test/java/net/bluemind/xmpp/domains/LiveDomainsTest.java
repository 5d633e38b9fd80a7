package net.bluemind.xmpp.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.domains.testkit.XmppServer;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.StreamErrors;

/**
 * The engine with the BlueMind domains and auth plugins, bm-core-sim behind them publishing to the local
 * RabbitMQ: admin-console changes reach the served domains within 5 s (the end of a revoked account's sessions is
 * the auth plugin's: AccountRevocationTest there). The periodic resync
 * is set to 10 minutes, so every change seen here came from a bm-mq event.
 */
class LiveDomainsTest {

    static final Duration WITHIN = Duration.ofSeconds(5);

    private SimHarness sim;
    private XmppServer server;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ);
        server = XmppServer.start(sim, 600);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(XMPPTCPConnection::disconnect);
        server.close();
        sim.close();
    }

    private XMPPTCPConnection login(String domain, String username) throws Exception {
        XMPPTCPConnection c = server.client(domain, username, username);
        clients.add(c);
        c.connect();
        c.login();
        return c;
    }

    private XMPPTCPConnection peterOnANewInitech() throws Exception {
        long t0 = System.nanoTime();
        sim.addDomain("initech.test", XmppServer.SERVER_UID);
        sim.addUser("initech.test", "peter", "hasIM");
        Await.until("initech.test served", WITHIN, () -> server.vhosts().isServed("initech.test"));
        XMPPTCPConnection peter = login("initech.test", "peter");
        assertEquals("peter@initech.test", peter.getUser().asBareJid().toString());
        assertTrue(System.nanoTime() - t0 < WITHIN.toNanos(), "peter logged in within 5 s of the /sim/ call");
        return peter;
    }

    @Test
    void aNewlyAssignedDomainIsServedAndItsUserLogsIn() throws Exception {
        assertFalse(server.vhosts().isServed("initech.test"));
        peterOnANewInitech();
    }

    @Test
    void aNewAliasAddressesTheUserByHisDefaultJid() throws Exception {
        XMPPTCPConnection peter = peterOnANewInitech();
        XMPPTCPConnection alice = login("acme.test", "alice");
        StanzaCollector inbox = peter.createStanzaCollector(StanzaTypeFilter.MESSAGE);

        sim.put("/sim/domains/initech.test/aliases", "[\"initech.example\"]");
        Await.until("initech.example served", WITHIN, () -> "initech.test".equals(server.vhosts().canonical("initech.example")));
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("peter@initech.example"))
                .setBody("hello through the alias").build());

        Message m = inbox.nextResult(WITHIN.toMillis());
        assertEquals("hello through the alias", m == null ? null : m.getBody());
    }

    @Test
    void anUnassignedDomainEndsItsSessionsWithHostGoneAndRefusesNewStreams() throws Exception {
        XMPPTCPConnection peter = peterOnANewInitech();
        StreamErrors peterClosed = StreamErrors.watch(peter);

        sim.delete("/sim/domains/initech.test/xmpp-server");
        Await.until("peter's session ended with host-gone", WITHIN,
                () -> peterClosed.condition() == StreamError.Condition.host_gone);
        Exception refused = assertThrows(Exception.class, () -> login("initech.test", "peter"));
        assertEquals(StreamError.Condition.host_unknown, StreamErrors.of(refused), refused.toString());
    }

    @Test
    void globalVirtAndUnassignedDomainsAreNeverServed() throws Exception {
        sim.post("/sim/servers", "{\"uid\":\"other-xmpp\",\"fqdn\":\"xmpp.other.test\",\"tags\":[\"bm/xmpp\"]}");
        sim.addDomain("unassigned.test", null);
        sim.addDomain("elsewhere.test", "other-xmpp");
        sim.addDomain("marker.test", XmppServer.SERVER_UID);
        // Events are handled in order: once the last one is applied, the others have been too.
        Await.until("marker.test served", WITHIN, () -> server.vhosts().isServed("marker.test"));

        for (String name : List.of("global.virt", "unassigned.test", "elsewhere.test")) {
            assertFalse(server.vhosts().isServed(name), name);
        }
        assertEquals(List.of("acme.test", "globex.test", "marker.test"),
                server.vhosts().vhosts().stream().map(v -> v.domain()).sorted().toList());
    }

    @Test
    void timeFromSimCallToDomainServed() {
        List<Long> micros = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String name = "speed" + i + ".test";
            long t0 = System.nanoTime();
            sim.addDomain(name, XmppServer.SERVER_UID);
            Await.until(name + " served", WITHIN, () -> server.vhosts().isServed(name));
            micros.add((System.nanoTime() - t0) / 1_000);
        }
        List<Long> sorted = micros.stream().sorted().toList();
        double median = (sorted.get(9) + sorted.get(10)) / 2000.0;
        System.out.printf("time from /sim/ call to domain served, 20 domains: median %.1f ms, min %.1f ms, max %.1f ms%n",
                median, sorted.get(0) / 1000.0, sorted.get(19) / 1000.0);
        assertTrue(median < WITHIN.toMillis());
    }
}
