package net.bluemind.xmpp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits.connections}, {@code limits.inbound-rate} and {@code limits.max-roster-items}. */
class AbuseLimitsConfigTest {

    @TempDir
    Path dir;

    private ServerConfig load(String yaml) throws Exception {
        Path f = dir.resolve("bm-xmpp.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f);
    }

    private void assertRefused(String yaml, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void defaultsWhenAbsent() throws Exception {
        LimitsConfig l = load("").limits();
        assertEquals(2_000, l.connections().maxUnauthenticatedPerIp());
        assertEquals(10_000, l.connections().maxUnauthenticated());
        assertEquals(0, l.connections().maxTotal());
        assertEquals(65_536, l.inboundRate().bytesPerSecond());
        assertEquals(1_048_576, l.inboundRate().burstBytes());
        assertEquals(100, l.inboundRate().stanzasPerSecond());
        assertEquals(1_000, l.inboundRate().burstStanzas());
        assertEquals(2_000, l.maxRosterItems());
    }

    @Test
    void readsEveryKey() throws Exception {
        LimitsConfig l = load("""
                limits:
                  max-roster-items: 500
                  connections:
                    max-unauthenticated-per-ip: 50
                    max-unauthenticated: 400
                    max-total: 9000
                  inbound-rate:
                    bytes-per-second: 1000
                    burst-bytes: 5000
                    stanzas-per-second: 0
                """).limits();
        assertEquals(500, l.maxRosterItems());
        assertEquals(50, l.connections().maxUnauthenticatedPerIp());
        assertEquals(400, l.connections().maxUnauthenticated());
        assertEquals(9000, l.connections().maxTotal());
        assertEquals(1000, l.inboundRate().bytesPerSecond());
        assertEquals(5000, l.inboundRate().burstBytes());
        assertEquals(0, l.inboundRate().stanzasPerSecond());
        assertEquals(1_000, l.inboundRate().burstStanzas(), "a key left out keeps its default");
    }

    /** The load generator's configurations (the Elasticsearch one needs its plugin, absent here). */
    @Test
    void theBenchConfigurationsTurnShapingOff() throws Exception {
        for (String name : new String[] {"bench-memory.yaml", "bench-compare.yaml", "bench-archive-none.yaml"}) {
            InboundRateConfig r = ConfigLoader.load(Path.of("../etc/demo", name)).limits().inboundRate();
            assertEquals(0, r.bytesPerSecond(), name);
            assertEquals(0, r.stanzasPerSecond(), name);
        }
    }

    @Test
    void namesTheKeyOfAnImpossibleValue() {
        assertRefused("limits:\n  connections:\n    max-unauthenticated-per-ip: 0\n", "limits.connections.max-unauthenticated-per-ip");
        assertRefused("limits:\n  connections:\n    max-unauthenticated: -1\n", "limits.connections.max-unauthenticated");
        assertRefused("limits:\n  connections:\n    max-total: -5\n", "limits.connections.max-total");
        assertRefused("limits:\n  inbound-rate:\n    bytes-per-second: -1\n", "limits.inbound-rate.bytes-per-second");
        assertRefused("limits:\n  inbound-rate:\n    burst-stanzas: 0\n", "limits.inbound-rate.burst-stanzas");
        assertRefused("limits:\n  max-roster-items: 0\n", "limits.max-roster-items");
        assertRefused("limits:\n  connections:\n    max-per-ip: 3\n", "limits.connections.max-per-ip");
    }
}
