package net.bluemind.xmpp.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.plugins.PluginHost;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.spi.VHostRepositoryProvider;

/** {@code domains.repository: bluemind}: found by the engine, settings checked, start-up bounded and resilient. */
class BlueMindVHostRepositoryProviderTest {

    private static final Path STATE = Path.of("/var/lib/bm-xmpp");

    @Test
    void theEngineFindsTheProviderByName() {
        assertTrue(ServiceLoader.load(VHostRepositoryProvider.class).stream()
                .anyMatch(p -> "bluemind".equals(p.get().name())));
    }

    @Test
    void anUnknownSettingIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BlueMindVHostRepositoryProvider()
                .create(new PluginHost(STATE).context(Map.of("server-uid", "x", "resync-secs", 5))));
        assertTrue(e.getMessage().contains("resync-secs"), e.getMessage());
    }

    @Test
    void malformedSettingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlueMindVHostRepositoryProvider.config(Map.of("resync-seconds", "often"), STATE));
        assertTrue(e.getMessage().contains("resync-seconds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BlueMindVHostRepositoryProvider.config(Map.of("amqp-uri", "not a url"), STATE));
        assertTrue(e.getMessage().contains("amqp-uri"), e.getMessage());
    }

    @Test
    void settingsAreTypedWithDefaults() {
        BlueMindDomainsConfig c = BlueMindVHostRepositoryProvider.config(Map.of("core-url", "http://core:8090",
                "token-file", "core.tok", "server-uid", "srv-1", "resync-seconds", 30), STATE);
        assertEquals("http://core:8090", c.coreUrl().toString());
        assertEquals(STATE.resolve("core.tok"), c.tokenFile());
        assertEquals("srv-1", c.serverName());
        assertEquals(Duration.ofSeconds(30), c.resync());
        assertEquals(BlueMindDomainsConfig.DEFAULT_AMQP, c.amqpUri());
        assertTrue(BlueMindVHostRepositoryProvider.config(Map.of(), STATE).serverFqdn() != null, "the host's fqdn by default");
    }

    @Test
    void startWaitsForCoreABoundedTimeAndSaysSo() throws Exception {
        try (SimHarness sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ); LogLines log = new LogLines(BlueMindVHostRepository.class)) {
            Map<String, Object> settings = Map.of("core-url", "http://127.0.0.1:" + freePort(), "token-file",
                    sim.tokenFile().toString(), "server-uid", "demo-xmpp", "start-wait-seconds", 1, "connect-timeout-ms", 200,
                    "read-timeout-ms", 200);
            long t0 = System.nanoTime();
            VHostRepository r = new BlueMindVHostRepositoryProvider().create(new PluginHost(STATE).context(settings));
            try {
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "start-up is bounded");
                assertEquals(Set.of(), r.vhosts());
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN waiting for bm-core")), log.lines().toString());
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("ERROR bm-core at")), log.lines().toString());
            } finally {
                ((AutoCloseable) r).close();
            }
        }
    }

    @Test
    void withoutTheBrokerDomainsAreServedAndResyncedPeriodically() throws Exception {
        try (SimHarness sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ)) {
            Map<String, Object> settings = Map.of("core-url", sim.url().toString(), "token-file", sim.tokenFile().toString(),
                    "server-uid", "demo-xmpp", "amqp-uri", "amqp://guest:guest@127.0.0.1:" + freePort(), "resync-seconds", 1);
            VHostRepository r = new BlueMindVHostRepositoryProvider().create(new PluginHost(STATE).context(settings));
            try {
                assertTrue(r.isServed("acme.test") && r.isServed("ACME.example") && r.isServed("globex.test"));
                assertEquals("acme.test", r.canonical("acme.example"));
                sim.addDomain("initech.test", "demo-xmpp");
                Await.until("initech.test served by the periodic resync", Duration.ofSeconds(5), () -> r.isServed("initech.test"));
            } finally {
                ((AutoCloseable) r).close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
