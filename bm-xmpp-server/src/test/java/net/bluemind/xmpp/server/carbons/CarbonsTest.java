package net.bluemind.xmpp.server.carbons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.hints.element.NoCopyHint;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.Stanzas;

/** XEP-0280 message carbons between real clients. */
class CarbonsTest extends LiveServerTest {

    private XMPPTCPConnection withCarbons(String jid, String resource) throws Exception {
        XMPPTCPConnection c = login(jid, resource);
        CarbonManager.getInstanceFor(c).enableCarbons();
        return c;
    }

    private static MessageBuilder draft(XMPPTCPConnection from, String to, String body) throws Exception {
        return from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body);
    }

    /** The first carbon copy the collector gets, in that direction. */
    private static Message nextCopy(StanzaCollector c, CarbonExtension.Direction direction) throws Exception {
        Message wrapper = Stanzas.next(c, (Message m) -> CarbonExtension.from(m) != null, "a carbon copy");
        CarbonExtension carbon = CarbonExtension.from(wrapper);
        assertEquals(direction, carbon.getDirection());
        assertEquals(wrapper.getTo().asBareJid().toString(), wrapper.getFrom().toString(), "a copy comes from the user's own bare JID");
        return carbon.getForwarded().getForwardedStanza();
    }

    @Test
    void announcesCarbonsOnTheServer() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "disco");
        assertTrue(CarbonManager.getInstanceFor(alice).isSupportedByServer());
    }

    @Test
    void aMessageToOneResourceIsCopiedToTheOtherResourcesWithCarbons() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "a");
        XMPPTCPConnection bobOne = withCarbons("bob@acme.test", "one");
        XMPPTCPConnection bobTwo = withCarbons("bob@acme.test", "two");
        StanzaCollector one = messages(bobOne);
        StanzaCollector two = messages(bobTwo);

        alice.sendStanza(draft(alice, "bob@acme.test/one", "for one").build());
        Message copy = nextCopy(two, CarbonExtension.Direction.received);
        assertEquals("for one", copy.getBody());
        assertEquals("alice@acme.test/a", copy.getFrom().toString());
        assertEquals("bob@acme.test/one", copy.getTo().toString());

        // A headline is never copied: once it is at bob/one, any copy for bob/one would have come before it.
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test/one"))
                .ofType(Message.Type.headline).setBody("marker").build());
        Message first = Stanzas.next(one, (Message m) -> true, "the original");
        assertEquals("for one", first.getBody());
        assertNull(CarbonExtension.from(first));
        Message second = one.nextResult(Stanzas.TIMEOUT);
        assertEquals("marker", second.getBody(), "the resource that got the original got no copy of it");
    }

    @Test
    void aMessageToTheBareJidIsCopiedToTheResourcesThatDidNotGetIt() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "bare");
        XMPPTCPConnection erinHigh = login("erin@acme.test", "high");
        XMPPTCPConnection erinLow = withCarbons("erin@acme.test", "low");
        StanzaCollector own = erinHigh.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        erinHigh.sendStanza(erinHigh.getStanzaFactory().buildPresenceStanza().setPriority(5).build());
        Stanzas.next(own, (Presence p) -> p.getPriority() == 5, "erin/high's own presence with priority 5");
        StanzaCollector high = messages(erinHigh);
        StanzaCollector low = messages(erinLow);

        alice.sendStanza(draft(alice, "erin@acme.test", "to the bare JID").build());
        assertEquals("to the bare JID", Stanzas.next(high, (Message m) -> true, "the original").getBody());
        Message copy = nextCopy(low, CarbonExtension.Direction.received);
        assertEquals("to the bare JID", copy.getBody());
    }

    @Test
    void whatAResourceSendsIsCopiedToTheOtherResourcesWithCarbons() throws Exception {
        XMPPTCPConnection carol = login("carol@globex.test", "c");
        XMPPTCPConnection bobOne = withCarbons("bob@acme.test", "sender");
        XMPPTCPConnection bobTwo = withCarbons("bob@acme.test", "watcher");
        StanzaCollector sender = messages(bobOne);
        StanzaCollector watcher = messages(bobTwo);
        StanzaCollector carolInbox = messages(carol);

        bobOne.sendStanza(draft(bobOne, "carol@globex.test", "hello carol").build());
        assertEquals("hello carol", Stanzas.next(carolInbox, (Message m) -> true, "the message").getBody());
        Message copy = nextCopy(watcher, CarbonExtension.Direction.sent);
        assertEquals("hello carol", copy.getBody());
        assertEquals("bob@acme.test/sender", copy.getFrom().toString());
        assertEquals("carol@globex.test", copy.getTo().toString());

        carol.sendStanza(draft(carol, "bob@acme.test/sender", "answer").build());
        Message first = Stanzas.next(sender, (Message m) -> true, "carol's answer");
        assertEquals("answer", first.getBody(), "the sending resource gets no copy of its own message");
        assertNull(CarbonExtension.from(first));
    }

    @Test
    void privateAndNoCopyMessagesAreNotCopied() throws Exception {
        XMPPTCPConnection admin = login("admin@acme.test", "x");
        XMPPTCPConnection aliceOne = withCarbons("alice@acme.test", "p1");
        XMPPTCPConnection aliceTwo = withCarbons("alice@acme.test", "p2");
        StanzaCollector two = messages(aliceTwo);

        MessageBuilder secret = draft(aliceOne, "admin@acme.test", "private, sent");
        CarbonExtension.Private.addTo(secret);
        secret.addExtension(NoCopyHint.INSTANCE);
        aliceOne.sendStanza(secret.build());
        MessageBuilder privateOnly = draft(aliceOne, "admin@acme.test", "private only, sent");
        CarbonExtension.Private.addTo(privateOnly);
        aliceOne.sendStanza(privateOnly.build());
        aliceOne.sendStanza(draft(aliceOne, "admin@acme.test", "public, sent").build());
        assertEquals("public, sent", nextCopy(two, CarbonExtension.Direction.sent).getBody(),
                "the private messages sent before were not copied");

        MessageBuilder incoming = draft(admin, "alice@acme.test/p1", "private, received");
        CarbonExtension.Private.addTo(incoming);
        incoming.addExtension(NoCopyHint.INSTANCE);
        admin.sendStanza(incoming.build());
        MessageBuilder noCopy = draft(admin, "alice@acme.test/p1", "no-copy, received");
        noCopy.addExtension(NoCopyHint.INSTANCE);
        admin.sendStanza(noCopy.build());
        admin.sendStanza(draft(admin, "alice@acme.test/p1", "public, received").build());
        assertEquals("public, received", nextCopy(two, CarbonExtension.Direction.received).getBody(),
                "the private messages received before were not copied");
    }

    @Test
    void aResourceThatDisabledCarbonsGetsNoCopies() throws Exception {
        XMPPTCPConnection carol = login("carol@globex.test", "d");
        XMPPTCPConnection aliceOne = login("alice@acme.test", "d1");
        XMPPTCPConnection aliceTwo = withCarbons("alice@acme.test", "d2");
        CarbonManager.getInstanceFor(aliceTwo).disableCarbons();
        StanzaCollector two = messages(aliceTwo);

        aliceOne.sendStanza(draft(aliceOne, "carol@globex.test", "not copied").build());
        carol.sendStanza(draft(carol, "alice@acme.test/d1", "not copied either").build());
        Stanzas.routed(aliceOne);
        Stanzas.routed(carol);
        carol.sendStanza(draft(carol, "alice@acme.test/d2", "direct").build());
        Message first = Stanzas.next(two, (Message m) -> true, "the direct message");
        assertEquals("direct", first.getBody(), "no copy came before it");
        assertNull(CarbonExtension.from(first));
    }
}
