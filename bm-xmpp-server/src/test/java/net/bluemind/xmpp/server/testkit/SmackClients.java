package net.bluemind.xmpp.server.testkit;

import java.util.function.Consumer;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Smack clients for a {@link TestServer}: STARTTLS required, the server's certificates trusted. */
public final class SmackClients {

    static {
        SASLAuthentication.registerSASLMechanism(new SmackScramSha256());
        // Smack rejects subscription requests by default; the tests answer them themselves.
        org.jivesoftware.smack.roster.Roster.setDefaultSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.manual);
    }

    private SmackClients() {
    }

    /** Connects and logs in {@code user@domain} with the demo password (the local part). */
    public static XMPPTCPConnection login(TestServer server, String bareJid, String resource) throws Exception {
        return login(server, bareJid, bareJid.substring(0, bareJid.indexOf('@')), resource, b -> { });
    }

    public static XMPPTCPConnection login(TestServer server, String bareJid, String password, String resource,
                                          Consumer<XMPPTCPConnectionConfiguration.Builder> customize) throws Exception {
        XMPPTCPConnection c = connection(server, bareJid, password, resource, customize);
        c.connect();
        try {
            c.login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return c;
    }

    /** A configured but not yet connected client. */
    public static XMPPTCPConnection connection(TestServer server, String bareJid, String password, String resource,
                                               Consumer<XMPPTCPConnectionConfiguration.Builder> customize) throws Exception {
        // The last '@': a test may log in with an address as its user name (alice@acme.example on acme.test).
        int at = bareJid.lastIndexOf('@');
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(bareJid.substring(at + 1))
                .setHost("127.0.0.1")
                .setPort(server.startTlsPort())
                .setUsernameAndPassword(bareJid.substring(0, at), password)
                .setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(server.trustManager())
                .setSendPresence(true)
                .setConnectTimeout(10_000);
        customize.accept(b);
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setReplyTimeout(10_000);
        return c;
    }
}
