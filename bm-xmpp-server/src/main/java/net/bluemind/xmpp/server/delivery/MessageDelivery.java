package net.bluemind.xmpp.server.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.carbons.Carbons;
import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.router.RemoteRouter;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.stanzaid.StanzaIds;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Delivery of message stanzas to local users, by the rules of RFC 6121 §8.5; what no resource can take
 * goes to the offline store (XEP-0160), and the sender hears of it when it cannot be kept.
 */
public final class MessageDelivery {

    private final SessionManager sessions;
    private final AuthRepository accounts;
    private final OfflineStore offline;
    private final StanzaIds stanzaIds;
    private final Carbons carbons;

    public MessageDelivery(SessionManager sessions, AuthRepository accounts, OfflineStore offline, StanzaIds stanzaIds,
                           Carbons carbons) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.offline = offline;
        this.stanzaIds = stanzaIds;
        this.carbons = carbons;
    }

    public void fromClient(ClientSession sender, Element message, Jid to, String type) {
        String t = type == null ? "normal" : type;
        if (to == null) {
            to = sender.bareJid();
        }
        if (to.isDomainBareJid() || to.getLocalpartOrNull() == null) {
            // No service on the server's own address takes messages yet.
            Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        carbons.sent(sender, message, to);
        Consumer<StanzaError> bounce = error -> Router.bounce(sender, message, error);
        deliverLocally(message, to, t, bounce);
    }

    /** A message from a local client to another server's user: carbons, then federation. */
    public void toRemote(ClientSession sender, Element message, Jid to, RemoteRouter remote) {
        carbons.sent(sender, message, to);
        if (!remote.route(message)) {
            Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no route to " + to.getDomain()));
        }
    }

    /**
     * A message from another server (its sender checked by the s2s layer) to a local user: the same
     * delivery as a local one; errors go back through {@code bounce}.
     */
    public void fromRemote(Element message, Jid to, String type, Consumer<StanzaError> bounce) {
        String t = type == null ? "normal" : type;
        if (to.isDomainBareJid() || to.getLocalpartOrNull() == null) {
            bounce.accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        deliverLocally(message, to, t, bounce);
    }

    private void deliverLocally(Element message, Jid to, String t, Consumer<StanzaError> bounce) {
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                Element stamped = forRecipient(message, full.asEntityBareJid());
                target.deliver(stamped);
                carbons.received(full.asEntityBareJid(), stamped, List.of(target));
                return;
            }
            // §8.5.3.2.1: no such resource — groupchat and error are not redirected.
            if ("groupchat".equals(t)) {
                bounce.accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            if ("error".equals(t)) {
                return;
            }
        }
        toBareJid(bounce, message, to.asEntityBareJidIfPossible(), t);
    }

    private void toBareJid(Consumer<StanzaError> bounce, Element message, EntityBareJid to, String type) {
        switch (type) {
            case "error" -> {
                return;
            }
            case "groupchat" -> {
                bounce.accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            default -> {
                // normal, chat and headline are delivered below
            }
        }
        ClientSession[] resources = sessions.sessions(to);
        Element stamped = forRecipient(message, to);
        List<ClientSession> receivers = "headline".equals(type) ? toAllNonNegative(resources, stamped) : toHighestPriority(resources, stamped);
        carbons.received(to, stamped, receivers);
        if (!receivers.isEmpty()) {
            return;
        }
        if ("headline".equals(type)) {
            return; // §8.5.2.2.1: headlines nobody can see are dropped silently
        }
        whenExists(to, exists -> {
            if (!exists) {
                bounce.accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            } else if (OfflineStore.storable(message, type)) {
                storeOffline(bounce, stamped, to);
            }
            // a bare chat state or a no-store hint for someone offline has no one to go to: dropped
        });
    }

    /**
     * A message a resource was sent but never acknowledged (its session ended): it goes to the user's
     * other resources, else to the offline store, so it is not lost (XEP-0198 §4).
     */
    public void redeliver(EntityBareJid user, Element message) {
        String type = message.attribute("type") == null ? "normal" : message.attribute("type");
        if (!"chat".equals(type) && !"normal".equals(type)) {
            return;
        }
        if (!toHighestPriority(sessions.sessions(user), message).isEmpty()) {
            return;
        }
        if (OfflineStore.storable(message, type)) {
            offline.store(user.toString(), message);
        }
    }

    private void storeOffline(Consumer<StanzaError> bounce, Element message, EntityBareJid to) {
        offline.store(to.toString(), message).whenComplete((outcome, error) -> {
            if (error != null) {
                bounce.accept(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                        "the message could not be stored for " + to + "; try again later"));
            } else if (outcome == OfflineStore.Outcome.FULL) {
                bounce.accept(StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                        "offline storage for " + to + " is full"));
            }
        });
    }

    /** The message as the recipient gets it, live or stored: with its stanza id (XEP-0359), without carbons' private mark. */
    private Element forRecipient(Element message, EntityBareJid recipient) {
        return Carbons.withoutPrivate(stanzaIds.stamp(message, recipient));
    }

    /** Delivers to every available resource sharing the highest non-negative priority; returns them. */
    private static List<ClientSession> toHighestPriority(ClientSession[] resources, Element message) {
        int best = Integer.MIN_VALUE;
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() >= 0 && s.priority() > best) {
                best = s.priority();
            }
        }
        if (best == Integer.MIN_VALUE) {
            return List.of();
        }
        List<ClientSession> receivers = new ArrayList<>(1);
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() == best) {
                s.deliver(message);
                receivers.add(s);
            }
        }
        return receivers;
    }

    private static List<ClientSession> toAllNonNegative(ClientSession[] resources, Element message) {
        List<ClientSession> receivers = new ArrayList<>(resources.length);
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() >= 0) {
                s.deliver(message);
                receivers.add(s);
            }
        }
        return receivers;
    }

    private void whenExists(EntityBareJid user, Consumer<Boolean> then) {
        CompletionStage<Boolean> exists = accounts.userExists(user.toString());
        exists.whenComplete((yes, failure) -> then.accept(failure == null && Boolean.TRUE.equals(yes)));
    }
}
