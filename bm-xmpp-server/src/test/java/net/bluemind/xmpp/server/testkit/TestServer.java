package net.bluemind.xmpp.server.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import net.bluemind.xmpp.server.Server;
import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.ConfigException;
import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.TlsConfig;
import net.bluemind.xmpp.server.local.LocalAuthRepository;
import net.bluemind.xmpp.server.local.LocalDirectory;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.storage.MemoryUserDataRepository;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * A real server on loopback with free ports, the demo directory (acme.test with alias acme.example,
 * globex.test) and its own state folder; clients trust its generated certificates.
 */
public final class TestServer implements AutoCloseable {

    public static final Path DEMO_DIRECTORY = Path.of("../etc/demo/directory.yaml");

    private final Server server;
    private final Path stateDir;
    private final boolean ownsState;

    private TestServer(Server server, Path stateDir, boolean ownsState) {
        this.server = server;
        this.stateDir = stateDir;
        this.ownsState = ownsState;
    }

    /** Starts on a state folder the caller keeps (to restart on it); it is not deleted at close. */
    public static TestServer startKeeping(Path state, UnaryOperator<ServerConfig> customize) throws Exception {
        return new TestServer(Server.start(validated(customize.apply(defaultConfig(state)))), state, false);
    }

    public static TestServer start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /** Starts with the default test configuration changed by {@code customize}. */
    public static TestServer start(UnaryOperator<ServerConfig> customize) throws Exception {
        return startWith(state -> customize.apply(defaultConfig(state)));
    }

    /**
     * Starts with a configuration of the test's own made on a new state folder (a plugin's production configuration,
     * say): the plugins it names are found on the class path as in production.
     */
    public static TestServer startWith(Function<Path, ServerConfig> config) throws Exception {
        Path state = newState();
        return new TestServer(Server.start(validated(config.apply(state))), state, true);
    }

    /** As {@link #startWith(Function)}, with an account repository of the test's, made from the served domains; user data in memory. */
    public static TestServer startWith(Function<Path, ServerConfig> config, Function<VHostRepository, AuthRepository> auth) throws Exception {
        Path state = newState();
        ServerConfig c = validated(config.apply(state));
        StaticVHostRepository vhosts = new StaticVHostRepository(c.domains().list());
        return new TestServer(Server.start(c, vhosts, auth.apply(vhosts), new MemoryUserDataRepository()), state, true);
    }

    /**
     * Starts with the default configuration and another account repository, made from the served
     * domains (e.g. one wrapping {@link #demoAccounts}); user data in memory.
     */
    public static TestServer startWithAuth(Function<VHostRepository, AuthRepository> auth) throws Exception {
        return startWith(TestServer::defaultConfig, auth);
    }

    /** Starts with the default configuration, the demo accounts and this user data storage (which the caller closes). */
    public static TestServer startWithStorage(net.bluemind.xmpp.spi.UserDataRepository userData) throws Exception {
        Path state = newState();
        ServerConfig config = validated(defaultConfig(state).withStorage(new net.bluemind.xmpp.server.config.StorageConfig("memory", null,
                null, null, null, null)));
        StaticVHostRepository vhosts = new StaticVHostRepository(config.domains().list());
        return new TestServer(Server.start(config, vhosts, demoAccounts(vhosts), userData), state, true);
    }

    private static Path newState() throws java.io.IOException {
        return Files.createTempDirectory("bm-xmpp-test");
    }

    private static ServerConfig validated(ServerConfig config) throws ConfigException {
        ConfigLoader.validate(config, "test");
        return config;
    }

    /** The demo directory's accounts, as the standalone server has them. */
    public static LocalAuthRepository demoAccounts(VHostRepository vhosts) {
        try {
            return new LocalAuthRepository(LocalDirectory.load(DEMO_DIRECTORY.toAbsolutePath()), null, vhosts);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ServerConfig defaultConfig(Path state) {
        List<ListenerConfig> listeners = List.of(
                new ListenerConfig("c2s", "starttls", "127.0.0.1", 0),
                new ListenerConfig("c2s", "direct", "127.0.0.1", 0));
        DomainsConfig domains = new DomainsConfig("static", List.of(
                new DomainsConfig.StaticDomain("acme.test", List.of("acme.example")),
                new DomainsConfig.StaticDomain("globex.test", List.of())));
        // Every test client comes from 127.0.0.1: the per-address lockout is raised so one test's
        // wrong passwords do not lock out the next; the throttling test sets its own.
        AuthConfig auth = new AuthConfig("local", new AuthConfig.LocalAuthConfig(DEMO_DIRECTORY.toAbsolutePath(), null),
                new AuthConfig.ThrottleConfig(10_000, 5, 300), 3);
        // Tests flood one connection on purpose (back-pressure, throughput): no inbound shaping unless a test sets it.
        LimitsConfig limits = LimitsConfig.defaults().withInboundRate(new InboundRateConfig(0, 0, 0, 0));
        return new ServerConfig(state, listeners, new TlsConfig(state.resolve("admin-certs"), null, null), domains, auth,
                limits, List.of("admin@acme.test"), null, null);
    }

    public Server server() {
        return server;
    }

    /** Waits until the server has the resource bound and available (its initial presence processed). */
    public void awaitAvailable(String fullJid) {
        Await.until(fullJid + " available", () -> {
            try {
                var s = server.sessions().find(org.jxmpp.jid.impl.JidCreate.entityFullFrom(fullJid));
                return s != null && s.isAvailable();
            } catch (org.jxmpp.stringprep.XmppStringprepException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    public int startTlsPort() {
        return server.port(false);
    }

    public int directTlsPort() {
        return server.port(true);
    }

    /** Trusts exactly the certificates this server presents now (the domains it serves at this moment). */
    public X509TrustManager trustManager() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (VHostRepository.VHost v : server.vhosts().vhosts()) {
                X509Certificate c = server.certificates().certificate(v.domain());
                ks.setCertificateEntry("c" + i++, c);
            }
            if (i == 0) {
                // No domain served yet (BlueMind's domains not loaded): the server presents its fallback certificate.
                ks.setCertificateEntry("fallback", server.certificates().certificate("acme.test"));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (!ownsState) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
