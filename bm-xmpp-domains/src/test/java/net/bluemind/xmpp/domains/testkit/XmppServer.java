package net.bluemind.xmpp.domains.testkit;

import java.io.IOException;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.testkit.BlueMindConfigs;
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
        return new XmppServer(TestServer.startWith(state -> BlueMindConfigs.production(state, sim.url(), sim.tokenFile(),
                SimHarness.LOCAL_RABBITMQ, SERVER_UID, resyncSeconds, null, Map.of())));
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
