package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** ejabberd trusting the test CA without dialback, we strict: SASL EXTERNAL both ways. */
class S2sEjabberdExternalTest extends PeerFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth("ejabberdctl", (ca, external) -> new EjabberdFixture("ej.test", "127.0.0.4", ca, external, OurFederatingServer.HOSTS), true);
    }
}
