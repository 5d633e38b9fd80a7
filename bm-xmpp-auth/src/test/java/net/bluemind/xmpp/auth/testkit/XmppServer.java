package net.bluemind.xmpp.auth.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.AuthRepository;

/**
 * The engine's {@link TestServer} serving acme.test (alias acme.example) and globex.test with the
 * {@link AuthRepository} under test and user data in memory: only the configuration is this module's.
 */
public final class XmppServer implements AutoCloseable {

    private final TestServer server;

    private XmppServer(TestServer server) {
        this.server = server;
    }

    public static XmppServer start(AuthRepository auth) throws Exception {
        // Every test client comes from 127.0.0.1: no lockout between tests.
        return start(auth, new AuthConfig.ThrottleConfig(10_000, 10_000, 300));
    }

    /** With the brute-force protection a test sets. */
    public static XmppServer start(AuthRepository auth, AuthConfig.ThrottleConfig throttle) throws Exception {
        return new XmppServer(TestServer.startWith(state -> config(state, throttle), vhosts -> auth));
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
        return SmackClients.connection(server, username + "@" + domain, password, "test", b -> { });
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
