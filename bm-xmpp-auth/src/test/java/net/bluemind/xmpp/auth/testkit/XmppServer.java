package net.bluemind.xmpp.auth.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

import net.bluemind.xmpp.server.Server;
import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The engine on loopback (free STARTTLS port) serving acme.test (alias acme.example) and globex.test with
 * a given {@link AuthRepository}, user data in memory; Smack clients that trust its certificates.
 */
public final class XmppServer implements AutoCloseable {

    private final Server server;
    private final Path stateDir;

    private XmppServer(Server server, Path stateDir) {
        this.server = server;
        this.stateDir = stateDir;
    }

    public static XmppServer start(AuthRepository auth) throws Exception {
        // Every client comes from 127.0.0.1 and tests fail logins on purpose: no lockout between tests.
        return start(auth, new AuthConfig.ThrottleConfig(10_000, 10_000, 300));
    }

    /** With the brute-force protection a test sets. */
    public static XmppServer start(AuthRepository auth, AuthConfig.ThrottleConfig throttle) throws Exception {
        Path state = Files.createTempDirectory("bm-xmpp-auth-test");
        ServerConfig config = config(state, throttle);
        ConfigLoader.validate(config, "test");
        StaticVHostRepository vhosts = new StaticVHostRepository(config.domains().list());
        return new XmppServer(Server.start(config, vhosts, auth, new MemoryUserDataRepository()), state);
    }

    private static ServerConfig config(Path state, AuthConfig.ThrottleConfig throttle) {
        List<ListenerConfig> listeners = List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0));
        DomainsConfig domains = new DomainsConfig("static", List.of(
                new DomainsConfig.StaticDomain("acme.test", List.of("acme.example")),
                new DomainsConfig.StaticDomain("globex.test", List.of())));
        AuthConfig auth = new AuthConfig("local", null, throttle, 3);
        return new ServerConfig(state, listeners, new TlsConfig(state.resolve("admin-certs"), null, null), domains, auth,
                null, List.of("admin@acme.test"), null, null);
    }

    /** A configured, not yet connected client for {@code username} on the stream domain {@code domain}. */
    public XMPPTCPConnection client(String domain, String username, String password) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost("127.0.0.1")
                .setPort(server.port(false))
                .setUsernameAndPassword(username, password)
                .setResource("test")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(trustManager())
                .setConnectTimeout(10_000)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(10_000);
        return c;
    }

    private X509TrustManager trustManager() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (VHostRepository.VHost v : server.vhosts().vhosts()) {
            ks.setCertificateEntry("c" + i++, server.certificates().certificate(v.domain()));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
