package net.bluemind.xmpp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;

/** The shipped demo configuration, with the simulator in the same process: what a real client sees. */
class DemoTest {

    @TempDir
    static Path state;
    private static Demo demo;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Path.of("../etc/demo/bm-xmpp.yaml")).withStateDir(state).withListeners(List.of(
                new ListenerConfig("c2s", "starttls", "127.0.0.1", 0), new ListenerConfig("c2s", "direct", "127.0.0.1", 0)));
        demo = Demo.start(config, 0);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static XMPPTCPConnection login(String user, String domain, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("acme", demo.server().certificates().certificate("acme.test"));
        ks.setCertificateEntry("globex", demo.server().certificates().certificate("globex.test"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHost("127.0.0.1").setPort(demo.server().port(false))
                .setUsernameAndPassword(user, password).setResource("demo")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager((X509TrustManager) tmf.getTrustManagers()[0])
                .build());
        c.connect();
        try {
            c.login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return c;
    }

    @Test
    void aliceLogsInThroughTheSimulatedCore() throws Exception {
        XMPPTCPConnection alice = login("alice", "acme.test", "alice");
        assertEquals("alice@acme.test/demo", alice.getUser().toString());
        alice.disconnect();
    }

    @Test
    void bobsSecondAddressBindsHisDefaultAddress() throws Exception {
        XMPPTCPConnection bob = login("robert", "acme.test", "bob");
        assertEquals("bob@acme.test/demo", bob.getUser().toString());
        bob.disconnect();
    }

    @Test
    void bobsCardComesFromTheSimulatedAddressBook() throws Exception {
        XMPPTCPConnection alice = login("alice", "acme.test", "alice");
        try {
            org.jivesoftware.smackx.vcardtemp.packet.VCard bob = org.jivesoftware.smackx.vcardtemp.VCardManager
                    .getInstanceFor(alice).loadVCard(org.jxmpp.jid.impl.JidCreate.entityBareFrom("bob@acme.test"));
            assertEquals("Bob Durand", bob.getField("FN"));
            org.junit.jupiter.api.Assertions.assertNotNull(bob.getAvatar(), "bob's photo from the simulator");
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void daveWithoutTheImRoleIsRefused() {
        SASLErrorException e = assertThrows(SASLErrorException.class, () -> login("dave", "acme.test", "dave"));
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
    }

    @Test
    void carolOfTheOtherDomainLogsIn() throws Exception {
        XMPPTCPConnection carol = login("carol", "globex.test", "carol");
        assertEquals("carol@globex.test/demo", carol.getUser().toString());
        carol.disconnect();
    }
}
