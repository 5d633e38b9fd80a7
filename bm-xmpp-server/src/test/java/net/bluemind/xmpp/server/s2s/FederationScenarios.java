package net.bluemind.xmpp.server.s2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;

/** What federation must do between any two servers, whichever side each client is on. */
final class FederationScenarios {

    static final long TIMEOUT = 20_000;

    private FederationScenarios() {
    }

    /** A chat message from {@code from} reaches {@code to}, across the servers. */
    static void chatDelivered(XMPPTCPConnection from, XMPPTCPConnection to, String body) throws Exception {
        BareJid sender = from.getUser().asBareJid();
        try (StanzaCollector got = to.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(sender)))) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to.getUser().asBareJid()).ofType(Message.Type.chat)
                    .setBody(body).build());
            Message m = got.nextResult(TIMEOUT);
            assertNotNull(m, "no message from " + sender + " to " + to.getUser() + " within " + TIMEOUT + " ms");
            assertEquals(body, m.getBody());
        }
    }

    /**
     * RFC 6121 §3.1: {@code asker} subscribes to {@code contact}'s presence, the contact approves; the asker's
     * roster then says "to", the contact's "from", and the asker sees the contact available.
     */
    static void subscriptionHandshake(XMPPTCPConnection asker, XMPPTCPConnection contact) throws Exception {
        BareJid askerJid = asker.getUser().asBareJid();
        BareJid contactJid = contact.getUser().asBareJid();
        Roster askerRoster = Roster.getInstanceFor(asker);
        Roster contactRoster = Roster.getInstanceFor(contact);
        askerRoster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        contactRoster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        try (StanzaCollector requests = contact.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(askerJid)))) {
            asker.sendStanza(asker.getStanzaFactory().buildPresenceStanza().to(contactJid).ofType(Presence.Type.subscribe).build());
            Presence request = nextOfType(requests, Presence.Type.subscribe);
            assertNotNull(request, contactJid + " got no subscription request from " + askerJid);
        }
        contact.sendStanza(contact.getStanzaFactory().buildPresenceStanza().to(askerJid).ofType(Presence.Type.subscribed).build());
        Await.until(askerJid + "'s roster to say 'to' " + contactJid, Duration.ofMillis(TIMEOUT), () -> {
            RosterEntry e = askerRoster.getEntry(contactJid);
            return e != null && (e.getType() == RosterPacket.ItemType.to || e.getType() == RosterPacket.ItemType.both);
        });
        Await.until(contactJid + "'s roster to say 'from' " + askerJid, Duration.ofMillis(TIMEOUT), () -> {
            RosterEntry e = contactRoster.getEntry(askerJid);
            return e != null && (e.getType() == RosterPacket.ItemType.from || e.getType() == RosterPacket.ItemType.both);
        });
        Await.until(askerJid + " to see " + contactJid + " available", Duration.ofMillis(TIMEOUT),
                () -> askerRoster.getPresence(contactJid).isAvailable());
    }

    /** With a subscription in place, a new presence of the contact (a status) reaches the asker. */
    static void presenceUpdateSeen(XMPPTCPConnection asker, XMPPTCPConnection contact, String status) throws Exception {
        BareJid contactJid = contact.getUser().asBareJid();
        Roster askerRoster = Roster.getInstanceFor(asker);
        contact.sendStanza(contact.getStanzaFactory().buildPresenceStanza().setStatus(status).build());
        Await.until(asker.getUser() + " to see the status '" + status + "' of " + contactJid, Duration.ofMillis(TIMEOUT),
                () -> status.equals(askerRoster.getPresence(contactJid).getStatus()));
    }

    /**
     * RFC 6121 §2.5.2: {@code user} removes {@code contact} from its roster; the contact's server hears
     * unsubscribe and unsubscribed, so its roster keeps no subscription, and it sees the user go unavailable.
     */
    static void contactRemoved(XMPPTCPConnection user, XMPPTCPConnection contact) throws Exception {
        BareJid userJid = user.getUser().asBareJid();
        BareJid contactJid = contact.getUser().asBareJid();
        Roster userRoster = Roster.getInstanceFor(user);
        Roster contactRoster = Roster.getInstanceFor(contact);
        Await.until(contactJid + " to see " + userJid + " available first", Duration.ofMillis(TIMEOUT),
                () -> contactRoster.getPresence(userJid).isAvailable());
        userRoster.removeEntry(userRoster.getEntry(contactJid));
        Await.until(contactJid + "'s roster to keep no subscription with " + userJid, Duration.ofMillis(TIMEOUT), () -> {
            RosterEntry e = contactRoster.getEntry(userJid);
            return e == null || e.getType() == RosterPacket.ItemType.none;
        });
        Await.until(contactJid + " to see " + userJid + " unavailable", Duration.ofMillis(TIMEOUT),
                () -> !contactRoster.getPresence(userJid).isAvailable());
    }

    private static Presence nextOfType(StanzaCollector c, Presence.Type type) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            Presence p = c.nextResult(end - System.currentTimeMillis());
            if (p != null && p.getType() == type) {
                return p;
            }
        }
        return null;
    }

    static BareJid bare(String jid) throws Exception {
        return JidCreate.bareFrom(jid);
    }
}
