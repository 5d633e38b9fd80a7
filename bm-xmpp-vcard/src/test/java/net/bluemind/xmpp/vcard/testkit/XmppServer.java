package net.bluemind.xmpp.vcard.testkit;

import net.bluemind.xmpp.coresim.SimHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * The engine on loopback (free STARTTLS port) as configured in production with the BlueMind plugins:
 * {@code domains.repository: bluemind} (this module, server {@code demo-xmpp}) and
 * {@code auth.repository: bluemind}, against a {@link SimHarness}; Smack clients trusting its certificates.
 */
public final class XmppServer implements AutoCloseable {

    public static final String SERVER_UID = "demo-xmpp";

    private final Server server;
    private final Path stateDir;

    private XmppServer(Server server, Path stateDir) {
        this.server = server;
        this.stateDir = stateDir;
    }

    /** @param resyncSeconds the safety-net period (long, to prove a change came from an event or a reconnect) */
    public static XmppServer start(SimHarness sim, int resyncSeconds) throws Exception {
        Path state = Files.createTempDirectory("bm-xmpp-domains-test");
        Map<String, Object> domainSettings = Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                "server-uid", SERVER_UID, "amqp-uri", SimHarness.LOCAL_RABBITMQ.toString(), "resync-seconds", resyncSeconds,
                "start-wait-seconds", 10, "connect-timeout-ms", 500, "read-timeout-ms", 2000);
        Map<String, Object> authSettings = Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                "cache-ttl-seconds", 1);
        List<ListenerConfig> listeners = List.of(new ListenerConfig("c2s", "starttls", "127.0.0.1", 0));
        // Every client comes from 127.0.0.1 and tests fail logins on purpose: no lockout between tests.
        AuthConfig auth = new AuthConfig("bluemind", null, new AuthConfig.ThrottleConfig(10_000, 10_000, 300), 3, authSettings);
        // The throughput tests keep 200 requests in flight on one connection: no inbound shaping.
        LimitsConfig limits = LimitsConfig.defaults().withInboundRate(new InboundRateConfig(0, 0, 0, 0));
        ServerConfig config = new ServerConfig(state, listeners, new TlsConfig(state.resolve("admin-certs"), null, null),
                new DomainsConfig("bluemind", List.of(), domainSettings), auth, limits, List.of(), null, null,
                Map.of("vcard", Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                        "amqp-uri", SimHarness.LOCAL_RABBITMQ.toString(),
                        // generous: the throughput test keeps 200 requests in flight on a machine the build shares
                        "core-timeout-ms", 10_000)));
        ConfigLoader.validate(config, "test");
        return new XmppServer(Server.start(config), state);
    }

    public VHostRepository vhosts() {
        return server.vhosts();
    }

    /** A configured, not yet connected client for {@code username} on the stream domain {@code domain}. */
    public XMPPTCPConnection client(String domain, String username, String password) throws Exception {
        return client(domain, username, password, "test");
    }

    public XMPPTCPConnection client(String domain, String username, String password, String resource) throws Exception {
        PhotoUpdate.install();
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost("127.0.0.1")
                .setPort(server.port(false))
                .setUsernameAndPassword(username, password)
                .setResource(resource)
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
        if (i == 0) {
            ks.setCertificateEntry("fallback", server.certificates().certificate("acme.test"));
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
