package net.bluemind.xmpp.server.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.EngineConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** XEP-0198: acknowledgements, resumption, and nothing lost when a connection drops. */
class StreamManagementTest {

    private static final String SM = "urn:xmpp:sm:3";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // A short resumption window, so the "not resumed" path is tested quickly.
        server = TestServer.start(c -> c.withServer(new EngineConfig(null, null, null, 2)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void chat(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build());
    }

    @Test
    void countsHandledStanzasAndAnswersAcknowledgementRequests() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            String features = c.authenticate("acme.test", "erin", "erin");
            assertTrue(features.contains("<sm xmlns=\"urn:xmpp:sm:3\"/>"), features);
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>sm</resource></bind></iq>");
            c.await("</iq>");
            c.send("<enable xmlns='" + SM + "'/>");
            assertTrue(c.await("/>").contains("<enabled"));
            for (int i = 0; i < 3; i++) {
                c.send("<iq type='get' id='p" + i + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            }
            c.send("<r xmlns='" + SM + "'/>");
            String upTo = c.await("h='3'");
            assertTrue(upTo.contains("<a xmlns='urn:xmpp:sm:3' h='3'"), upTo);
        }
    }

    @Test
    void enableBeforeBindIsRefused() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.authenticate("acme.test", "erin", "erin");
            c.send("<enable xmlns='" + SM + "'/>");
            assertTrue(c.await("</failed>").contains("unexpected-request"));
        }
    }

    @Test
    void aMessageSentWhileTheConnectionWasDownArrivesAfterResumption() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "sm-sender");
        XMPPTCPConnection bob = SmackClients.connection(server, "bob@acme.test", "bob", "phone", b -> { });
        bob.setUseStreamManagement(true);
        bob.setUseStreamManagementResumption(true);
        bob.connect().login();
        try {
            assertTrue(bob.isSmEnabled());
            server.awaitAvailable("bob@acme.test/phone");
            bob.instantShutdown();
            Await.until("the server noticed the drop", () -> server.server().sessions().find(
                    JidCreate.entityFullFromOrThrowUnchecked("bob@acme.test/phone")).sink() instanceof DetachedSink);
            chat(alice, "bob@acme.test/phone", "while the train was in the tunnel");
            StanzaCollector inbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));
            bob.connect().login();
            assertTrue(bob.streamWasResumed(), "the stream was not resumed");
            Message m = inbox.nextResult(10_000);
            assertNotNull(m, "the message was lost");
            assertEquals("while the train was in the tunnel", m.getBody());
        } finally {
            bob.disconnect();
            alice.disconnect();
        }
    }

    @Test
    void unacknowledgedMessagesGoOfflineWhenTheSessionIsNotResumed() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "sm-sender2");
        try (RawClient erin = RawClient.plain(server)) {
            erin.login("acme.test", "erin", "erin", "flaky");
            erin.send("<enable xmlns='" + SM + "' resume='true'/>");
            String enabled = erin.await("/>");
            assertTrue(enabled.contains("resume=\"true\""), enabled);
            erin.send("<presence/>");
            server.awaitAvailable("erin@acme.test/flaky");
            chat(alice, "erin@acme.test", "do not lose me");
            erin.await("do not lose me");
            // erin never acknowledges it, and the connection drops.
        } finally {
            alice.disconnect();
        }
        Await.until("the session ended after the resumption window",
                () -> server.server().sessions().find(JidCreate.entityFullFromOrThrowUnchecked("erin@acme.test/flaky")) == null);
        XMPPTCPConnection erin = SmackClients.connection(server, "erin@acme.test", "erin", "next", b -> { });
        StanzaCollector inbox = erin.createStanzaCollector(new StanzaTypeFilter(Message.class));
        erin.connect().login();
        try {
            Message m = inbox.nextResult(10_000);
            assertNotNull(m, "the unacknowledged message was lost");
            assertEquals("do not lose me", m.getBody());
            assertNotNull(DelayInformation.from(m), "it came from offline storage");
        } finally {
            erin.disconnect();
        }
    }

    @Test
    void resumingAnUnknownSessionFails() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.authenticate("acme.test", "erin", "erin");
            c.send("<resume xmlns='" + SM + "' previd='nope' h='0'/>");
            assertTrue(c.await("</failed>").contains("item-not-found"));
        }
    }

    @Test
    void acknowledgingMoreThanWasSentEndsTheStream() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "liar");
            c.send("<enable xmlns='" + SM + "'/>");
            c.await("/>");
            c.send("<a xmlns='" + SM + "' h='42'/>");
            assertTrue(c.awaitClose().contains("<undefined-condition "));
        }
    }

}
