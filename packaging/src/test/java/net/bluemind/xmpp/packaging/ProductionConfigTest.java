package net.bluemind.xmpp.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.ConfigLoader;
import net.bluemind.xmpp.server.config.ListenerConfig;
import net.bluemind.xmpp.server.config.ServerConfig;

/** The configuration the package installs loads with the plugins the package ships, and is BlueMind's. */
class ProductionConfigTest {

    @Test
    void theInstalledConfigurationIsBlueMinds() throws Exception {
        ServerConfig c = ConfigLoader.load(Path.of("../etc/bm-xmpp.yaml"));
        assertEquals(List.of(5222, 5223), c.listeners().stream().map(ListenerConfig::port).toList());
        assertEquals(Path.of("/var/lib/bm-xmpp"), c.stateDir());
        assertEquals(Path.of("/etc/bm-xmpp/certs"), c.tls().certificatesDir());
        assertEquals("bluemind", c.domains().repository());
        assertEquals("bluemind", c.auth().repository());
        assertFalse(c.pluginSettings("vcard").isEmpty(), "the vCard plugin is on");
        // bm-core's address and token come from /etc/bm (bm.ini, bm-core.tok), never from this file.
        for (var settings : List.of(c.domains().settings(), c.auth().settings(), c.pluginSettings("vcard"))) {
            assertFalse(settings.containsKey("core-url"), settings.toString());
            assertFalse(settings.containsKey("token-file"), settings.toString());
        }
        assertTrue(c.admins().isEmpty());
    }
}
