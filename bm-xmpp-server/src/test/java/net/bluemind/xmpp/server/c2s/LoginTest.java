package net.bluemind.xmpp.server.c2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.packet.SaslNonza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

class LoginTest {

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
    void logsInOverStartTlsWithPlain() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "alice@acme.test", "alice", "plain",
                b -> b.addEnabledSaslMechanism("PLAIN"));
        try {
            assertTrue(c.isSecureConnection());
            assertEquals("PLAIN", c.getUsedSaslMechansism());
            assertEquals("alice@acme.test/plain", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void logsInWithScramSha256() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "alice@acme.test", "alice", "scram256",
                b -> b.addEnabledSaslMechanism("SCRAM-SHA-256"));
        try {
            assertEquals("SCRAM-SHA-256", c.getUsedSaslMechansism());
            assertTrue(c.isAuthenticated());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void logsInWithScramSha1() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "carol@globex.test", "carol", "scram1",
                b -> b.addEnabledSaslMechanism("SCRAM-SHA-1"));
        try {
            assertEquals("SCRAM-SHA-1", c.getUsedSaslMechansism());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void logsInOverDirectTlsChoosingCertificateBySni() throws Exception {
        try (RawClient c = RawClient.directTls(server, "globex.test")) {
            assertEquals("CN=globex.test", c.peerCertificateSubject());
            c.login("globex.test", "carol", "carol", "direct");
            c.send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
            String reply = c.await("id=\"p1\"");
            assertTrue(reply.endsWith("<iq id=\"p1\""), reply);
        }
    }

    @Test
    void logsInOverDirectTlsWithSmack() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "bob@acme.test", "bob", "direct", b -> b
                .setPort(server.directTlsPort())
                .setSocketFactory(server.sslContext().getSocketFactory())
                // TLS is already there from the first byte: there is nothing to STARTTLS.
                .setSecurityMode(org.jivesoftware.smack.ConnectionConfiguration.SecurityMode.disabled));
        try {
            assertEquals("bob@acme.test/direct", c.getUser().toString());
            assertTrue(org.jivesoftware.smackx.ping.PingManager.getInstanceFor(c).pingMyServer(true, 10_000));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void directTlsOffersNoStartTls() throws Exception {
        try (RawClient c = RawClient.directTls(server, "acme.test")) {
            c.openStream("acme.test");
            String features = c.await("</stream:features>");
            assertFalse(features.contains("starttls"), features);
            assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
        }
    }

    @Test
    void offersOnlyStartTlsBeforeEncryption() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            String features = c.await("</stream:features>");
            assertTrue(features.contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>"), features);
            assertFalse(features.contains("mechanism"), features);
        }
    }

    @Test
    void refusesPlainWithoutTls() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            c.await("</stream:features>");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGFsaWNl</auth>");
            String answer = c.await("</failure>");
            assertTrue(answer.contains("<encryption-required/>"), answer);
            assertFalse(answer.contains("success"), answer);
        }
    }

    @Test
    void refusesWrongPasswordWithNotAuthorized() throws Exception {
        SASLErrorException e = assertThrows(SASLErrorException.class,
                () -> SmackClients.login(server, "bob@acme.test", "wrong", "r", b -> { }));
        assertEquals(SaslNonza.SASLFailure.class, e.getSASLFailure().getClass());
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
    }

    @Test
    void refusesAccountWithoutImRole() throws Exception {
        SASLErrorException e = assertThrows(SASLErrorException.class,
                () -> SmackClients.login(server, "dave@acme.test", "dave", "r", b -> { }));
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
    }

    @Test
    void secondAddressLogsInToTheDefaultJid() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "robert@acme.test", "bob", "alias", b -> b.addEnabledSaslMechanism("PLAIN"));
        try {
            assertEquals("bob@acme.test/alias", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void domainAliasServesTheDomain() throws Exception {
        XMPPTCPConnection c = SmackClients.login(server, "erin@acme.example", "erin", "via-alias", b -> b.addEnabledSaslMechanism("PLAIN"));
        try {
            assertEquals("erin@acme.test/via-alias", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }
}
