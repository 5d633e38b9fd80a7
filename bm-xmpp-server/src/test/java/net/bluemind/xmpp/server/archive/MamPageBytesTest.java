package net.bluemind.xmpp.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.MemoryLimits;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * A MAM page of large messages is cut to a quarter of what a session may hold (XEP-0059 lets a page hold fewer
 * items than asked): the client pages on and gets every message, instead of being cut for a page it cannot read
 * fast enough.
 */
class MamPageBytesTest {

    @Test
    void aPageOfLargeMessagesIsCutByBytesAndPagingOnGetsThemAll() throws Exception {
        // 1 MiB per session: pages of at most 256 KiB, two 100 KiB messages each.
        try (TestServer server = TestServer.start(c -> c.withLimits(c.limits().withMemory(MemoryLimits.defaults()
                .withMaxSessionBytes(1 << 20))).withStorage(c.storage().withMaxOffline(1000, 1 << 19)))) {
            XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "writer");
            XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "reader");
            // Delivered live, in order: until its initial presence is processed bob is offline, and messages to an
            // offline user are archived once stored offline (after later live ones), or refused past its 512 KiB.
            server.awaitAvailable("bob@acme.test/reader");
            try {
                String big = "y".repeat(100 * 1024);
                for (int i = 0; i < 7; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                            .ofType(Message.Type.chat).setBody(i + " " + big).build());
                }
                ArchiveWriter writer = server.server().archive().writer();
                Await.until("7 messages archived", java.time.Duration.ofSeconds(30), () -> writer.stored() >= 7);
                MamManager mam = MamManager.getInstanceFor(bob);
                assertTrue(mam.isSupported());
                MamManager.MamQuery page = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(10).build());
                List<String> bodies = new ArrayList<>();
                page.getMessages().forEach(m -> bodies.add(m.getBody().substring(0, 1)));
                assertEquals(2, page.getMessageCount(), "a page of 10 asked, 2 of 100 KiB sent");
                assertFalse(page.isComplete());
                assertEquals(7, page.getPage().getMamFinIq().getRSMSet().getCount(), "the count is the archive's");
                while (!page.isComplete()) {
                    List<Message> next = page.pageNext(10);
                    next.forEach(m -> bodies.add(m.getBody().substring(0, 1)));
                }
                assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), bodies);
                assertTrue(bob.isConnected(), "the reader was never cut");
            } finally {
                alice.disconnect();
                bob.disconnect();
            }
        }
    }
}
