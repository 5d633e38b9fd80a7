package net.bluemind.xmpp.server.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.hooks.Bounces;
import net.bluemind.xmpp.server.hooks.LocalMessage;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.SentMessage;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.hooks.StanzaIdentifiers;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Delivery of message stanzas to local users, by the rules of RFC 6121 §8.5. It names no feature: what happens
 * around delivery (carbons, stanza ids, offline storage, the archive) attaches to the hooks of {@link StanzaHooks}.
 */
public final class MessageDelivery {

    private final SessionManager sessions;
    private final AuthRepository accounts;
    private final StanzaHooks hooks;

    public MessageDelivery(SessionManager sessions, AuthRepository accounts, StanzaHooks hooks) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.hooks = hooks;
    }

    public void fromClient(ClientSession sender, Element message, Jid to, String type) {
        String t = type == null ? "normal" : type;
        if (to == null) {
            to = sender.bareJid();
        }
        if (to.isDomainBareJid() || to.getLocalpartOrNull() == null) {
            // No service on the server's own address takes messages yet.
            Bounces.bounce(sender, message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        // One id for both parties: the recipient gets it, and both archives keep the message under it.
        LocalMessage m = LocalMessage.fromClient(sender, message, to, t, StanzaIdentifiers.next());
        hooks.messageSent.fire(m);
        deliverLocally(m, to.asEntityFullJidIfPossible());
    }

    /** A message from a local client to another server's user: federation, then the hooks (carbons, the sender's archive). */
    public void toRemote(ClientSession sender, Element message, Jid to, RemoteRouter remote) {
        SentMessage sent = new SentMessage(sender, message, to);
        hooks.messageSent.fire(sent);
        if (!remote.route(message)) {
            Bounces.bounce(sender, message, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no route to " + to.getDomain()));
            return;
        }
        hooks.messageToRemote.fire(sent);
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
        EntityFullJid full = to.asEntityFullJidIfPossible();
        deliverLocally(LocalMessage.fromElsewhere(from.asBareJid().toString(),
                from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString(), bounce, message,
                to.asEntityBareJidIfPossible(), t, StanzaIdentifiers.next()), full);
    }

    private void deliverLocally(LocalMessage m, EntityFullJid full) {
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                hooks.messageToLocal.fire(m);
                target.deliver(m.stanza());
                m.toResource(full.getResourcepart().toString());
                m.receivers(List.of(target));
                hooks.messageDelivered.fire(m);
                return;
            }
            // §8.5.3.2.1: no such resource — groupchat and error are not redirected.
            if ("groupchat".equals(m.type())) {
                m.bounce(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            if ("error".equals(m.type())) {
                return;
            }
        }
        toBareJid(m);
    }

    private void toBareJid(LocalMessage m) {
        switch (m.type()) {
            case "error" -> {
                return;
            }
            case "groupchat" -> {
                m.bounce(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                return;
            }
            default -> {
                // normal, chat and headline are delivered below
            }
        }
        ClientSession[] resources = sessions.sessions(m.recipient());
        hooks.messageToLocal.fire(m);
        List<ClientSession> receivers = "headline".equals(m.type()) ? toAllNonNegative(resources, m.stanza())
                : toHighestPriority(resources, m.stanza());
        if (!receivers.isEmpty()) {
            m.receivers(receivers);
            hooks.messageDelivered.fire(m);
            return;
        }
        if ("headline".equals(m.type())) {
            return; // §8.5.2.2.1: headlines nobody can see are dropped silently
        }
        Receipt receipt = m.receipt().hold();
        accounts.userExists(m.recipient().toString()).whenComplete((exists, failure) -> {
            try {
                if (failure != null) {
                    // The directory did not answer (bm-core down or slow): the user may well exist, so not "no such user".
                    m.bounce(new StanzaError(StanzaError.Condition.INTERNAL_SERVER_ERROR, StanzaError.Type.WAIT,
                            "could not check that " + m.recipient() + " exists; try again later"));
                } else if (!Boolean.TRUE.equals(exists)) {
                    m.bounce(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                } else {
                    // kept by a handler (offline storage), or, a bare chat state or a no-store hint, dropped
                    hooks.messageUndelivered.fire(m);
                }
            } finally {
                receipt.release();
            }
        });
    }

    /**
     * A message a resource was sent but never acknowledged (its session ended): it goes to the user's
     * other resources, else to the hooks of undelivered messages (offline storage), so it is not lost (XEP-0198 §4).
     */
    public void redeliver(EntityBareJid user, Element message) {
        String type = message.attribute("type") == null ? "normal" : message.attribute("type");
        if (!"chat".equals(type) && !"normal".equals(type)) {
            return;
        }
        if (!toHighestPriority(sessions.sessions(user), message).isEmpty()) {
            return;
        }
        hooks.messageUndelivered.fire(LocalMessage.redelivery(message, user, type, error -> bounceToLocalSender(message, error)));
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
            Bounces.bounce(sender, message.withAttribute("from", sender.fullJidString()), error);
        }
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
