package net.bluemind.xmpp.vcard.testkit;

import java.io.IOException;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.config.LimitsConfig;
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
        // The throughput tests keep 200 requests in flight on one connection: no inbound shaping.
        LimitsConfig limits = LimitsConfig.defaults().withInboundRate(new InboundRateConfig(0, 0, 0, 0));
        Map<String, Map<String, Object>> plugins = Map.of("vcard", Map.of("core-url", sim.url().toString(),
                "token-file", sim.tokenFile().toString(), "amqp-uri", SimHarness.LOCAL_RABBITMQ.toString(),
                // generous: the throughput test keeps 200 requests in flight on a machine the build shares
                "core-timeout-ms", 10_000));
        return new XmppServer(TestServer.startWith(state -> BlueMindConfigs.production(state, sim.url(), sim.tokenFile(),
                SimHarness.LOCAL_RABBITMQ, SERVER_UID, resyncSeconds, limits, plugins)));
    }

    public VHostRepository vhosts() {
        return server.server().vhosts();
    }

    /** A configured, not yet connected client for {@code username} on the stream domain {@code domain}. */
    public XMPPTCPConnection client(String domain, String username, String password) throws Exception {
        return client(domain, username, password, "test");
    }

    public XMPPTCPConnection client(String domain, String username, String password, String resource) throws Exception {
        PhotoUpdate.install();
        return SmackClients.connection(server, username + "@" + domain, password, resource, b -> { });
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
