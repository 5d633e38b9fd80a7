package net.bluemind.xmpp.server.stanzaid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.Stanzas;

/** XEP-0359: every message for a local user carries a stanza-id by the user's account. */
class StanzaIdTest extends LiveServerTest {

    private static MessageBuilder draft(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
    }

    private static List<StanzaIdElement> stanzaIds(Message m) {
        return m.getExtensions(StanzaIdElement.class);
    }

    @Test
    void announcesStanzaIdsOnTheAccount() throws Exception {
        XMPPTCPConnection bob = login("bob@acme.test", "disco");
        assertTrue(ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(JidCreate.from("bob@acme.test"))
                .containsFeature(StanzaIds.NS));
    }

    @Test
    void everyDeliveredMessageGetsAUniqueIdByTheRecipientsAccount() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        StanzaCollector inbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            alice.sendStanza(draft(alice, i % 2 == 0 ? "bob@acme.test" : "bob@acme.test/b", "message " + i).build());
        }
        for (int i = 0; i < 20; i++) {
            Message m = Stanzas.next(inbox, (Message x) -> x.getBody() != null, "message " + i);
            List<StanzaIdElement> sid = stanzaIds(m);
            assertEquals(1, sid.size(), "one stanza-id in " + m.toXML());
            assertEquals("bob@acme.test", sid.get(0).getBy());
            assertTrue(sid.get(0).getId().length() >= 32, "an id long enough not to be guessed");
            ids.add(sid.get(0).getId());
        }
        assertEquals(20, ids.size(), "ids are unique");
    }

    @Test
    void aStanzaIdForgedByTheSenderIsReplacedAndTheOriginIdKept() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "forger");
        XMPPTCPConnection bob = login("bob@acme.test", "victim");
        StanzaCollector inbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));
        alice.sendStanza(draft(alice, "bob@acme.test", "forged")
                .addExtension(new StanzaIdElement("forged-id", "bob@acme.test"))
                .addExtension(new StanzaIdElement("someone-elses", "archive.example"))
                .addExtension(new OriginIdElement("origin-1"))
                .build());
        Message m = Stanzas.next(inbox, (Message x) -> "forged".equals(x.getBody()), "the message");
        List<String> byBob = new ArrayList<>();
        for (StanzaIdElement e : stanzaIds(m)) {
            if (e.getBy().equals("bob@acme.test")) {
                byBob.add(e.getId());
            }
        }
        assertEquals(1, byBob.size(), "only the server's stanza-id by bob's account is left: " + m.toXML());
        assertNotEquals("forged-id", byBob.get(0));
        assertTrue(stanzaIds(m).stream().anyMatch(e -> e.getBy().equals("archive.example")), "a stanza-id by another entity stays");
        assertEquals("origin-1", OriginIdElement.getOriginId(m).getId());
    }

    @Test
    void aMessageStoredOfflineHasItsStanzaId() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "offline-sender");
        alice.sendStanza(draft(alice, "erin@acme.test", "for later").build());
        Stanzas.routed(alice);
        XMPPTCPConnection erin = SmackClients.connection(server, "erin@acme.test", "erin", "back", b -> { });
        StanzaCollector inbox = erin.createStanzaCollector(new StanzaTypeFilter(Message.class));
        erin.connect().login();
        track(erin);
        Message m = Stanzas.next(inbox, (Message x) -> "for later".equals(x.getBody()), "the offline message");
        StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
        assertNotNull(sid);
        assertEquals("erin@acme.test", sid.getBy());
    }
}
