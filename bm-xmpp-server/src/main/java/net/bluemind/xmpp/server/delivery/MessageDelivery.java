package net.bluemind.xmpp.server.delivery;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
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

    public MessageDelivery(SessionManager sessions, AuthRepository accounts, OfflineStore offline) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.offline = offline;
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
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                target.deliver(message);
                return;
            }
            // §8.5.3.2.1: no such resource — groupchat and error are not redirected.
            if ("groupchat".equals(t)) {
                Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            if ("error".equals(t)) {
                return;
            }
        }
        toBareJid(sender, message, to.asEntityBareJidIfPossible(), t);
    }

    private void toBareJid(ClientSession sender, Element message, EntityBareJid to, String type) {
        switch (type) {
            case "error" -> {
                return;
            }
            case "groupchat" -> {
                Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            default -> {
                // normal, chat and headline are delivered below
            }
        }
        ClientSession[] resources = sessions.sessions(to);
        int delivered = "headline".equals(type) ? toAllNonNegative(resources, message) : toHighestPriority(resources, message);
        if (delivered > 0) {
            return;
        }
        if ("headline".equals(type)) {
            return; // §8.5.2.2.1: headlines nobody can see are dropped silently
        }
        whenExists(to, exists -> {
            if (!exists) {
                Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            } else if (OfflineStore.storable(message, type)) {
                storeOffline(sender, message, to);
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
        if (toHighestPriority(sessions.sessions(user), message) > 0) {
            return;
        }
        if (OfflineStore.storable(message, type)) {
            offline.store(user.toString(), message);
        }
    }

    private void storeOffline(ClientSession sender, Element message, EntityBareJid to) {
        offline.store(to.toString(), message).whenComplete((outcome, error) -> {
            if (error != null) {
                Router.bounce(sender, message, new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                        "the message could not be stored for " + to + "; try again later"));
            } else if (outcome == OfflineStore.Outcome.FULL) {
                Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                        "offline storage for " + to + " is full"));
            }
        });
    }

    /** Delivers to every available resource sharing the highest non-negative priority. */
    private static int toHighestPriority(ClientSession[] resources, Element message) {
        int best = Integer.MIN_VALUE;
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() >= 0 && s.priority() > best) {
                best = s.priority();
            }
        }
        if (best == Integer.MIN_VALUE) {
            return 0;
        }
        int n = 0;
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() == best) {
                s.deliver(message);
                n++;
            }
        }
        return n;
    }

    private static int toAllNonNegative(ClientSession[] resources, Element message) {
        int n = 0;
        for (ClientSession s : resources) {
            if (s.isAvailable() && s.priority() >= 0) {
                s.deliver(message);
                n++;
            }
        }
        return n;
    }

    private void whenExists(EntityBareJid user, Consumer<Boolean> then) {
        CompletionStage<Boolean> exists = accounts.userExists(user.toString());
        exists.whenComplete((yes, failure) -> then.accept(failure == null && Boolean.TRUE.equals(yes)));
    }
}
