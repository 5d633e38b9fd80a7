package net.bluemind.xmpp.server.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.SmackClients;

/** RFC 6121 §3 subscriptions between local users, with roster pushes to every interested resource. */
class SubscriptionTest extends LiveServerTest {

    @Override
    protected XMPPTCPConnection login(String jid, String resource) throws Exception {
        XMPPTCPConnection c = super.login(jid, resource);
        Roster.getInstanceFor(c).reloadAndWait();
        return c;
    }

    private static void send(XMPPTCPConnection from, String to, Presence.Type type) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildPresenceStanza().to(JidCreate.bareFrom(to)).ofType(type).build());
    }

    private static Presence next(StanzaCollector c, String from, Presence.Type type) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            Presence p = c.nextResult(Math.max(1, end - System.currentTimeMillis()));
            if (p != null && p.getFrom().toString().startsWith(from) && (type == null || p.getType() == type)) {
                return p;
            }
        }
        throw new AssertionError("no " + (type == null ? "" : type + " ") + "presence from " + from);
    }

    private static void awaitEntry(XMPPTCPConnection c, String contact, RosterPacket.ItemType type, boolean pending) throws Exception {
        BareJid jid = JidCreate.bareFrom(contact);
        Await.until(c.getUser() + " sees " + contact + " as " + type + (pending ? " (pending)" : ""), () -> {
            RosterEntry e = Roster.getInstanceFor(c).getEntry(jid);
            return e != null && e.getType() == type && e.isSubscriptionPending() == pending;
        });
    }

    @Test
    void subscriptionHandshakeBothWaysWithRosterPushesToAllResources() throws Exception {
        XMPPTCPConnection alice1 = login("alice@acme.test", "one");
        XMPPTCPConnection alice2 = login("alice@acme.test", "two");
        XMPPTCPConnection bob = login("bob@acme.test", "only");
        StanzaCollector bobSees = bob.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        StanzaCollector aliceSees = alice2.createStanzaCollector(new StanzaTypeFilter(Presence.class));

        send(alice1, "bob@acme.test", Presence.Type.subscribe);
        awaitEntry(alice1, "bob@acme.test", RosterPacket.ItemType.none, true);
        awaitEntry(alice2, "bob@acme.test", RosterPacket.ItemType.none, true);
        assertEquals("alice@acme.test", next(bobSees, "alice@acme.test", Presence.Type.subscribe).getFrom().toString(),
                "a subscription request comes from the bare JID");

        send(bob, "alice@acme.test", Presence.Type.subscribed);
        awaitEntry(alice1, "bob@acme.test", RosterPacket.ItemType.to, false);
        awaitEntry(alice2, "bob@acme.test", RosterPacket.ItemType.to, false);
        awaitEntry(bob, "alice@acme.test", RosterPacket.ItemType.from, false);
        next(aliceSees, "bob@acme.test", Presence.Type.subscribed);
        next(aliceSees, "bob@acme.test/only", Presence.Type.available);

        send(bob, "alice@acme.test", Presence.Type.subscribe);
        next(aliceSees, "bob@acme.test", Presence.Type.subscribe);
        send(alice2, "bob@acme.test", Presence.Type.subscribed);
        awaitEntry(alice1, "bob@acme.test", RosterPacket.ItemType.both, false);
        awaitEntry(bob, "alice@acme.test", RosterPacket.ItemType.both, false);

        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away).setStatus("lunch").build());
        Presence away = next(aliceSees, "bob@acme.test/only", Presence.Type.available);
        while (away.getMode() != Presence.Mode.away) {
            away = next(aliceSees, "bob@acme.test/only", Presence.Type.available);
        }
        assertEquals("lunch", away.getStatus());

        XMPPTCPConnection alice3 = login("alice@acme.test", "three");
        assertEquals(RosterPacket.ItemType.both, Roster.getInstanceFor(alice3).getEntry(JidCreate.bareFrom("bob@acme.test")).getType());
        Await.until("the new resource learns bob's presence by probe",
                () -> Roster.getInstanceFor(alice3).getPresence(JidCreate.bareFromOrThrowUnchecked("bob@acme.test")).isAvailable());

        bob.disconnect();
        next(aliceSees, "bob@acme.test/only", Presence.Type.unavailable);

        Roster.getInstanceFor(alice1).removeEntry(Roster.getInstanceFor(alice1).getEntry(JidCreate.bareFrom("bob@acme.test")));
        Await.until("alice2 sees bob removed", () -> Roster.getInstanceFor(alice2).getEntry(JidCreate.bareFromOrThrowUnchecked("bob@acme.test")) == null);
        XMPPTCPConnection bobAgain = login("bob@acme.test", "again");
        awaitEntry(bobAgain, "alice@acme.test", RosterPacket.ItemType.none, false);
    }

    @Test
    void requestToAnOfflineUserIsShownAtItsNextLogin() throws Exception {
        XMPPTCPConnection carol = login("carol@globex.test", "c");
        send(carol, "erin@acme.test", Presence.Type.subscribe);
        awaitEntry(carol, "erin@acme.test", RosterPacket.ItemType.none, true);
        XMPPTCPConnection erin = SmackClients.connection(server, "erin@acme.test", "erin", "later", b -> { });
        StanzaCollector sees = erin.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        erin.connect().login();
        track(erin);
        Presence request = next(sees, "carol@globex.test", Presence.Type.subscribe);
        assertNotNull(request);
        send(erin, "carol@globex.test", Presence.Type.unsubscribed);
        awaitEntry(carol, "erin@acme.test", RosterPacket.ItemType.none, false);
    }

    /**
     * RFC 6121 Appendix A.3.1: a subscribe for a contact whose state already holds a pending request changes
     * nothing and is not delivered again. The unsubscribe sent last takes the same path (the requester's
     * roster order, then the contact's), so once the contact has it every subscribe before it was handled.
     */
    @Test
    void repeatedSubscribeRequestsReachTheContactOnce() throws Exception {
        XMPPTCPConnection alice = login("alice@acme.test", "flood");
        XMPPTCPConnection erin = login("erin@acme.test", "victim");
        StanzaCollector erinSees = erin.createStanzaCollector(new StanzaTypeFilter(Presence.class));
        for (int i = 0; i < 200; i++) {
            send(alice, "erin@acme.test", Presence.Type.subscribe);
        }
        send(alice, "erin@acme.test", Presence.Type.unsubscribe);

        int requests = 0;
        while (true) {
            Presence p = next(erinSees, "alice@acme.test", null);
            if (p.getType() == Presence.Type.unsubscribe) {
                break;
            }
            if (p.getType() == Presence.Type.subscribe) {
                requests++;
            }
        }
        assertEquals(1, requests, "identical subscription requests delivered to the contact");
    }

    @Test
    void aPreApprovedRequestIsAcceptedAtOnce() throws Exception {
        XMPPTCPConnection admin = login("admin@acme.test", "pre");
        XMPPTCPConnection carol = login("carol@globex.test", "pre");
        send(admin, "carol@globex.test", Presence.Type.subscribed);
        Await.until("admin's roster shows the pre-approval", () -> {
            RosterEntry e = Roster.getInstanceFor(admin).getEntry(JidCreate.bareFromOrThrowUnchecked("carol@globex.test"));
            return e != null && e.isApproved();
        });
        send(carol, "admin@acme.test", Presence.Type.subscribe);
        awaitEntry(carol, "admin@acme.test", RosterPacket.ItemType.to, false);
        awaitEntry(admin, "carol@globex.test", RosterPacket.ItemType.from, false);
    }
}
