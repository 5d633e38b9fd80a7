package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** Both servers trust the test CA and refuse dialback (strict here, s2s_secure_auth there): SASL EXTERNAL both ways. */
class S2sProsodyExternalTest extends ProsodyFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth(true);
    }
}
