package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.S2sConfig;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * What our server enforces on federation, seen from raw server streams and from local senders: stanzas
 * must come from a domain authenticated on the stream and go to a served one (RFC 6120 §4.9.3), dialback
 * keys are checked with the authoritative server, and unreachable peers bounce in time.
 */
class S2sStreamChecksTest {

    private static final int CONNECT_TIMEOUT = 2;
    /** Longer than the connect timeout, so a stream being set up is never taken for an idle one here. */
    private static final int IDLE_TIMEOUT = 4;
    private static TestServer ours;
    private static FakeAuthoritativeServer vouching;
    private static FakeAuthoritativeServer denying;
    private static FakeAuthoritativeServer silent;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        vouching = FakeAuthoritativeServer.answering("valid");
        denying = FakeAuthoritativeServer.answering("invalid");
        silent = FakeAuthoritativeServer.silent();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> routes = Map.of(
                "raw.test", "127.0.0.1:" + vouching.port(),
                "liar.test", "127.0.0.1:" + denying.port(),
                "silent.test", "127.0.0.1:" + silent.port(),
                "closed.test", "127.0.0.1:" + closedPort,
                "denied.test", "127.0.0.1:" + vouching.port());
        // globex.test does not federate; denied.test is refused although it has a route.
        S2sConfig s2s = new S2sConfig(true, List.of("globex.test"), CONNECT_TIMEOUT, IDLE_TIMEOUT, routes, null, S2sConfig.DIALBACK_ALLOWED,
                null, List.of("denied.test"), "a-test-dialback-secret", null);
        ours = TestServer.start(c -> OurFederatingServer.configure(c, routes, null, null, S2sConfig.DIALBACK_ALLOWED, CONNECT_TIMEOUT)
                .withS2s(s2s));
    }

    @AfterAll
    static void stop() throws Exception {
        ours.close();
        vouching.close();
        denying.close();
        silent.close();
    }

    /** A raw server stream from {@code from} to acme.test, through STARTTLS, up to the dialback answer. */
    private static RawClient dialbackStream(String from) throws Exception {
        RawClient raw = RawClient.plain(ours, OurFederatingServer.S2S_ADDRESS, ours.server().s2sPort());
        String header = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='" + from + "' to='acme.test' version='1.0'>";
        raw.send(header);
        raw.await("</stream:features>");
        raw.startTls("acme.test");
        raw.send(header);
        raw.await("</stream:features>");
        raw.send("<db:result from='" + from + "' to='acme.test'>0123456789abcdef</db:result>");
        return raw;
    }

    @Test
    void authenticatedDomainDeliversAndSpoofedFromEndsTheStream() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(ours, "alice@acme.test", "s2s");
        try (StanzaCollector got = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE); RawClient raw = dialbackStream("raw.test")) {
            assertTrue(raw.await("/>").contains("type='valid'"));
            ours.awaitAvailable(alice.getUser().toString());
            raw.send("<message from='someone@raw.test/x' to='alice@acme.test' type='chat'><body>genuine</body></message>");
            Message m = got.nextResult(10_000);
            assertNotNull(m, "the message from the authenticated domain was not delivered");
            assertEquals("genuine", m.getBody());
            raw.send("<message from='mallory@evil.test' to='alice@acme.test' type='chat'><body>spoofed</body></message>");
            assertTrue(raw.awaitClose().contains("<invalid-from"), "a spoofed 'from' must end the stream with invalid-from");
            assertEquals(null, got.nextResult(500), "the spoofed message must not be delivered");
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void dialbackStreamCarriesMoreThanThePreAuthenticationBudget() throws Exception {
        XMPPTCPConnection bob = SmackClients.login(ours, "bob@acme.test", "s2s");
        String body = "x".repeat(1000);
        int n = 200; // 200 kB, over limits.max-bytes-before-auth (64 kB)
        try (StanzaCollector got = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE); RawClient raw = dialbackStream("raw.test")) {
            assertTrue(raw.await("/>").contains("type='valid'"));
            ours.awaitAvailable(bob.getUser().toString());
            for (int i = 0; i < n; i++) {
                raw.send("<message from='someone@raw.test/x' to='bob@acme.test' type='chat'><body>" + body + "</body></message>");
            }
            for (int i = 0; i < n; i++) {
                assertNotNull(got.nextResult(10_000), "message " + i + " of " + n);
            }
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void idleIncomingStreamIsClosed() throws Exception {
        try (RawClient raw = dialbackStream("raw.test")) {
            assertTrue(raw.await("/>").contains("type='valid'"));
            long start = System.nanoTime();
            String rest = raw.awaitClose();
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(rest.contains("</stream:stream>"), rest);
            assertTrue(elapsed >= IDLE_TIMEOUT * 1000 - 500, "closed after " + elapsed + " ms");
        }
    }

    @Test
    void messageFromABlockedRemoteSenderIsNotDelivered() throws Exception {
        XMPPTCPConnection erin = SmackClients.login(ours, "erin@acme.test", "s2s");
        try (StanzaCollector got = erin.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            BlockingCommandManager.getInstanceFor(erin).blockContacts(List.of(JidCreate.from("spam@raw.test")));
            ours.awaitAvailable(erin.getUser().toString());
            try (RawClient raw = dialbackStream("raw.test")) {
                assertTrue(raw.await("/>").contains("type='valid'"));
                raw.send("<message from='spam@raw.test/x' to='erin@acme.test' type='chat'><body>buy</body></message>");
                raw.send("<message from='friend@raw.test/x' to='erin@acme.test' type='chat'><body>hi</body></message>");
                Message m = got.nextResult(10_000);
                assertNotNull(m);
                assertEquals("hi", m.getBody(), "only the message of the sender erin does not block");
            }
            // And erin cannot write to the remote JID she blocks (XEP-0191 §3.3: not-acceptable).
            erin.sendStanza(erin.getStanzaFactory().buildMessageStanza().to(JidCreate.from("spam@raw.test")).ofType(Message.Type.chat)
                    .setBody("stop").build());
            Message refused = got.nextResult(10_000);
            assertNotNull(refused);
            assertEquals(StanzaError.Condition.not_acceptable, refused.getError().getCondition());
        } finally {
            erin.disconnect();
        }
    }

    @Test
    void stanzaToAnUnservedDomainEndsTheStreamWithHostUnknown() throws Exception {
        try (RawClient raw = dialbackStream("raw.test")) {
            assertTrue(raw.await("/>").contains("type='valid'"));
            raw.send("<message from='someone@raw.test' to='bob@elsewhere.test'><body>x</body></message>");
            assertTrue(raw.awaitClose().contains("<host-unknown"));
        }
    }

    @Test
    void keyRefusedByTheAuthoritativeServerAuthenticatesNothing() throws Exception {
        try (RawClient raw = dialbackStream("liar.test")) {
            assertTrue(raw.await("/>").contains("type='invalid'"));
            raw.send("<message from='someone@liar.test' to='alice@acme.test'><body>x</body></message>");
            assertTrue(raw.awaitClose().contains("<not-authorized"));
        }
    }

    @Test
    void dialbackWithoutTlsIsRefused() throws Exception {
        try (RawClient raw = RawClient.plain(ours, OurFederatingServer.S2S_ADDRESS, ours.server().s2sPort())) {
            raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " xmlns:db='jabber:server:dialback' from='raw.test' to='acme.test' version='1.0'>");
            raw.await("</stream:features>");
            raw.send("<db:result from='raw.test' to='acme.test'>0123</db:result>");
            assertTrue(raw.awaitClose().contains("<policy-violation"));
        }
    }

    @Test
    void closedPortBouncesWithRemoteServerNotFound() throws Exception {
        assertBounce("alice@acme.test", "someone@closed.test", StanzaError.Condition.remote_server_not_found, 0, CONNECT_TIMEOUT * 1000);
    }

    @Test
    void peerThatNeverSpeaksBouncesWithRemoteServerTimeout() throws Exception {
        assertBounce("bob@acme.test", "someone@silent.test", StanzaError.Condition.remote_server_timeout,
                CONNECT_TIMEOUT * 1000 - 100, CONNECT_TIMEOUT * 1000 + 3000);
    }

    @Test
    void deniedDomainBouncesAtOnce() throws Exception {
        assertBounce("erin@acme.test", "someone@denied.test", StanzaError.Condition.remote_server_not_found, 0, 1000);
    }

    @Test
    void domainWithFederationDisabledBouncesAtOnce() throws Exception {
        assertBounce("carol@globex.test", "someone@raw.test", StanzaError.Condition.remote_server_not_found, 0, 1000);
    }

    private static void assertBounce(String sender, String to, StanzaError.Condition expected, long atLeastMs, long atMostMs) throws Exception {
        XMPPTCPConnection c = SmackClients.login(ours, sender, "bounce");
        try (StanzaCollector errors = c.createStanzaCollector(MessageTypeFilter.ERROR)) {
            long start = System.nanoTime();
            c.sendStanza(c.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody("anyone?").build());
            Message bounced = errors.nextResult(atMostMs + 2000);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(bounced, "no bounce for a message to " + to);
            assertEquals(Message.Type.error, bounced.getType());
            assertEquals(expected, bounced.getError().getCondition());
            assertTrue(elapsed >= atLeastMs && elapsed <= atMostMs, "bounced after " + elapsed + " ms, expected " + atLeastMs + ".." + atMostMs);
        } finally {
            c.disconnect();
        }
    }
}
