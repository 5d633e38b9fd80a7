package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * A server stream carries stanzas only for the domain pairs authenticated on it (XEP-0220 §2.2.1, RFC 6120
 * §4.9.3.10): raw.test authenticated towards acme.test does not reach globex.test, which we also serve,
 * until a dialback for that pair succeeds too (piggybacking). Peers are in-process, on ephemeral ports.
 */
class S2sDomainPairsTest {

    private static TestServer ours;
    private static FakeAuthoritativeServer vouching;

    @BeforeAll
    static void start() throws Exception {
        vouching = FakeAuthoritativeServer.answering("valid");
        Map<String, String> routes = Map.of("raw.test", "127.0.0.1:" + vouching.port());
        ours = OurFederatingServer.start(routes, null, null, S2sConfig.DIALBACK_ALLOWED, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        ours.close();
        vouching.close();
    }

    /** A raw server stream from raw.test to acme.test, through STARTTLS, authenticated by dialback. */
    private static RawClient authenticatedToAcme() throws Exception {
        RawClient raw = RawClient.plain(ours, OurFederatingServer.S2S_ADDRESS, ours.server().s2sPort());
        String header = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='raw.test' to='acme.test' version='1.0'>";
        raw.send(header);
        raw.await("</stream:features>");
        raw.startTls("acme.test");
        raw.send(header);
        raw.await("</stream:features>");
        raw.send("<db:result from='raw.test' to='acme.test'>0123456789abcdef</db:result>");
        assertTrue(raw.await("/>").contains("type='valid'"));
        return raw;
    }

    @Test
    void aStanzaForAnotherOfOurDomainsEndsTheStreamWithInvalidFrom() throws Exception {
        XMPPTCPConnection carol = SmackClients.login(ours, "carol@globex.test", "pairs");
        try (StanzaCollector got = carol.createStanzaCollector(StanzaTypeFilter.MESSAGE); RawClient raw = authenticatedToAcme()) {
            ours.awaitAvailable(carol.getUser().toString());
            raw.send("<message from='someone@raw.test/x' to='carol@globex.test' type='chat'><body>not authenticated for you</body></message>");
            String end = raw.awaitClose();
            assertTrue(end.contains("<invalid-from"), end);
            // Carol's own round trip to the server: had the message been delivered, it would have come first.
            assertTrue(org.jivesoftware.smackx.ping.PingManager.getInstanceFor(carol).pingMyServer(true, 10_000));
            assertEquals(null, got.pollResult(), "the message must not be delivered");
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void aPiggybackedDialbackAddsThePair() throws Exception {
        XMPPTCPConnection carol = SmackClients.login(ours, "carol@globex.test", "piggyback");
        try (StanzaCollector got = carol.createStanzaCollector(StanzaTypeFilter.MESSAGE); RawClient raw = authenticatedToAcme()) {
            ours.awaitAvailable(carol.getUser().toString());
            raw.send("<db:result from='raw.test' to='globex.test'>0123456789abcdef</db:result>");
            assertTrue(raw.await("/>").contains("type='valid'"));
            raw.send("<message from='someone@raw.test/x' to='carol@globex.test' type='chat'><body>now authenticated</body></message>");
            Message m = got.nextResult(10_000);
            assertNotNull(m, "the message for the piggybacked pair was not delivered");
            assertEquals("now authenticated", m.getBody());
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void malformedAddressesEndTheStreamWithImproperAddressing() throws Exception {
        try (RawClient raw = authenticatedToAcme()) {
            raw.send("<message from='someone@raw.test' to='alice@acme.test@globex.test'><body>x</body></message>");
            String end = raw.awaitClose();
            assertTrue(end.contains("<improper-addressing"), end);
        }
    }
}
