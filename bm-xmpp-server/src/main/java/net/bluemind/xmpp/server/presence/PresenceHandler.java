package net.bluemind.xmpp.server.presence;

import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * Presence between local users: a resource's own broadcast to its other resources, directed presence
 * (RFC 6121 §4.6) and unavailability when a resource leaves. Roster-based broadcast and subscriptions
 * come with the roster.
 */
public final class PresenceHandler {

    private final SessionManager sessions;

    public PresenceHandler(SessionManager sessions) {
        this.sessions = sessions;
    }

    public void fromClient(ClientSession sender, Element presence, Jid to, String type) {
        if (to == null) {
            selfPresence(sender, presence, type);
            return;
        }
        if (type == null || "unavailable".equals(type)) {
            directed(sender, presence, to, type == null);
            return;
        }
        switch (type) {
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" ->
                    // Subscription stanzas travel from the bare JID (RFC 6121 §3.1.2).
                    toUser(presence.withAttribute("from", sender.bareJid().toString()), to);
            case "error" -> toUser(presence, to);
            default -> {
                // probes from clients are not theirs to send (RFC 6121 §4.3); nothing else is defined
            }
        }
    }

    private void selfPresence(ClientSession sender, Element presence, String type) {
        if (type != null && !"unavailable".equals(type)) {
            return;
        }
        boolean wasAvailable = sender.isAvailable();
        if (type == null) {
            sender.setAvailable(presence, priorityOf(presence));
            broadcastToOwnResources(sender, presence);
            if (!wasAvailable) {
                sendOtherResourcesPresence(sender);
            }
        } else {
            sender.setUnavailable();
            broadcastToOwnResources(sender, presence);
            sendUnavailableToDirected(sender, presence);
        }
    }

    /** When a resource goes away without saying so (disconnect). */
    public void resourceGone(ClientSession session) {
        if (!session.isAvailable() && !session.hasDirectedPresences()) {
            return;
        }
        Element unavailable = Element.builder("presence", Namespaces.CLIENT)
                .attribute("from", session.fullJidString())
                .attribute("type", "unavailable")
                .build();
        boolean wasAvailable = session.isAvailable();
        session.setUnavailable();
        if (wasAvailable) {
            broadcastToOwnResources(session, unavailable);
        }
        sendUnavailableToDirected(session, unavailable);
    }

    private void directed(ClientSession sender, Element presence, Jid to, boolean available) {
        if (available) {
            sender.addDirectedPresence(to);
        } else {
            sender.removeDirectedPresence(to);
        }
        toUser(presence, to);
    }

    private void toUser(Element presence, Jid to) {
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession s = sessions.find(full);
            if (s != null) {
                s.deliver(presence);
            }
            return;
        }
        EntityBareJid bare = to.asEntityBareJidIfPossible();
        if (bare == null) {
            return;
        }
        for (ClientSession s : sessions.sessions(bare)) {
            if (s.isAvailable()) {
                s.deliver(presence);
            }
        }
    }

    private void broadcastToOwnResources(ClientSession sender, Element presence) {
        // RFC 6121 §4.2.2: every available resource of the user, the sender included.
        for (ClientSession s : sessions.sessions(sender.bareJid())) {
            if (s == sender || s.isAvailable()) {
                s.deliver(presence.withAttribute("to", s.fullJidString()));
            }
        }
    }

    private void sendOtherResourcesPresence(ClientSession newcomer) {
        for (ClientSession s : sessions.sessions(newcomer.bareJid())) {
            Element p = s.presence();
            if (s != newcomer && p != null) {
                newcomer.deliver(p.withAttribute("to", newcomer.fullJidString()));
            }
        }
    }

    private void sendUnavailableToDirected(ClientSession session, Element unavailable) {
        Set<Jid> targets = session.drainDirectedPresences();
        for (Jid t : targets) {
            toUser(unavailable.withAttribute("to", t.toString()), t);
        }
    }

    static int priorityOf(Element presence) {
        String p = presence.childText("priority", Namespaces.CLIENT);
        if (p == null) {
            return 0;
        }
        try {
            int v = Integer.parseInt(p.trim());
            return Math.max(-128, Math.min(127, v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
