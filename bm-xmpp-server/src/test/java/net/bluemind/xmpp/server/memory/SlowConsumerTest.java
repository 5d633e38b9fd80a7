package net.bluemind.xmpp.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.MemoryLimits;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * A client that never reads, sent 200 KB messages: it is cut once what waits for it passes its byte limit
 * (before, the limit counted 10,000 stanzas, 2 GB of them), the sender is told once offline storage is full,
 * and everybody else goes on.
 */
class SlowConsumerTest {

    private static final int SESSION_LIMIT = 2 << 20;
    private static final String BIG = "x".repeat(200 * 1024);

    @Test
    void aClientThatDoesNotReadIsCutByBytesAndTheSenderIsTold() throws Exception {
        try (TestServer server = TestServer.start(c -> c.withLimits(c.limits().withMemory(
                MemoryLimits.defaults().withMaxSessionBytes(SESSION_LIMIT))).withStorage(c.storage().withMaxOffline(1000, SESSION_LIMIT / 2)));
             RawClient bob = RawClient.directTlsSmallWindow(server, "acme.test")) {
            bob.login("acme.test", "bob", "bob", "stuck");
            bob.send("<presence/>");
            server.awaitAvailable("bob@acme.test/stuck");
            XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "sender");
            XMPPTCPConnection erin = SmackClients.login(server, "erin@acme.test", "bystander");
            try {
                AtomicInteger refused = new AtomicInteger();
                alice.addAsyncStanzaListener(s -> {
                    StanzaError e = s.getError();
                    if (e != null && e.getCondition() == StanzaError.Condition.resource_constraint) {
                        refused.incrementAndGet();
                    }
                }, s -> s instanceof Message);
                for (int i = 0; i < 100 && refused.get() == 0; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                            .ofType(Message.Type.chat).setBody(i + " " + BIG).build());
                    // Everyone else is answered all along.
                    assertTrue(PingManager.getInstanceFor(erin).pingMyServer(true, 10_000), "the server answers others");
                }
                Await.until("bob cut for not reading", Duration.ofSeconds(30),
                        () -> server.server().sessions().sessions(JidCreate.entityBareFromOrThrowUnchecked("bob@acme.test")).length == 0);
                Await.until("alice told that bob's offline storage is full", Duration.ofSeconds(30), () -> refused.get() > 0);
                assertTrue(bob.readFor(Duration.ofMillis(1)) != null);
                Await.until("bob's bytes back in the budget", () -> server.server().memory().used() < SESSION_LIMIT);
                assertEquals(1, server.server().memory().shed() + 1, "the per-session limit cut bob, not the server-wide budget");
            } finally {
                alice.disconnect();
                erin.disconnect();
            }
        }
    }
}
