package net.bluemind.xmpp.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.SmackClients;

class MessagingTest extends LiveServerTest {

    @Test
    void deliversMessageBetweenUsersOfOneDomain() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        StanzaCollector inbox = messages(bob);
        alice.sendStanza(chat(alice, "bob@acme.test", "hello bob"));
        Message m = inbox.nextResult(TIMEOUT);
        assertNotNull(m, "bob received nothing");
        assertEquals("hello bob", m.getBody());
        assertEquals("alice@acme.test/a", m.getFrom().toString());
    }

    @Test
    void deliversMessageAcrossDomains() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection carol = login("carol@globex.test", "c");
        StanzaCollector inbox = messages(carol);
        alice.sendStanza(chat(alice, "carol@globex.test", "hello carol"));
        Message m = inbox.nextResult(TIMEOUT);
        assertNotNull(m, "carol received nothing");
        assertEquals("hello carol", m.getBody());
        assertEquals("alice@acme.test/a", m.getFrom().toString());

        StanzaCollector aliceInbox = messages(alice);
        carol.sendStanza(chat(carol, "alice@acme.test/a", "hi alice"));
        assertEquals("hi alice", ((Message) aliceInbox.nextResult(TIMEOUT)).getBody());
    }

    @Test
    void deliversToAnAddressOnTheAliasDomain() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        StanzaCollector inbox = messages(bob);
        alice.sendStanza(chat(alice, "bob@acme.example", "via alias"));
        assertEquals("via alias", ((Message) inbox.nextResult(TIMEOUT)).getBody());
    }

    @Test
    void deliversBareJidMessageToTheHighestPriorityResource() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bobLow = login("bob@acme.test", "low");
        XMPPTCPConnection bobHigh = login("bob@acme.test", "high");
        StanzaCollector low = messages(bobLow);
        StanzaCollector high = messages(bobHigh);
        // The priority is in effect once bob's own presence comes back to him (RFC 6121 §4.2.2).
        StanzaCollector own = bobHigh.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        bobHigh.sendStanza(bobHigh.getStanzaFactory().buildPresenceStanza().setPriority(10).build());
        awaitPresenceWithPriority(own, 10);
        alice.sendStanza(chat(alice, "bob@acme.test", "to the best"));
        assertEquals("to the best", ((Message) high.nextResult(TIMEOUT)).getBody());
        alice.sendStanza(chat(alice, "bob@acme.test/low", "to low directly"));
        Message direct = low.nextResult(TIMEOUT);
        assertEquals("to low directly", direct.getBody(), "the low-priority resource must not have had the bare-JID message");
    }

    private static void awaitPresenceWithPriority(StanzaCollector c, int priority) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            Presence p = c.nextResult(end - System.currentTimeMillis());
            if (p != null && p.getPriority() == priority) {
                return;
            }
        }
        throw new AssertionError("presence with priority " + priority + " never came back");
    }

    @Test
    void aNegativePriorityResourceGetsNoBareJidMessagesTheyWaitOffline() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection shy = login("erin@acme.test", "shy");
        StanzaCollector shyInbox = messages(shy);
        StanzaCollector own = shy.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        shy.sendStanza(shy.getStanzaFactory().buildPresenceStanza().setPriority(-1).build());
        awaitPresenceWithPriority(own, -1);
        alice.sendStanza(chat(alice, "erin@acme.test", "for whoever is really there"));
        alice.sendStanza(chat(alice, "erin@acme.test/shy", "for the shy one"));
        assertEquals("for the shy one", ((Message) shyInbox.nextResult(TIMEOUT)).getBody(),
                "a full-JID message still reaches the resource, and the bare-JID one did not");
        XMPPTCPConnection later = SmackClients.connection(server, "erin@acme.test", "erin", "later", b -> { });
        StanzaCollector laterInbox = messages(later);
        later.connect().login();
        track(later);
        Message stored = laterInbox.nextResult(TIMEOUT);
        assertNotNull(stored, "the bare-JID message was lost");
        assertEquals("for whoever is really there", stored.getBody());
        assertNotNull(org.jivesoftware.smackx.delay.packet.DelayInformation.from(stored), "it waited in offline storage");
    }

    @Test
    void messageToAnUnknownUserIsAnsweredWithServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        StanzaCollector errors = alice.createStanzaCollector(new AndFilter(new StanzaTypeFilter(Message.class), MessageTypeFilter.ERROR));
        alice.sendStanza(chat(alice, "nobody@acme.test", "hello?"));
        assertEquals(StanzaError.Condition.service_unavailable, errors.nextResult(TIMEOUT).getError().getCondition());
    }

    @Test
    void messageToAnotherServerIsAnsweredWithRemoteServerNotFound() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        StanzaCollector errors = alice.createStanzaCollector(new AndFilter(new StanzaTypeFilter(Message.class), MessageTypeFilter.ERROR));
        alice.sendStanza(chat(alice, "someone@elsewhere.test", "hello?"));
        assertEquals(StanzaError.Condition.remote_server_not_found, errors.nextResult(TIMEOUT).getError().getCondition());
    }

    @Test
    void directedPresenceReachesTheRecipientAndUnavailableFollowsOnDisconnect() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bob = login("bob@acme.test", "b");
        StanzaCollector presences = bob.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        Jid bobJid = JidCreate.from("bob@acme.test");
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(bobJid).setStatus("around").build());
        Presence p = nextFrom(presences, "alice@acme.test/a");
        assertEquals(Presence.Type.available, p.getType());
        assertEquals("around", p.getStatus());
        alice.disconnect();
        Presence gone = nextFrom(presences, "alice@acme.test/a");
        assertEquals(Presence.Type.unavailable, gone.getType());
    }

    @Test
    void ownResourcesSeeEachOthersPresence() throws Exception {
        XMPPTCPConnection first = login("erin@acme.test", "one");
        StanzaCollector presences = first.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        XMPPTCPConnection second = login("erin@acme.test", "two");
        assertEquals(Presence.Type.available, nextFrom(presences, "erin@acme.test/two").getType());
        StanzaCollector secondSees = second.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        second.sendStanza(second.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away).build());
        assertEquals(Presence.Mode.away, nextFrom(presences, "erin@acme.test/two").getMode());
        assertNotNull(nextFrom(secondSees, "erin@acme.test/two"), "the sender's own presence comes back to it too");
    }

    @Test
    void messageWithoutToGoesToTheSendersOwnAccount() throws Exception {
        XMPPTCPConnection erin = login("erin@acme.test", "solo");
        StanzaCollector inbox = messages(erin);
        erin.sendStanza(erin.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).setBody("note to self").build());
        Message m = inbox.nextResult(TIMEOUT);
        assertNotNull(m);
        assertEquals("note to self", m.getBody());
        assertNull(m.getError());
    }

    private static Presence nextFrom(StanzaCollector c, String from) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            Presence p = c.nextResult(Math.max(1, end - System.currentTimeMillis()));
            if (p != null && from.equals(p.getFrom().toString())) {
                return p;
            }
        }
        throw new AssertionError("no presence from " + from);
    }
}
