package net.bluemind.xmpp.server.s2s;

import org.junit.jupiter.api.BeforeAll;

/** ejabberd ({@code ej.test} on 127.0.0.4) with mod_s2s_dialback, neither side able to verify the other's certificate. */
class S2sEjabberdDialbackTest extends PeerFederation {

    @BeforeAll
    static void start() throws Exception {
        startBoth("ejabberdctl", (ca, external) -> new EjabberdFixture("ej.test", "127.0.0.4", ca, external, OurFederatingServer.HOSTS), false);
    }
}
