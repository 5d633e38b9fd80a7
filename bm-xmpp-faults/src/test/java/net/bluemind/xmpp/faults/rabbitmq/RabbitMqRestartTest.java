package net.bluemind.xmpp.faults.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.MessageLoad;
import net.bluemind.xmpp.faults.kit.PrivateRabbitMq;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * bm-mq's RabbitMQ (a private node) restarted while two conversations go on, with the BlueMind plugins
 * (domains and logins from bm-core-sim, which publishes its events to that node). The conversations do not
 * notice; and once the node is back, the server's consumer is back too and the events sent after the restart
 * take effect: a domain added is served, a user who loses {@code hasIM} is disconnected. The periodic resync is
 * ten minutes away, and the changes are made once the consumer is back (its reconnection's resync comes first),
 * so only the events can apply them.
 */
class RabbitMqRestartTest {

    /** The queues of the domains plugin (domain events) and of the auth plugin (user events), on one connection. */
    private static final String QUEUE = "bm-xmpp.domains.";
    private static final String AUTH_QUEUE = "bm-xmpp.auth.";

    @TempDir
    Path state;

    @Test
    void chatGoesOnAndEventsSentAfterTheRestartTakeEffect() throws Exception {
        try (PrivateRabbitMq mq = PrivateRabbitMq.start();
             SimHarness sim = SimHarness.start(mq.amqpUri());
             ServerProcess server = ServerProcess.start(state, Configs.server(Configs.bluemindDomains(sim.url(), sim.tokenFile(), mq.amqpUri()),
                     Configs.bluemindAuth(sim.url(), sim.tokenFile(), "amqp-uri: \"" + mq.amqpUri() + "\""), ""), List.of("-Xmx512m"))) {
            Await.until("the server consuming bm-mq events", Duration.ofSeconds(60),
                    () -> mq.consumers(QUEUE) == 1 && mq.consumers(AUTH_QUEUE) == 1);
            try (TestClient alice = server.online("alice@acme.test");
                 TestClient bob = server.online("bob@acme.test");
                 TestClient carol = server.online("carol@globex.test");
                 TestClient admin = server.online("admin@acme.test");
                 TestClient erin = server.online("erin@acme.test")) {
                MessageLoad ab = MessageLoad.steady("ab", alice, "bob@acme.test", Duration.ofMillis(20)).watch(bob).start();
                MessageLoad ca = MessageLoad.steady("ca", carol, "admin@acme.test", Duration.ofMillis(20)).watch(admin).start();
                Await.until("both conversations going", Duration.ofSeconds(30), () -> ab.delivered() >= 50 && ca.delivered() >= 50);

                long down = System.nanoTime();
                mq.stop();
                mq.startAgain();
                long up = System.nanoTime();
                Await.until("the server's consumers back on the restarted node", Duration.ofSeconds(60),
                        () -> mq.consumers(QUEUE) == 1 && mq.consumers(AUTH_QUEUE) == 1);
                long consuming = System.nanoTime();

                // A session is ended only on a user event (a resync re-reads domains, not rights): this proves the
                // consumer works; by then the reconnection's resync is long over, and only the event can add the domain.
                sim.put("/sim/users/acme.test/erin/roles", "[]");
                Await.until("erin disconnected after her user.roles event", Duration.ofSeconds(30), erin::closed);
                long revoked = System.nanoTime();
                sim.addDomain("initech.test", Configs.SERVER_UID);
                sim.addUser("initech.test", "ivan", "hasIM");
                Await.until("initech.test served after its domain.created event: ivan logs in", Duration.ofSeconds(30),
                        () -> server.canLogIn("ivan@initech.test"));
                long served = System.nanoTime();

                ab.stop();
                ca.stop();
                ab.awaitAcknowledged(Duration.ofSeconds(60));
                ca.awaitAcknowledged(Duration.ofSeconds(60));
                Await.until("every message delivered", Duration.ofSeconds(30), () -> ab.delivered() >= ab.sent() && ca.delivered() >= ca.sent());
                MessageLoad.Window abDuring = ab.window(down, up);
                MessageLoad.Window caDuring = ca.window(down, up);
                System.out.printf("RabbitMQ restarted in %d ms, consumer back %d ms later; user revoked %d ms and domain served %d ms after"
                                + " their events; alice->bob %d sent, %d delivered, %d acknowledged; carol->admin %d sent, %d delivered,"
                                + " %d acknowledged; during the restart %d + %d sent, %d + %d delivered, slowest %d / %d ms%n",
                        (up - down) / 1_000_000, (consuming - up) / 1_000_000, (revoked - consuming) / 1_000_000, (served - revoked) / 1_000_000,
                        ab.sent(), ab.delivered(), ab.acknowledged(), ca.sent(), ca.delivered(), ca.acknowledged(), abDuring.sent(),
                        caDuring.sent(), abDuring.delivered(), caDuring.delivered(), abDuring.slowestMillis(), caDuring.slowestMillis());

                assertEquals("not-authorized", erin.streamError(), "erin's stream error");
                ab.assertExact();
                ca.assertExact();
                abDuring.assertAllDelivered("alice->bob while RabbitMQ restarted", Duration.ofSeconds(2));
                caDuring.assertAllDelivered("carol->admin while RabbitMQ restarted", Duration.ofSeconds(2));
                assertTrue(!server.canLogIn("erin@acme.test"), "erin may log in again without hasIM");
                assertTrue(server.alive());
                assertEquals(List.of(), server.stackTraceLines(), "stack traces in the server log");
            }
        }
    }
}
