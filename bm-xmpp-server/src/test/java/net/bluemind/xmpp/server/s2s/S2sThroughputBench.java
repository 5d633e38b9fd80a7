package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.testkit.SmackClients;

/**
 * Federation throughput with Prosody (dialback): N chat messages from a Prosody user to one of ours, and
 * back, timed from the first send to the last arrival. Not a unit test (no *Test suffix): run with
 * {@code mvn -o verify -pl bm-xmpp-server -Dtest=S2sThroughputBench -Ds2s.bench=5000}.
 */
@EnabledIfSystemProperty(named = "s2s.bench", matches = "\\d+")
class S2sThroughputBench {

    @AfterAll
    static void stop() throws Exception {
        PeerFederation.stopBoth();
    }

    @BeforeAll
    static void start() throws Exception {
        PeerFederation.startBoth("prosody", (ca, external) -> new ProsodyFixture("peer.test", "127.0.0.2", ca, external, external,
                OurFederatingServer.HOSTS), false);
    }

    @Test
    void messagesPerSecondBothWays() throws Exception {
        int n = Integer.getInteger("s2s.bench");
        XMPPTCPConnection ourUser = SmackClients.login(PeerFederation.ours, "bob@acme.test", "bench");
        XMPPTCPConnection peerUser = FederationPeer.login(PeerFederation.peer.address(), PeerFederation.peer.domain(), "bob",
                PeerFederation.PASSWORD);
        PeerFederation.ours.awaitAvailable(ourUser.getUser().toString());
        // Warm-up: both streams authenticated before the clock starts.
        FederationScenarios.chatDelivered(peerUser, ourUser, "warm-up in");
        FederationScenarios.chatDelivered(ourUser, peerUser, "warm-up out");
        double in = run(peerUser, ourUser, n);
        double out = run(ourUser, peerUser, n);
        ourUser.disconnect();
        peerUser.disconnect();
        System.out.printf("s2s bench, %d messages each way: Prosody -> bm-xmpp %.0f msg/s, bm-xmpp -> Prosody %.0f msg/s%n", n, in, out);
    }

    private static double run(XMPPTCPConnection from, XMPPTCPConnection to, int n) throws Exception {
        CountDownLatch arrived = new CountDownLatch(n);
        Jid sender = from.getUser().asBareJid();
        to.addAsyncStanzaListener(s -> {
            if (s.getFrom() != null && s.getFrom().asBareJid().equals(sender) && ((Message) s).getBody() != null
                    && ((Message) s).getBody().startsWith("bench ")) {
                arrived.countDown();
            }
        }, StanzaTypeFilter.MESSAGE);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to.getUser().asBareJid()).ofType(Message.Type.chat)
                    .setBody("bench " + i).build());
        }
        assertTrue(arrived.await(120, TimeUnit.SECONDS), (n - arrived.getCount()) + "/" + n + " arrived");
        double seconds = (System.nanoTime() - start) / 1e9;
        return n / seconds;
    }
}
