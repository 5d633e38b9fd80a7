package net.bluemind.xmpp.server.c2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

class ResourceBindingTest {

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
    void newestConnectionWinsAResourceConflict() throws Exception {
        XMPPTCPConnection first = SmackClients.login(server, "alice@acme.test", "phone");
        AtomicReference<Exception> closedWith = new AtomicReference<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedWith.set(e);
            }
        });
        XMPPTCPConnection second = SmackClients.login(server, "alice@acme.test", "phone");
        try {
            Await.until("the first connection closed", () -> closedWith.get() != null);
            assertTrue(closedWith.get() instanceof XMPPException.StreamErrorException, String.valueOf(closedWith.get()));
            assertEquals(StreamError.Condition.conflict,
                    ((XMPPException.StreamErrorException) closedWith.get()).getStreamError().getCondition());
            assertEquals("alice@acme.test/phone", second.getUser().toString());
            assertTrue(PingManager.getInstanceFor(second).pingMyServer(true, 10_000));
            assertEquals(1, server.server().sessions().sessions(second.getUser().asEntityBareJid()).length);
        } finally {
            second.disconnect();
            first.disconnect();
        }
    }

    @Test
    void serverPicksAResourceWhenTheClientAsksNone() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            String features = c.authenticate("acme.test", "erin", "erin");
            assertTrue(features.contains("<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>"), features);
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            String bound = c.await("</iq>");
            assertTrue(bound.contains("<jid>erin@acme.test/bm-"), bound);
        }
    }

    @Test
    void invalidResourceIsRefusedWithBadRequest() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.authenticate("acme.test", "erin", "erin");
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + "r".repeat(1100) + "</resource></bind></iq>");
            assertTrue(c.await("</iq>").contains("<bad-request"));
            c.send("<iq type='set' id='b2'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>ok</resource></bind></iq>");
            assertTrue(c.await("</iq>").contains("<jid>erin@acme.test/ok</jid>"));
        }
    }
}
