package net.bluemind.xmpp.server.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.presence.SubscriptionHandler;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.server.testkit.Opened;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** {@code limits.max-roster-items}: no roster grows past it, by roster set or by subscription. */
class RosterLimitTest {

    private static final int MAX = 3;
    private final Opened open = new Opened();

    @AfterEach
    void close() throws Exception {
        open.close();
    }

    private TestServer server() throws Exception {
        return open.add(TestServer.start(c -> c.withLimits(c.limits().withMaxRosterItems(MAX))));
    }

    private XMPPTCPConnection login(TestServer s, String jid) throws Exception {
        XMPPTCPConnection c = SmackClients.login(s, jid, "limit");
        open.add(c::disconnect);
        Roster.getInstanceFor(c).reloadAndWait();
        s.awaitAvailable(c.getUser().toString());
        return c;
    }

    private static BareJid jid(String s) {
        return JidCreate.bareFromOrThrowUnchecked(s);
    }

    /** Fills the roster with contacts that are not on the server (no subscription traffic). */
    private static void fill(XMPPTCPConnection c) throws Exception {
        for (int i = 0; i < MAX; i++) {
            Roster.getInstanceFor(c).createItem(jid("filler" + i + "@elsewhere.test"), "filler " + i, null);
        }
    }

    private static void subscribe(XMPPTCPConnection from, String to) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildPresenceStanza().to(jid(to)).ofType(Presence.Type.subscribe).build());
    }

    @Test
    void aRosterSetBeyondTheLimitIsRefusedAndNothingIsStored() throws Exception {
        TestServer s = server();
        XMPPTCPConnection alice = login(s, "alice@acme.test");
        fill(alice);

        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> Roster.getInstanceFor(alice).createItem(jid("one-too-many@elsewhere.test"), "extra", null));
        assertEquals(StanzaError.Condition.not_allowed, e.getStanzaError().getCondition());
        assertTrue(e.getStanzaError().getDescriptiveText().contains("full"), e.getStanzaError().getDescriptiveText());

        Roster.getInstanceFor(alice).createItem(jid("filler0@elsewhere.test"), "renamed", null);
        XMPPTCPConnection again = login(s, "alice@acme.test");
        Roster fresh = Roster.getInstanceFor(again);
        assertEquals(MAX, fresh.getEntries().size(), "the roster as stored");
        assertNull(fresh.getEntry(jid("one-too-many@elsewhere.test")));
        assertEquals("renamed", fresh.getEntry(jid("filler0@elsewhere.test")).getName(), "changing an item is not adding one");
    }

    @Test
    void aSubscribeThatWouldAddAnItemToTheSendersFullRosterIsRefusedAndNotRouted() throws Exception {
        TestServer s = server();
        XMPPTCPConnection alice = login(s, "alice@acme.test");
        XMPPTCPConnection erin = login(s, "erin@acme.test");
        fill(alice);
        StanzaCollector aliceSees = alice.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        StanzaCollector erinSees = erin.createStanzaCollector(new StanzaTypeFilter(Presence.class));

        subscribe(alice, "erin@acme.test");
        Presence error = aliceSees.nextResult(10_000);
        while (error != null && error.getType() != Presence.Type.error) {
            error = aliceSees.nextResult(10_000);
        }
        assertNotNull(error, "no error for the refused subscribe");
        assertEquals(StanzaError.Condition.not_allowed, error.getError().getCondition());
        assertEquals("erin@acme.test", error.getFrom().toString());

        // The refusal came from alice's roster order, before anything would have gone to erin.
        assertNull(erinSees.pollResult(), "the request reached erin");
        XMPPTCPConnection erinAgain = login(s, "erin@acme.test");
        assertNull(Roster.getInstanceFor(erinAgain).getEntry(jid("alice@acme.test")));
        assertNull(Roster.getInstanceFor(login(s, "alice@acme.test")).getEntry(jid("erin@acme.test")));
    }

    @Test
    void aRequestToAFullRosterIsNeitherStoredNorDelivered() throws Exception {
        TestServer s = server();
        XMPPTCPConnection erin = login(s, "erin@acme.test");
        XMPPTCPConnection alice = login(s, "alice@acme.test");
        fill(erin);
        StanzaCollector erinSees = erin.createStanzaCollector(new StanzaTypeFilter(Presence.class));

        try (LogLines log = new LogLines(SubscriptionHandler.class)) {
            subscribe(alice, "erin@acme.test");
            String line = log.await("INFO", "alice@acme.test", "erin@acme.test", "dropped");
            assertTrue(line.contains("limits.max-roster-items"), line);
        }
        // The request would have been delivered when it was dropped: it is decided, and nothing came.
        Presence p;
        while ((p = erinSees.pollResult()) != null) {
            assertTrue(p.getType() != Presence.Type.subscribe, "a subscription request reached erin: " + p.toXML());
        }
        XMPPTCPConnection erinAgain = login(s, "erin@acme.test");
        assertEquals(MAX, Roster.getInstanceFor(erinAgain).getEntries().size());
        assertNull(Roster.getInstanceFor(erinAgain).getEntry(jid("alice@acme.test")));
    }
}
