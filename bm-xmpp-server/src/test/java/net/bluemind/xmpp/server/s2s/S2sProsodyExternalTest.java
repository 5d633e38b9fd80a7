package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** Both servers trust the test CA and refuse dialback (strict here, s2s_secure_auth there): SASL EXTERNAL both ways. */
class S2sProsodyExternalTest extends PeerFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth("prosody", (ca, external) -> new ProsodyFixture("peer.test", "127.0.0.2", ca, external, external,
                OurFederatingServer.HOSTS), true);
    }
}
