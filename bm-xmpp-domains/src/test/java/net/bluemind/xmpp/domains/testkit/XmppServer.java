package net.bluemind.xmpp.domains.testkit;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The engine's {@link TestServer} as configured in production with the BlueMind plugins:
 * {@code domains.repository: bluemind} (this module, server {@code demo-xmpp}) and
 * {@code auth.repository: bluemind}, against a {@link SimHarness}: only the configuration is this module's.
 */
public final class XmppServer implements AutoCloseable {

    public static final String SERVER_UID = "demo-xmpp";

    private final TestServer server;

    private XmppServer(TestServer server) {
        this.server = server;
    }

    /** @param resyncSeconds the safety-net period (long, to prove a change came from an event or a reconnect) */
    public static XmppServer start(SimHarness sim, int resyncSeconds) throws Exception {
        return new XmppServer(TestServer.startWith(state -> {
            Map<String, Object> domainSettings = Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                    "server-uid", SERVER_UID, "amqp-uri", SimHarness.LOCAL_RABBITMQ.toString(), "resync-seconds", resyncSeconds,
                    "start-wait-seconds", 10, "connect-timeout-ms", 500, "read-timeout-ms", 2000);
            Map<String, Object> authSettings = Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                    "cache-ttl-seconds", 1);
            List<ListenerConfig> listeners = List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0));
            // Every client comes from 127.0.0.1 and tests fail logins on purpose: no lockout between tests.
            AuthConfig auth = new AuthConfig("bluemind", null, new AuthConfig.ThrottleConfig(10_000, 10_000, 300), 3, authSettings);
            return new ServerConfig(state, listeners, new TlsConfig(state.resolve("admin-certs"), null, null),
                    new DomainsConfig("bluemind", List.of(), domainSettings), auth, null, List.of(), null, null);
        }));
    }

    public VHostRepository vhosts() {
        return server.server().vhosts();
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
