package net.bluemind.xmpp.server.presence;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.PresenceDecorator;
import net.bluemind.xmpp.spi.RosterStore.Roster;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * Presence (RFC 6121 §4): a resource's broadcast to its contacts with a {@code from} subscription and to
 * its own resources, probes answered from the contacts' live sessions, directed presence, and
 * unavailability when a resource leaves. Subscription stanzas go to the {@link SubscriptionHandler}.
 */
public final class PresenceHandler {

    /** Hears of each available presence a resource broadcasts and of its becoming unavailable (entity caps, PEP). */
    public interface Listener {
        void available(ClientSession session, Element presence);

        void unavailable(ClientSession session);
    }

    private final SessionManager sessions;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Plugins' changes to an account's available presence (XEP-0153 avatar hash). */
    private final List<PresenceDecorator> decorators = new CopyOnWriteArrayList<>();
    private final RosterService rosters;
    private final SubscriptionHandler subscriptions;
    /** Broadcasts and probe answers skip contacts its gates separate (XEP-0191 block lists); user/offline. */
    private final StanzaHooks hooks;
    /** Told when a resource becomes available with a non-negative priority (offline messages wait for it). */
    private final Consumer<ClientSession> onInitialPresence;
    /** Contacts of other domains are reached through federation. */
    private final RemoteRouter remote;

    public PresenceHandler(SessionManager sessions, RosterService rosters, SubscriptionHandler subscriptions,
                           StanzaHooks hooks, Consumer<ClientSession> onInitialPresence, RemoteRouter remote) {
        this.remote = remote;
        this.sessions = sessions;
        this.rosters = rosters;
        this.subscriptions = subscriptions;
        this.hooks = hooks;
        this.onInitialPresence = onInitialPresence;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void addDecorator(PresenceDecorator decorator) {
        decorators.add(decorator);
    }

    private Element decorate(ClientSession sender, Element presence) {
        Element out = presence;
        for (PresenceDecorator d : decorators) {
            out = d.decorate(sender.bareJid().toString(), out);
        }
        return out;
    }

    /** Broadcasts again each available resource's presence of the account, decorated afresh. */
    public void rebroadcast(EntityBareJid account) {
        for (ClientSession s : sessions.sessions(account)) {
            Element current = s.presence();
            if (s.isAvailable() && current != null) {
                selfPresence(s, current, null);
            }
        }
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
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> {
                EntityBareJid contact = to.asEntityBareJidIfPossible();
                if (contact != null) {
                    subscriptions.outbound(sender, presence, contact, type);
                }
            }
            case "error" -> toUser(presence, to);
            default -> {
                // probes are the server's to send (RFC 6121 §4.3); anything else is undefined
            }
        }
    }

    private void selfPresence(ClientSession sender, Element sent, String type) {
        if (type != null && !"unavailable".equals(type)) {
            return;
        }
        boolean wasAvailable = sender.isAvailable();
        Element presence = type == null ? decorate(sender, sent) : sent;
        if (type == null) {
            int priority = priorityOf(presence);
            sender.setAvailable(presence, priority);
            listeners.forEach(l -> l.available(sender, presence));
            broadcastToOwnResources(sender, presence);
            rosters.roster(sender.bareJid().toString()).thenAccept(roster -> {
                broadcastToSubscribers(sender, presence, roster);
                if (!wasAvailable) {
                    probeContacts(sender, roster);
                    redeliverPendingRequests(sender, roster);
                }
            });
            if (!wasAvailable) {
                sendOtherResourcesPresence(sender);
                if (priority >= 0) {
                    onInitialPresence.accept(sender);
                }
            }
        } else {
            leave(sender, presence);
        }
    }

    /** When a resource goes away without saying so (disconnect). */
    public void resourceGone(ClientSession session) {
        if (sessions.sessions(session.bareJid()).length == 0) {
            rosters.userOffline(session.bareJid().toString());
            hooks.userOffline.fire(session.bareJid());
        }
        if (!session.isAvailable() && !session.hasDirectedPresences()) {
            return;
        }
        leave(session, Element.builder("presence", Namespaces.CLIENT)
                .attribute("from", session.fullJidString())
                .attribute("type", "unavailable")
                .build());
    }

    private void leave(ClientSession session, Element unavailable) {
        boolean wasAvailable = session.isAvailable();
        session.setUnavailable();
        if (wasAvailable) {
            listeners.forEach(l -> l.unavailable(session));
            broadcastToOwnResources(session, unavailable);
            rosters.roster(session.bareJid().toString()).thenAccept(r -> broadcastToSubscribers(session, unavailable, r));
        }
        Set<Jid> targets = session.drainDirectedPresences();
        for (Jid t : targets) {
            toUser(unavailable.withAttribute("to", t.toString()), t);
        }
    }

    private void broadcastToSubscribers(ClientSession sender, Element presence, Roster roster) {
        for (RosterItem i : roster.items()) {
            if (i.subscription().hasFrom()) {
                Jid contact = jid(i.contact());
                if (contact != null && !hooks.gate().separates(sender.fullJid(), contact)) {
                    toUser(presence.withAttribute("to", i.contact()), contact);
                }
            }
        }
    }

    /** A probe to each contact the user is subscribed to, answered at once from the contact's sessions. */
    private void probeContacts(ClientSession newcomer, Roster roster) {
        for (RosterItem i : roster.items()) {
            if (!i.subscription().hasTo()) {
                continue;
            }
            Jid contact = jid(i.contact());
            EntityBareJid bare = contact == null ? null : contact.asEntityBareJidIfPossible();
            if (bare == null) {
                continue;
            }
            if (remote.isRemote(bare)) {
                // RFC 6121 §4.3.1: the contact's server answers with its available resources' presence.
                remote.route(Element.builder("presence", Namespaces.CLIENT).attribute("from", newcomer.bareJid().toString())
                        .attribute("to", bare.toString()).attribute("type", "probe").build());
                continue;
            }
            for (ClientSession s : sessions.sessions(bare)) {
                Element p = s.presence();
                if (p != null && !hooks.gate().separates(s.fullJid(), newcomer.fullJid())) {
                    newcomer.deliver(p.withAttribute("to", newcomer.fullJidString()));
                }
            }
        }
    }

    /** Requests that arrived while the user was away are shown again (RFC 6121 §3.1.3). */
    private static void redeliverPendingRequests(ClientSession newcomer, Roster roster) {
        for (RosterItem i : roster.items()) {
            if (i.pendingIn()) {
                newcomer.deliver(Element.builder("presence", Namespaces.CLIENT)
                        .attribute("from", i.contact()).attribute("to", newcomer.bareJid().toString())
                        .attribute("type", "subscribe").build());
            }
        }
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
        if (remote.isRemote(to)) {
            remote.route(presence.attribute("to") == null ? presence.withAttribute("to", to.toString()) : presence);
            return;
        }
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

    /**
     * Presence from another server's user (its domain authenticated by the s2s layer): availability and
     * directed presence to the local resources, subscription stanzas to the contact's roster, probes
     * answered when the local user lets the prober see its presence (RFC 6121 §4.3.2).
     */
    public void fromRemote(Element presence, Jid from, Jid to, String type) {
        if (type == null || "unavailable".equals(type) || "error".equals(type)) {
            toUser(presence, to);
            return;
        }
        EntityBareJid contact = to.asEntityBareJidIfPossible();
        if (contact == null) {
            return;
        }
        String sender = from.asBareJid().toString();
        switch (type) {
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" ->
                    subscriptions.inbound(sender, contact, type, presence.withAttribute("from", sender).withAttribute("to", contact.toString()));
            case "probe" -> answerProbe(contact, from);
            default -> {
                // anything else is undefined (RFC 6121 §4.7.1)
            }
        }
    }

    private void answerProbe(EntityBareJid user, Jid prober) {
        String proberBare = prober.asBareJid().toString();
        rosters.roster(user.toString()).thenAccept(roster -> {
            for (RosterItem i : roster.items()) {
                if (i.contact().equals(proberBare) && i.subscription().hasFrom()) {
                    for (ClientSession s : sessions.sessions(user)) {
                        Element p = s.presence();
                        if (p != null && !hooks.gate().separates(s.fullJid(), prober)) {
                            remote.route(p.withAttribute("to", prober.toString()));
                        }
                    }
                    return;
                }
            }
        });
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

    private static Jid jid(String s) {
        try {
            return JidCreate.from(s);
        } catch (XmppStringprepException e) {
            return null;
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
