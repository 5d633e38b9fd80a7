package net.bluemind.xmpp.server.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
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
            assertEquals(1, filterOf("bob@acme.test/pocket").held(), "held while inactive");
            String meanwhile = bob.readFor(Duration.ZERO);
            assertTrue(!meanwhile.contains("third"), "nothing sent while inactive: " + meanwhile);
            bob.send("<active xmlns='urn:xmpp:csi:0'/>");
            bob.await("third");
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void aResumedStreamIsActiveAndGetsWhatTheLostOneHeldBack() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "csi-resume");
        try {
            String previd;
            try (RawClient lost = RawClient.plain(server)) {
                lost.login("acme.test", "bob", "bob", "tram");
                lost.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
                Matcher id = Pattern.compile("id=['\"]([^'\"]+)['\"]").matcher(lost.await("/>"));
                assertTrue(id.find(), "stream management enabled with an id");
                previd = id.group(1);
                lost.send("<presence/>");
                server.awaitAvailable("bob@acme.test/tram");
                lost.send("<inactive xmlns='urn:xmpp:csi:0'/>");
                lost.send("<iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>");
                lost.await("sync");
                alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(JidCreate.from("bob@acme.test/tram"))
                        .setStatus("out of the tunnel").build());
                PingManager.getInstanceFor(alice).pingMyServer(true, 10_000);
                assertEquals(1, filterOf("bob@acme.test/tram").held(), "held while inactive");
                // The connection drops without a word (the tram enters the tunnel).
            }
            try (RawClient resumed = RawClient.plain(server)) {
                resumed.authenticate("acme.test", "bob", "bob");
                resumed.send("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0'/>");
                String seen = resumed.await("out of the tunnel");
                assertTrue(seen.indexOf("<resumed") >= 0 && seen.indexOf("<resumed") < seen.indexOf("out of the tunnel"), seen);
                assertEquals(0, filterOf("bob@acme.test/tram").held(), "the new stream is active");
            }
        } finally {
            alice.disconnect();
        }
    }

    private static ClientStateFilter filterOf(String fullJid) throws Exception {
        return server.server().sessions().find(JidCreate.entityFullFrom(fullJid)).get(ClientStateFilter.FILTER);
    }
}
