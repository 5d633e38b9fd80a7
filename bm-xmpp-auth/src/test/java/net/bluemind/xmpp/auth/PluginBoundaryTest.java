package net.bluemind.xmpp.auth;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.PluginBoundary;

/** This plugin's main code imports the SPI and the element types, no engine package. */
class PluginBoundaryTest {

    @Test
    void usesTheEngineOnlyThroughTheSpi() {
        PluginBoundary.check("net.bluemind.xmpp.auth");
    }
}
