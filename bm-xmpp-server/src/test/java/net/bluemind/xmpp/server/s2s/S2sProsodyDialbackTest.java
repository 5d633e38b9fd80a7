package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** Prosody cannot verify our self-signed certificate, we do not trust its CA: Server Dialback both ways. */
class S2sProsodyDialbackTest extends PeerFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth("prosody", (ca, external) -> new ProsodyFixture("peer.test", "127.0.0.2", ca, external, external,
                OurFederatingServer.HOSTS), false);
    }
}
