package net.bluemind.xmpp.server.pep;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.geoloc.packet.GeoLocation;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.caps.SessionCaps;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * Smack clients for PEP tests: each announces "+notify" interest in some nodes through its entity caps
 * (the disco feature PepManager adds for its listeners; added directly, because PepManager's listener
 * throws on retraction events in this Smack version), and collects the notifications it receives.
 */
final class PepClients implements AutoCloseable {

    static final long TIMEOUT = 10_000;
    static final String EVENT_NS = "http://jabber.org/protocol/pubsub#event";

    private final TestServer server;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    PepClients(TestServer server) {
        this.server = server;
    }

    /** A connected client interested in {@code nodes}, once the server knows of that interest. */
    XMPPTCPConnection login(String jid, String resource, String... nodes) throws Exception {
        XMPPTCPConnection c = prepare(jid, resource, nodes);
        connect(c, nodes);
        return c;
    }

    /** A configured, not yet connected client interested in {@code nodes} (to collect what comes at login). */
    XMPPTCPConnection prepare(String jid, String resource, String... nodes) throws Exception {
        XMPPTCPConnection c = SmackClients.connection(server, jid, jid.substring(0, jid.indexOf('@')), resource, b -> { });
        for (String node : nodes) {
            ServiceDiscoveryManager.getInstanceFor(c).addFeature(node + "+notify");
        }
        open.add(c);
        return c;
    }

    void connect(XMPPTCPConnection c, String... nodes) throws Exception {
        c.connect().login();
        Roster.getInstanceFor(c).reloadAndWait();
        String full = c.getUser().toString();
        server.awaitAvailable(full);
        for (String node : nodes) {
            Await.until(full + " known to want " + node, () -> SessionCaps.featuresOf(session(full)).contains(node + "+notify"));
        }
    }

    ClientSession session(String fullJid) {
        return server.server().sessions().find(JidCreate.entityFullFromOrThrowUnchecked(fullJid));
    }

    /** Collects the PEP notifications from {@code owner}'s bare JID. */
    static StanzaCollector events(XMPPTCPConnection c, String owner) {
        return c.createStanzaCollector(new AndFilter(MessageTypeFilter.HEADLINE, FromMatchesFilter.createBare(JidCreate.bareFromOrThrowUnchecked(owner)),
                new StanzaExtensionFilter("event", EVENT_NS)));
    }

    /** The next notification about {@code node} mentioning every one of {@code texts}. */
    static Message nextEvent(StanzaCollector events, String node, String... texts) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            Message m = events.nextResult(Math.max(1, end - System.currentTimeMillis()));
            if (m != null && mentions(m, node, texts)) {
                return m;
            }
        }
        throw new AssertionError("no notification about " + node + " with " + String.join(", ", texts));
    }

    private static boolean mentions(Stanza m, String node, String... texts) {
        String xml = m.toXML().toString();
        if (!xml.contains(node)) {
            return false;
        }
        for (String t : texts) {
            if (!xml.contains(t)) {
                return false;
            }
        }
        return true;
    }

    static GeoLocation geo(String description) {
        return GeoLocation.builder().setDescription(description).build();
    }

    /**
     * Proves that {@code to} got nothing from {@code events} so far: a chat message sent by {@code from}
     * after the fact reaches {@code to} behind anything queued earlier.
     */
    static void assertNothingBefore(StanzaCollector events, XMPPTCPConnection from, XMPPTCPConnection to, String marker) throws Exception {
        try (StanzaCollector chats = to.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createFull(from.getUser())))) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to.getUser()).ofType(Message.Type.chat).setBody(marker).build());
            long end = System.currentTimeMillis() + TIMEOUT;
            Message m;
            do {
                m = chats.nextResult(Math.max(1, end - System.currentTimeMillis()));
            } while (m != null && !marker.equals(m.getBody()));
            if (m == null) {
                throw new AssertionError("the marker message never came");
            }
        }
        Message leaked = events.pollResult();
        if (leaked != null) {
            throw new AssertionError("unexpected notification: " + leaked.toXML());
        }
    }

    /** {@code subscriber} gets a presence subscription to {@code owner} (RFC 6121 §3), both online. */
    static void subscribe(XMPPTCPConnection subscriber, XMPPTCPConnection owner) throws Exception {
        try (StanzaCollector requests = owner.createStanzaCollector(new AndFilter(new StanzaTypeFilter(Presence.class),
                FromMatchesFilter.createBare(subscriber.getUser().asBareJid())))) {
            subscriber.sendStanza(subscriber.getStanzaFactory().buildPresenceStanza().to(owner.getUser().asBareJid())
                    .ofType(Presence.Type.subscribe).build());
            Presence p;
            do {
                p = requests.nextResultOrThrow(TIMEOUT);
            } while (p.getType() != Presence.Type.subscribe);
        }
        owner.sendStanza(owner.getStanzaFactory().buildPresenceStanza().to(subscriber.getUser().asBareJid())
                .ofType(Presence.Type.subscribed).build());
        Await.until(subscriber.getUser() + " subscribed to " + owner.getUser().asBareJid(), () -> {
            RosterEntry e = Roster.getInstanceFor(subscriber).getEntry(owner.getUser().asBareJid());
            return e != null && e.canSeeHisPresence();
        });
    }

    @Override
    public void close() {
        open.forEach(XMPPTCPConnection::disconnect);
        open.clear();
    }
}
