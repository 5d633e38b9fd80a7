package net.bluemind.xmpp.server.csi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** XEP-0352: presence held while the client is inactive, released in order by urgent traffic or activity. */
class ClientStateIndicationTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void presenceWaitsWhileInactiveAndComesBeforeTheNextMessage() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "csi");
        try (RawClient bob = RawClient.plain(server)) {
            String features = bob.authenticate("acme.test", "bob", "bob");
            assertTrue(features.contains("<csi xmlns=\"urn:xmpp:csi:0\"/>"), features);
            bob.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>pocket</resource></bind></iq>");
            bob.await("</iq>");
            bob.send("<presence/>");
            server.awaitAvailable("bob@acme.test/pocket");
            bob.send("<inactive xmlns='urn:xmpp:csi:0'/>");
            // A ping round trip: the server has processed <inactive/> once the answer is back.
            bob.send("<iq type='get' id='sync1'><ping xmlns='urn:xmpp:ping'/></iq>");
            bob.await("sync1");
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(JidCreate.from("bob@acme.test/pocket")).setStatus("first").build());
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(JidCreate.from("bob@acme.test/pocket")).setStatus("second").build());
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test/pocket"))
                    .ofType(Message.Type.chat).setBody("wake up").build());
            String seen = bob.await("wake up");
            assertTrue(seen.contains("second"), "the held presence comes first: " + seen);
            assertTrue(!seen.contains(">first<"), "only the newest presence of a sender is kept: " + seen);

            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(JidCreate.from("bob@acme.test/pocket")).setStatus("third").build());
            // alice's stanzas are handled in order: once her ping is answered, the presence has reached bob's filter.
            PingManager.getInstanceFor(alice).pingMyServer(true, 10_000);
            String meanwhile = bob.readFor(Duration.ofMillis(300));
            assertTrue(!meanwhile.contains("third"), "held while inactive: " + meanwhile);
            bob.send("<active xmlns='urn:xmpp:csi:0'/>");
            bob.await("third");
        } finally {
            alice.disconnect();
        }
    }
}
