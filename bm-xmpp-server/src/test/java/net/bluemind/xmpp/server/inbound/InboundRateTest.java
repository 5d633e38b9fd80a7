package net.bluemind.xmpp.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.InboundRateConfig;
import net.bluemind.xmpp.server.testkit.Opened;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * {@code limits.inbound-rate}: a client sending faster than its rate is read at that rate. Its stanzas all
 * arrive, in order, its connection stays up, and other clients are served as usual meanwhile.
 */
class InboundRateTest {

    private final Opened open = new Opened();

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private TestServer server(InboundRateConfig rate) throws Exception {
        return open.add(TestServer.start(c -> c.withLimits(c.limits().withInboundRate(rate))));
    }

    /** Without stream management, so that each message is one element (no ack request after it). */
    private XMPPTCPConnection login(TestServer s, String jid) throws Exception {
        XMPPTCPConnection c = SmackClients.connection(s, jid, jid.substring(0, jid.indexOf('@')), "rate", b -> { });
        c.setUseStreamManagement(false);
        open.add(c::disconnect);
        c.connect().login();
        s.awaitAvailable(c.getUser().toString());
        return c;
    }

    /**
     * Alice floods bob with {@code count} messages of {@code body}; returns how long bob took to get them all,
     * from the first. Meanwhile carol pings the server: she must be answered before alice's flood is through.
     */
    private long flood(TestServer s, int count, String body) throws Exception {
        XMPPTCPConnection alice = login(s, "alice@acme.test");
        XMPPTCPConnection bob = login(s, "bob@acme.test");
        XMPPTCPConnection carol = login(s, "carol@globex.test");
        StanzaCollector inbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@acme.test")
                            .ofType(Message.Type.chat).setBody(i + ":" + body).build());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "flood");
        sender.setDaemon(true);
        sender.start();
        Message first = inbox.nextResult(10_000);
        assertNotNull(first, "nothing from alice");
        long start = System.nanoTime();
        assertTrue(PingManager.getInstanceFor(carol).pingMyServer(false, 10_000), "carol's ping");
        int arrivedWhenCarolWasAnswered = 1 + inbox.getCollectedCount();
        assertTrue(arrivedWhenCarolWasAnswered < count, "carol was answered only after alice's flood was through");
        for (int received = 1; received < count; received++) {
            Message m = inbox.nextResult(30_000);
            assertNotNull(m, "message " + received + " never came");
            assertEquals(received + ":", m.getBody().substring(0, m.getBody().indexOf(':') + 1), "in order, none lost");
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        sender.join(10_000);
        assertTrue(PingManager.getInstanceFor(alice).pingMyServer(false, 30_000), "alice is still connected and answered");
        return took;
    }

    /*
     * Reading is paused once a read has emptied the bucket, so a connection can get one read ahead of its
     * budget (up to 64 KiB: several hundred small stanzas) before it waits. The floods below are large
     * enough that, whatever the reads, the last of them cannot arrive before the stated time; unshaped they
     * take a fraction of a second.
     */

    @Test
    void aClientSendingTooManyStanzasIsReadAtItsRate() throws Exception {
        // 3,000 stanzas at 400/s after a burst of 100, one read (at most ~700 small ones) ahead: at least 5.5 s.
        TestServer s = server(new InboundRateConfig(0, 0, 400, 100));
        long took = flood(s, 3_000, "hi");
        assertTrue(took >= 4_500, "3,000 stanzas at 400/s took only " + took + " ms");
    }

    @Test
    void aClientSendingTooManyBytesIsReadAtItsRate() throws Exception {
        // 500 kB at 100 kB/s after a burst of 20 kB, one read (at most 64 KiB and a TLS record) ahead: at least 4 s.
        TestServer s = server(new InboundRateConfig(100_000, 20_000, 0, 0));
        long took = flood(s, 250, "x".repeat(2_000));
        assertTrue(took >= 3_000, "500 kB at 100 kB/s took only " + took + " ms");
    }
}
