package net.bluemind.xmpp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code s2s} section and s2s listeners: defaults, parsing, and errors that name the key. */
class S2sConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("bm-xmpp.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private void assertKeyError(String yaml, String key) throws Exception {
        Path f = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains("key '" + key + "'"), e.getMessage());
    }

    @Test
    void federationIsOffByDefault() throws Exception {
        ServerConfig c = ConfigLoader.load(write(""));
        assertFalse(c.s2s().enabled());
        assertEquals(S2sConfig.DIALBACK_ALLOWED, c.s2s().certificateValidation());
        assertEquals(15, c.s2s().connectTimeoutSeconds());
        assertEquals(600, c.s2s().idleTimeoutSeconds());
    }

    @Test
    void readsTheSectionAndResolvesTheCaFileAgainstTheConfigFolder() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "");
        ServerConfig c = ConfigLoader.load(write("""
                listeners:
                  - { type: c2s, address: 127.0.0.1, port: 5222 }
                  - { type: s2s, address: 127.0.0.1 }
                s2s:
                  enabled: true
                  connect-timeout-seconds: 5
                  routes: { peer.test: "127.0.0.2:5269" }
                  ca-file: ca.pem
                  certificate-validation: strict
                  deny: [spam.example]
                  disabled-domains: [internal.example]
                """));
        assertEquals(5269, c.listeners().get(1).port());
        assertTrue(c.listeners().get(1).s2s());
        assertTrue(c.s2s().enabled());
        assertTrue(c.s2s().strict());
        assertEquals("127.0.0.2:5269", c.s2s().routes().get("peer.test"));
        assertEquals(dir.resolve("ca.pem"), c.s2s().caFile());
        assertEquals(java.util.List.of("spam.example"), c.s2s().deny());
    }

    @Test
    void errorsNameTheKey() throws Exception {
        assertKeyError("s2s:\n  certificate-validation: lax\n", "s2s.certificate-validation");
        assertKeyError("s2s:\n  connect-timeout-seconds: 0\n", "s2s.connect-timeout-seconds");
        assertKeyError("s2s:\n  idle-timeout-seconds: -1\n", "s2s.idle-timeout-seconds");
        assertKeyError("s2s:\n  routes: { peer.test: nowhere }\n", "s2s.routes.peer.test");
        assertKeyError("s2s:\n  ca-file: missing.pem\n", "s2s.ca-file");
        assertKeyError("s2s:\n  dialback-secret: short\n", "s2s.dialback-secret");
        assertKeyError("s2s:\n  deny: [\"bad/name\"]\n", "s2s.deny[0]");
        assertKeyError("s2s:\n  unknown-key: 1\n", "s2s.unknown-key");
        assertKeyError("listeners:\n  - { type: s2s, tls: direct }\n", "listeners[0].tls");
        assertKeyError("listeners:\n  - { type: x2x }\n", "listeners[0].type");
    }

    @Test
    void theStandaloneDemoListensForServersOnLoopback() throws Exception {
        ServerConfig demo = ConfigLoader.load(Path.of("../etc/demo/standalone.yaml"));
        assertTrue(demo.s2s().enabled());
        assertTrue(demo.listeners().stream().anyMatch(l -> l.s2s() && "127.0.0.1".equals(l.address()) && l.port() == 5269));
    }
}
