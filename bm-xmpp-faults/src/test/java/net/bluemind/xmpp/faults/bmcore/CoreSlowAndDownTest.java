package net.bluemind.xmpp.faults.bmcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.MessageLoad;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.xml.Element;

/**
 * Logins checked by bm-core (bm-xmpp-auth against bm-core-sim, 3 s for a whole login check) while bm-core is
 * slow, then stopped, then back, with a conversation going on all along:
 * <ul>
 * <li>slow (every answer 600 ms late; a login needs at most four calls): logins succeed, later;</li>
 * <li>slower than the plugin's limit (5 s): logins end with {@code temporary-auth-failure} once the limit is past;</li>
 * <li>down: logins end with {@code temporary-auth-failure} (never {@code not-authorized}: the password may be
 * right), more times than the per-account lockout allows, without a stack trace in the log;</li>
 * <li>down, a message to a user who is offline: the server cannot check that the user exists, and says so with
 * an error to try again later (not {@code service-unavailable}, which tells the sender there is no such user);</li>
 * <li>up again: the same account logs in (an outage locks nobody out), and the message sent again is kept for it;</li>
 * <li>throughout: the open sessions chat, every message delivered and acknowledged, quickly.</li>
 * </ul>
 */
class CoreSlowAndDownTest {

    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(3);
    /** Failed logins on one account before the default lockout (auth.throttle.max-failures-per-account). */
    private static final int LOCKOUT = 5;

    @TempDir
    Path state;

    @Test
    void loginsWaitOrFailTemporarilyAndOpenSessionsChatOn() throws Exception {
        try (SimHarness sim = SimHarness.start(null);
             ServerProcess server = ServerProcess.start(state, Configs.server(Configs.staticDomains(),
                     Configs.bluemindAuth(sim.url(), sim.tokenFile(), "auth-timeout-ms: " + AUTH_TIMEOUT.toMillis()), ""),
                     List.of("-Xmx256m"));
             TestClient alice = server.online("alice@acme.test");
             TestClient bob = server.online("bob@acme.test");
             TestClient admin = server.online("admin@acme.test")) {
            List<Element> toAdmin = new CopyOnWriteArrayList<>();
            admin.listen(toAdmin::add);
            MessageLoad chat = MessageLoad.steady("c", alice, "bob@acme.test", Duration.ofMillis(20)).watch(bob).start();
            Await.until("the conversation going", Duration.ofSeconds(30), () -> chat.delivered() >= 50);
            long normalLogin = timedLogin(server, "carol@globex.test");

            long slowFrom = System.nanoTime();
            sim.slowDown(Duration.ofMillis(600));
            long slowLogin = timedLogin(server, "carol@globex.test");
            sim.slowDown(Duration.ofSeconds(5));
            long[] refusedAfter = new long[1];
            String overLimit = refusal(server, "carol@globex.test", refusedAfter);
            sim.slowDown(Duration.ZERO);
            long slowTo = System.nanoTime();

            sim.stop();
            long downFrom = System.nanoTime();
            List<String> whileDown = new ArrayList<>();
            for (int i = 0; i <= LOCKOUT; i++) {
                whileDown.add(refusal(server, "erin@acme.test", null));
            }
            sendToErin(admin, "x-1");
            Await.until("the message to offline erin handled", Duration.ofSeconds(30), () -> admin.acknowledged() == 1);
            Element bounced = toAdmin.stream().filter(e -> "x-1".equals(e.attribute("id"))).findFirst().orElse(null);
            long downTo = System.nanoTime();
            sim.restart();
            Await.until("erin logs in once bm-core is back", Duration.ofSeconds(30), () -> server.canLogIn("erin@acme.test"));
            sendToErin(admin, "x-2");
            Await.until("the message sent again handled", Duration.ofSeconds(30), () -> admin.acknowledged() == 2);
            List<Element> toErin = new CopyOnWriteArrayList<>();
            try (TestClient erin = TestClient.login("127.0.0.1", server.directTlsPort(), "erin@acme.test", "erin", "back")) {
                erin.listen(toErin::add);
                erin.available();
                Await.until("erin gets the message kept for her", Duration.ofSeconds(30),
                        () -> toErin.stream().anyMatch(e -> "x-2".equals(e.attribute("id"))));
            }

            chat.stop();
            chat.awaitAcknowledged(Duration.ofSeconds(30));
            Await.until("every message delivered", Duration.ofSeconds(30), () -> chat.delivered() >= chat.sent());
            MessageLoad.Window slow = chat.window(slowFrom, slowTo);
            MessageLoad.Window down = chat.window(downFrom, downTo);
            System.out.printf("bm-core: login %d ms normally, %d ms with answers 600 ms late; past the %d s limit: %s after %d ms;"
                            + " down: %s; chat %d sent, %d delivered, %d acknowledged; while slow %d sent, %d delivered, slowest %d ms;"
                            + " while down %d sent, %d delivered, slowest %d ms%n",
                    normalLogin, slowLogin, AUTH_TIMEOUT.toSeconds(), overLimit, refusedAfter[0], whileDown, chat.sent(), chat.delivered(),
                    chat.acknowledged(), slow.sent(), slow.delivered(), slow.slowestMillis(), down.sent(), down.delivered(), down.slowestMillis());

            assertTrue(slowLogin >= 600, "a login with bm-core 600 ms late took " + slowLogin + " ms");
            assertEquals("temporary-auth-failure", overLimit, "a login past the plugin's limit");
            assertTrue(refusedAfter[0] >= AUTH_TIMEOUT.toMillis() - 100 && refusedAfter[0] < AUTH_TIMEOUT.toMillis() + 3000,
                    "refused after " + refusedAfter[0] + " ms, the limit being " + AUTH_TIMEOUT.toMillis());
            assertEquals(List.of("temporary-auth-failure"), whileDown.stream().distinct().toList(), "logins while bm-core is down");
            assertTrue(bounced != null && "error".equals(bounced.attribute("type")), "no error for a message neither checked nor kept");
            Element error = bounced.firstChild("error", "jabber:client");
            assertEquals("wait", error.attribute("type"), "a message to offline erin while bm-core is down: " + bounced);
            assertTrue(toAdmin.stream().noneMatch(e -> "x-2".equals(e.attribute("id"))), "the message sent again was bounced");
            chat.assertExact();
            slow.assertAllDelivered("while bm-core was slow", Duration.ofSeconds(1));
            down.assertAllDelivered("while bm-core was down", Duration.ofSeconds(1));
            assertTrue(server.alive());
            assertEquals(List.of(), server.stackTraceLines(), "stack traces in the server log");
        }
    }

    private static void sendToErin(TestClient sender, String id) throws IOException {
        sender.send("<message to='erin@acme.test' type='chat' id='" + id + "'><body>" + id + "</body></message><r xmlns='urn:xmpp:sm:3'/>");
    }

    /** How long a successful login of {@code jid} takes, in ms. */
    private static long timedLogin(ServerProcess server, String jid) throws Exception {
        long began = System.nanoTime();
        try (TestClient c = TestClient.login("127.0.0.1", server.directTlsPort(), jid, jid.substring(0, jid.indexOf('@')), "timed")) {
            return (System.nanoTime() - began) / 1_000_000;
        }
    }

    /** The SASL condition a login of {@code jid} (right password) is refused with; {@code took[0]}: after how long, in ms. */
    private static String refusal(ServerProcess server, String jid, long[] took) throws Exception {
        long began = System.nanoTime();
        try (TestClient c = TestClient.login("127.0.0.1", server.directTlsPort(), jid, jid.substring(0, jid.indexOf('@')), "refused")) {
            assertNull(c, jid + " logged in");
            return null;
        } catch (TestClient.LoginRefused e) {
            if (took != null) {
                took[0] = (System.nanoTime() - began) / 1_000_000;
            }
            return e.condition();
        }
    }
}
