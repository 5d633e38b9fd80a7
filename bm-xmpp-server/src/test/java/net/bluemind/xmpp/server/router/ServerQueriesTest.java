package net.bluemind.xmpp.server.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

class ServerQueriesTest {

    private static TestServer server;
    private static XMPPTCPConnection alice;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = SmackClients.login(server, "alice@acme.test", "queries");
    }

    @AfterAll
    static void stop() throws Exception {
        alice.disconnect();
        server.close();
    }

    @Test
    void answersPingToTheServer() throws Exception {
        assertTrue(PingManager.getInstanceFor(alice).pingMyServer(true, 10_000));
    }

    @Test
    void discoInfoOfTheServerNamesItsIdentityAndFeatures() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.domainBareFrom("acme.test"));
        assertTrue(info.hasIdentity("server", "im"), info.toXML().toString());
        assertTrue(info.containsFeature("urn:xmpp:ping"));
        assertTrue(info.containsFeature("jabber:iq:version"));
        assertTrue(info.containsFeature("http://jabber.org/protocol/disco#info"));
    }

    @Test
    void discoInfoOfAnAccountNamesARegisteredAccount() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.bareFrom("alice@acme.test"));
        assertTrue(info.hasIdentity("account", "registered"), info.toXML().toString());
    }

    @Test
    void answersSoftwareVersionWithoutRevealingTheOs() throws Exception {
        Version v = VersionManager.getInstanceFor(alice).getVersion(JidCreate.domainBareFrom("acme.test"));
        assertEquals("bm-xmpp", v.getName());
        assertEquals(net.bluemind.xmpp.server.Server.VERSION, v.getVersion());
        assertEquals(null, v.getOs());
    }

    @Test
    void iqRulesAreEnforced() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "iq");
            c.send("<iq type='get' id='u1' to='acme.test'><query xmlns='urn:example:unknown'/></iq>");
            assertTrue(c.await("</iq>").contains("<service-unavailable"), "unknown namespace");
            c.send("<iq type='get' id='u2' to='acme.test'><ping xmlns='urn:xmpp:ping'/><ping xmlns='urn:xmpp:ping'/></iq>");
            assertTrue(c.await("</iq>").contains("<bad-request"), "two children");
            c.send("<iq type='get' id='u3' to='bob@acme.test/nowhere'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertTrue(c.await("</iq>").contains("<service-unavailable"), "absent full JID");
            c.send("<iq type='bogus' id='u4'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertTrue(c.await("</iq>").contains("<bad-request"), "bad type");
            c.send("<message to='@acme.test' id='u5'><body>x</body></message>");
            String malformed = c.await("</message>");
            assertTrue(malformed.contains("<jid-malformed"), malformed);
            c.send("<iq type='get' id='u6'><ping xmlns='urn:xmpp:ping'/></iq>");
            String pingSelf = c.await("/>");
            assertTrue(pingSelf.contains("id=\"u6\"") && pingSelf.contains("type=\"result\""), pingSelf);
        }
    }

    @Test
    void iqBetweenResourcesIsRoutedAndAnswered() throws Exception {
        XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "pingable");
        try {
            assertTrue(PingManager.getInstanceFor(alice).ping(JidCreate.entityFullFrom("bob@acme.test/pingable"), 10_000));
        } finally {
            bob.disconnect();
        }
    }
}
