package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.HostPort;

/** XEP-0185 keys, and the static routes' host:port syntax. */
class S2sDialbackKeysTest {

    @Test
    void aKeyIsValidOnlyForItsDomainsAndStreamAndSecret() {
        DialbackKeys keys = new DialbackKeys("a-shared-cluster-secret");
        String key = keys.key("peer.example", "acme.test", "D60000229F");
        assertEquals(64, key.length(), "hex of a SHA-256 HMAC");
        assertTrue(keys.valid(key, "peer.example", "acme.test", "D60000229F"));
        assertTrue(new DialbackKeys("a-shared-cluster-secret").valid(key, "peer.example", "acme.test", "D60000229F"),
                "another node with the same secret agrees");
        assertFalse(keys.valid(key, "peer.example", "acme.test", "D60000229E"));
        assertFalse(keys.valid(key, "acme.test", "peer.example", "D60000229F"));
        assertFalse(new DialbackKeys("another-secret-entirely").valid(key, "peer.example", "acme.test", "D60000229F"));
        assertFalse(new DialbackKeys(null).valid(key, "peer.example", "acme.test", "D60000229F"), "a random secret when none is set");
        assertFalse(keys.valid(null, "peer.example", "acme.test", "D60000229F"));
    }

    @Test
    void routesAreHostColonPort() {
        assertEquals(new HostPort("127.0.0.2", 5269), HostPort.parse("127.0.0.2:5269"));
        assertEquals(new HostPort("::1", 5269), HostPort.parse("[::1]:5269"));
        assertEquals(new HostPort("s2s-proxy.internal", 15269), HostPort.parse("s2s-proxy.internal:15269"));
        assertEquals(null, HostPort.parse("nowhere"));
        assertEquals(null, HostPort.parse("host:0"));
        assertEquals(null, HostPort.parse("host:70000"));
        assertEquals(null, HostPort.parse(":5269"));
    }

    @Test
    void staticRoutesComeBeforeDns() {
        S2sResolver r = new S2sResolver(java.util.Map.of("Peer.Test", "127.0.0.2:5269"));
        assertEquals(java.util.List.of(new S2sResolver.Target("127.0.0.2", 5269, false)), r.resolve("peer.test"));
    }
}
