package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** Prosody cannot verify our self-signed certificate, we do not trust its CA: Server Dialback both ways. */
class S2sProsodyDialbackTest extends ProsodyFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth(false);
    }
}
