package net.bluemind.xmpp.domains;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.domains.testkit.Broker;
import net.bluemind.xmpp.domains.testkit.XmppServer;
import net.bluemind.xmpp.server.testkit.Await;

/** Events missed while RabbitMQ was down are made up by the resync that follows the reconnection. */
class BrokerRestartTest {

    private SimHarness sim;
    private XmppServer server;

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(SimHarness.LOCAL_RABBITMQ);
        // The periodic safety net is out of the picture: only the reconnection's resync can apply the change.
        server = XmppServer.start(sim, 600);
    }

    @AfterEach
    void stop() throws Exception {
        Broker.startApp();
        server.close();
        sim.close();
    }

    @Test
    void aChangeMadeWhileTheBrokerIsDownIsAppliedAfterItsRestart() {
        Broker.stopApp();
        sim.addDomain("initech.test", XmppServer.SERVER_UID);   // its event is lost: no broker
        sim.delete("/sim/domains/globex.test/xmpp-server");
        assertFalse(server.vhosts().isServed("initech.test"));

        Broker.startApp();
        Await.until("initech.test served and globex.test dropped after the reconnection", Duration.ofSeconds(5),
                () -> server.vhosts().isServed("initech.test") && !server.vhosts().isServed("globex.test"));
    }
}
