package net.bluemind.xmpp.server.s2s;

import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Smack clients of a peer server (Prosody, ejabberd) on its loopback address; its certificate is trusted blindly. */
final class FederationPeer {

    private FederationPeer() {
    }

    static XMPPTCPConnection login(String address, String domain, String user, String password) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost(address)
                .setPort(5222)
                .setUsernameAndPassword(user, password)
                .setResource("peer")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.ifpossible)
                .setCustomX509TrustManager(new TrustAll())
                .setHostnameVerifier((host, session) -> true)
                .setSendPresence(true)
                .setConnectTimeout(10_000)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(15_000);
        c.connect();
        c.login();
        return c;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
