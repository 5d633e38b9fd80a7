package net.bluemind.xmpp.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * A sender far faster than the archive, with a tiny archive queue: the sender is slowed down instead of
 * messages going unarchived. Every message is delivered and archived.
 */
class ArchiveBackPressureTest {

    private static final int MESSAGES = 20_000;

    @Test
    void aSenderFasterThanTheArchiveIsSlowedDownAndNothingGoesUnarchived() throws Exception {
        try (TestServer server = TestServer.start(c -> c.withArchive(c.archive().withType("jdbc").withQueueSize(2_000)))) {
            XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "flood");
            XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "flood");
            try {
                server.awaitAvailable("bob@acme.test/flood");
                AtomicInteger received = new AtomicInteger();
                bob.addAsyncStanzaListener(s -> received.incrementAndGet(), new StanzaTypeFilter(Message.class));
                for (int i = 0; i < MESSAGES; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                            .ofType(Message.Type.chat).setBody("flood " + i).build());
                }
                Await.until("every message delivered", Duration.ofSeconds(120), () -> received.get() == MESSAGES);
                ArchiveWriter writer = server.server().archive().writer();
                Await.until("every message archived", Duration.ofSeconds(120), () -> writer.queued() == 0 && writer.spoolEmpty()
                        && writer.stored() >= MESSAGES);
                assertEquals(0, writer.lost(), "no message went unarchived");
                assertTrue(MamManager.getInstanceFor(bob).isSupported());
                var count = MamManager.getInstanceFor(bob).queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(1).build());
                assertEquals(MESSAGES, count.getPage().getMamFinIq().getRSMSet().getCount(), "bob's archive holds every message");
            } finally {
                alice.disconnect();
                bob.disconnect();
            }
        }
    }
}
