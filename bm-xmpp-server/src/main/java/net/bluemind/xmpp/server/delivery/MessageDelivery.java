package net.bluemind.xmpp.server.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.archive.Archiving;
import net.bluemind.xmpp.server.carbons.Carbons;
import net.bluemind.xmpp.server.offline.OfflineStore;
import net.bluemind.xmpp.server.router.RemoteRouter;
import net.bluemind.xmpp.server.router.Router;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
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
    /** The archive's pre-processor, or null when nothing is archived. */
    private final Archiving archiving;

    public MessageDelivery(SessionManager sessions, AuthRepository accounts, OfflineStore offline, StanzaIds stanzaIds,
                           Carbons carbons, Archiving archiving) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.offline = offline;
        this.stanzaIds = stanzaIds;
        this.carbons = carbons;
        this.archiving = archiving;
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
        // One id for both parties: the recipient gets it, and both archives keep the message under it.
        deliverLocally(Origin.local(sender, message), message, to, t, StanzaIds.newId());
    }

    /** A message from a local client to another server's user: carbons, federation, and the sender's archive. */
    public void toRemote(ClientSession sender, Element message, Jid to, RemoteRouter remote) {
        carbons.sent(sender, message, to);
        if (!remote.route(message)) {
            Router.bounce(sender, message, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no route to " + to.getDomain()));
            return;
        }
        if (archiving != null) {
            String from = sender.bareJid().toString();
            archiving.archive(message, List.of(from), from, sender.fullJid().getResourcepart().toString(), to.asBareJid().toString(),
                    to.getResourceOrNull() == null ? null : to.getResourceOrNull().toString(), StanzaIds.newId(), sender,
                    sender.receipt());
        }
    }

    /**
     * A message from another server (its sender checked by the s2s layer) to a local user: the same
     * delivery as a local one, into the recipient's archive only; errors go back through {@code bounce}.
     */
    public void fromRemote(Element message, Jid from, Jid to, String type, Consumer<StanzaError> bounce) {
        String t = type == null ? "normal" : type;
        if (to.isDomainBareJid() || to.getLocalpartOrNull() == null) {
            bounce.accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        deliverLocally(Origin.remote(from, bounce), message, to, t, StanzaIds.newId());
    }

    /**
     * Who sent a message being delivered here: where errors about it go, whether the sender's archive
     * is ours to fill (a remote sender's archive is on its server), and the receipt its stores hold (a local
     * sender's stanza is not counted as handled before they are durable).
     */
    private record Origin(String bareJid, String resource, boolean local, Consumer<StanzaError> bounce, ClientSession session,
                          Receipt receipt) {

        static Origin local(ClientSession sender, Element message) {
            return new Origin(sender.bareJid().toString(), sender.fullJid().getResourcepart().toString(), true,
                    error -> Router.bounce(sender, message, error), sender, sender.receipt());
        }

        static Origin remote(Jid from, Consumer<StanzaError> bounce) {
            return new Origin(from.asBareJid().toString(), from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString(),
                    false, bounce, null, Receipt.NONE);
        }
    }

    private void deliverLocally(Origin sender, Element message, Jid to, String t, String stanzaId) {
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                Element stamped = forRecipient(message, full.asEntityBareJid(), stanzaId);
                target.deliver(stamped);
                carbons.received(full.asEntityBareJid(), stamped, List.of(target));
                archive(sender, message, full.asEntityBareJid(), full.getResourcepart().toString(), stanzaId);
                return;
            }
            // §8.5.3.2.1: no such resource — groupchat and error are not redirected.
            if ("groupchat".equals(t)) {
                sender.bounce().accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            if ("error".equals(t)) {
                return;
            }
        }
        toBareJid(sender, message, to.asEntityBareJidIfPossible(), t, stanzaId);
    }

    private void toBareJid(Origin sender, Element message, EntityBareJid to, String type, String stanzaId) {
        switch (type) {
            case "error" -> {
                return;
            }
            case "groupchat" -> {
                sender.bounce().accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            default -> {
                // normal, chat and headline are delivered below
            }
        }
        ClientSession[] resources = sessions.sessions(to);
        Element stamped = forRecipient(message, to, stanzaId);
        List<ClientSession> receivers = "headline".equals(type) ? toAllNonNegative(resources, stamped) : toHighestPriority(resources, stamped);
        carbons.received(to, stamped, receivers);
        if (!receivers.isEmpty()) {
            archive(sender, message, to, null, stanzaId);
            return;
        }
        if ("headline".equals(type)) {
            return; // §8.5.2.2.1: headlines nobody can see are dropped silently
        }
        Receipt receipt = sender.receipt().hold();
        accounts.userExists(to.toString()).whenComplete((exists, failure) -> {
            try {
                if (failure != null) {
                    // The directory did not answer (bm-core down or slow): the user may well exist, so not "no such user".
                    sender.bounce().accept(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                            "could not check that " + to + " exists; try again later"));
                } else if (!Boolean.TRUE.equals(exists)) {
                    sender.bounce().accept(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                } else if (OfflineStore.storable(message, type)) {
                    storeOffline(sender, message, stamped, to, stanzaId);
                }
                // a bare chat state or a no-store hint for someone offline has no one to go to: dropped
            } finally {
                receipt.release();
            }
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
            offline.store(user.toString(), message).whenComplete((outcome, error) -> {
                if (error != null) {
                    bounceToLocalSender(message, new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                            "the message could not be kept for " + user + "; send it again later"));
                } else if (outcome == OfflineStore.Outcome.FULL) {
                    bounceToLocalSender(message, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                            "offline storage for " + user + " is full"));
                }
            });
        }
    }

    /**
     * The sender of a message that was accepted, then could not be kept (its recipient's session ended before
     * acknowledging it and the offline store refused it) hears of it, if it is one of our users still online.
     */
    private void bounceToLocalSender(Element message, StanzaError error) {
        EntityFullJid full;
        try {
            full = JidCreate.entityFullFrom(message.attribute("from"));
        } catch (XmppStringprepException | IllegalArgumentException | NullPointerException e) {
            return; // from another server, or from the server itself: nobody here to tell
        }
        ClientSession sender = sessions.find(full);
        if (sender != null) {
            Router.bounce(sender, message.withAttribute("from", sender.fullJidString()), error);
        }
    }

    private void storeOffline(Origin sender, Element sent, Element message, EntityBareJid to, String stanzaId) {
        Receipt receipt = sender.receipt().hold();
        offline.store(to.toString(), message).whenComplete((outcome, error) -> {
            try {
                afterOfflineStore(sender, sent, to, stanzaId, outcome, error);
            } finally {
                receipt.release();
            }
        });
    }

    private void afterOfflineStore(Origin sender, Element sent, EntityBareJid to, String stanzaId, OfflineStore.Outcome outcome,
                                   Throwable error) {
        if (error != null) {
            sender.bounce().accept(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                    "the message could not be stored for " + to + "; try again later"));
        } else if (outcome == OfflineStore.Outcome.FULL) {
            sender.bounce().accept(StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                    "offline storage for " + to + " is full"));
        } else if (outcome == OfflineStore.Outcome.STORED) {
            archive(sender, sent, to, null, stanzaId);
        }
    }

    /** The message as the recipient gets it, live or stored: with its stanza id (XEP-0359), without carbons' private mark. */
    private Element forRecipient(Element message, EntityBareJid recipient, String stanzaId) {
        return Carbons.withoutPrivate(stanzaIds.stamp(message, recipient, stanzaId));
    }

    /** Into the archives of both local parties (one when a user writes to itself, the recipient's only for a remote sender). */
    private void archive(Origin sender, Element message, EntityBareJid recipient, String toResource, String stanzaId) {
        if (archiving == null) {
            return;
        }
        String from = sender.bareJid();
        String to = recipient.toString();
        List<String> owners = !sender.local() || from.equals(to) ? List.of(to) : List.of(from, to);
        archiving.archive(message, owners, from, sender.resource(), to, toResource, stanzaId, sender.session(), sender.receipt());
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
}
