package net.bluemind.xmpp.server.presence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.server.roster.RosterFullException;
import net.bluemind.xmpp.server.roster.RosterRemovals;
import net.bluemind.xmpp.server.roster.RosterService;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Presence subscriptions (RFC 6121 §3): each subscription stanza changes the sender's roster
 * ("outbound"), then the contact's ("inbound"), each in that user's order, stored before the
 * stanza goes on. For a local contact the inbound half runs here too; for a remote one the stanza goes
 * over federation and the contact's server runs it, and its answers come back through {@link #inbound}.
 */
public final class SubscriptionHandler implements RosterRemovals {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionHandler.class);

    private final RosterService rosters;
    private final SessionManager sessions;
    private final VHostRepository vhosts;
    private final AuthRepository accounts;
    private final RemoteRouter remote;

    public SubscriptionHandler(RosterService rosters, SessionManager sessions, VHostRepository vhosts, AuthRepository accounts,
                               RemoteRouter remote) {
        this.remote = remote;
        this.rosters = rosters;
        this.sessions = sessions;
        this.vhosts = vhosts;
        this.accounts = accounts;
    }

    /**
     * A client sent subscribe, subscribed, unsubscribe or unsubscribed to {@code contact}. Its stanza counts as
     * handled (XEP-0198) once both rosters are stored.
     */
    public void outbound(ClientSession sender, Element presence, EntityBareJid contact, String type) {
        String user = sender.bareJid().toString();
        String c = contact.toString();
        if (!StoredValueLimits.fitsKey(user, c)) {
            // Both rosters key the item by the two JIDs: refused before either changes, and the sender told.
            sender.deliver(Element.builder("presence", Namespaces.CLIENT).attribute("from", c).attribute("to", sender.fullJidString())
                    .attribute("type", "error").child(StoredValueLimits.keyTooLong("the contact's JID").toElement(null)).build());
            return;
        }
        Element routed = subscriptionStanza(presence, user, c, type);
        Receipt receipt = sender.receipt().hold();
        CompletableFuture<?> done = switch (type) {
            case "subscribe" -> rosters.update(user, c, cur -> SubscriptionStates.askedOut(cur, c))
                    .thenCompose(ch -> inbound(user, contact, type, routed))
                    .exceptionally(e -> refuseIfFull(e, sender, presence, c));
            case "subscribed" -> rosters.update(user, c, cur -> SubscriptionStates.approved(cur, c)).thenCompose(ch -> {
                boolean granted = ch.before() != null && ch.before().pendingIn() && ch.after().subscription().hasFrom();
                // The approval first, then the presence it lets through (RFC 6121 §3.1.5).
                return granted ? inbound(user, contact, type, routed).thenRun(() -> sendCurrentPresence(sender.bareJid(), c))
                        : CompletableFuture.<Void>completedFuture(null);
            }).exceptionally(e -> refuseIfFull(e, sender, presence, c));
            case "unsubscribe" -> rosters.update(user, c, SubscriptionStates::unsubscribedOut)
                    .thenCompose(ch -> inbound(user, contact, type, routed));
            case "unsubscribed" -> rosters.update(user, c, SubscriptionStates::cancelledIn).thenCompose(ch ->
                    inbound(user, contact, type, routed).thenRun(() -> {
                        if (ch.before() != null && ch.before().subscription().hasFrom()) {
                            sendUnavailable(sender.bareJid(), c);
                        }
                    }));
            default -> {
                receipt.release();
                throw new IllegalArgumentException(type);
            }
        };
        done.whenComplete((ignored, error) -> receipt.release());
    }

    /**
     * A subscription stanza that would have added an item to the sender's full roster: nothing stored,
     * nothing routed, and the client told why with {@code not-allowed} (a full roster does not empty itself
     * by waiting, so not the "wait" of {@code resource-constraint}).
     */
    private Void refuseIfFull(Throwable error, ClientSession sender, Element presence, String contact) {
        RosterFullException full = RosterFullException.in(error);
        if (full != null) {
            log.info("{}: {} to {} refused: the roster is full ({} items, limits.max-roster-items)",
                    sender.fullJidString(), presence.attribute("type"), contact, full.limit());
            sender.deliver(StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "your roster is full (" + full.limit() + " items)")
                    .replyTo(presence.withAttribute("from", sender.fullJidString()).withAttribute("to", contact)));
        }
        return null;
    }

    /**
     * The user's side of a roster removal (RFC 6121 §2.5.2): cancel both directions as needed. The stage
     * completes once the contact's side is done, so the user's iq result comes after it.
     */
    @Override
    public CompletableFuture<Void> rosterItemRemoved(EntityBareJid user, RosterItem before) {
        EntityBareJid contact = bare(before.contact());
        if (contact == null) {
            return CompletableFuture.completedFuture(null);
        }
        String u = user.toString();
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (before.subscription().hasFrom() || before.pendingIn()) {
            done = inbound(u, contact, "unsubscribed", bareStanza(u, before.contact(), "unsubscribed")).thenRun(() -> {
                if (before.subscription().hasFrom()) {
                    sendUnavailable(user, before.contact());
                }
            });
        }
        if (before.subscription().hasTo() || before.askOut()) {
            done = done.thenCompose(v -> inbound(u, contact, "unsubscribe", bareStanza(u, before.contact(), "unsubscribe")));
        }
        return done;
    }

    /**
     * A subscription stanza from {@code from} reaches a local {@code contact}; the stage completes once
     * the contact's roster is changed and the stanza delivered.
     */
    CompletableFuture<Void> inbound(String from, EntityBareJid contact, String type, Element stanza) {
        if (vhosts.canonical(contact.getDomain().toString()) == null) {
            if (!remote.route(stanza)) {
                log.debug("subscription {} from {} to {} not routed: no federation with {}", type, from, contact, contact.getDomain());
            }
            return CompletableFuture.completedFuture(null);
        }
        String c = contact.toString();
        if (!StoredValueLimits.fitsKey(c, from)) {
            log.debug("subscription {} from {} to {} not kept: the two JIDs are too long to be stored together", type, from, c);
            return CompletableFuture.completedFuture(null);
        }
        return switch (type) {
            case "subscribe" -> accounts.userExists(c).toCompletableFuture()
                    .thenCompose(exists -> exists ? requested(from, contact, stanza) : CompletableFuture.completedFuture(null));
            case "subscribed" -> rosters.update(c, from, SubscriptionStates::approvedByContact)
                    .thenAccept(ch -> deliverIfNew(type, ch, contact, stanza));
            case "unsubscribe" -> rosters.update(c, from, SubscriptionStates::contactUnsubscribed).thenAccept(ch -> {
                deliverIfNew(type, ch, contact, stanza);
                if (ch.before() != null && ch.before().subscription().hasFrom()) {
                    sendUnavailable(contact, from);
                }
            });
            case "unsubscribed" -> rosters.update(c, from, SubscriptionStates::contactCancelled)
                    .thenAccept(ch -> deliverIfNew(type, ch, contact, stanza));
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * An existing local contact receives a request (RFC 6121 §3.1.3). A request that would add an item to
     * the contact's full roster is neither stored nor delivered: the requester keeps waiting, as for a
     * contact who never answers.
     */
    private CompletableFuture<Void> requested(String from, EntityBareJid contact, Element stanza) {
        String c = contact.toString();
        return rosters.update(c, from, cur -> SubscriptionStates.requested(cur, from)).handle((ch, error) -> {
            if (error == null) {
                return ch;
            }
            RosterFullException full = RosterFullException.in(error);
            if (full == null) {
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
            }
            log.info("subscription request from {} to {} dropped: the contact's roster is full ({} items, limits.max-roster-items)",
                    from, c, full.limit());
            return null;
        }).thenCompose(ch -> {
            EntityBareJid requester = bare(from);
            if (ch != null && ch.after().subscription().hasFrom() && requester != null) {
                // Already allowed, or pre-approved: the server answers for the contact (RFC 6121 §3.1.3).
                return inbound(c, requester, "subscribed", bareStanza(c, from, "subscribed"))
                        .thenRun(() -> sendCurrentPresence(contact, from));
            }
            if (ch != null) {
                deliverIfNew("subscribe", ch, contact, stanza);
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** RFC 6121 Appendix A.3: the stanza reaches the contact only when it changed the contact's state. */
    private void deliverIfNew(String type, RosterService.Change ch, EntityBareJid contact, Element stanza) {
        if (SubscriptionStates.deliverInbound(type, ch.before(), ch.after())) {
            toAvailableResources(contact, stanza);
        }
    }

    private void toAvailableResources(EntityBareJid user, Element stanza) {
        for (ClientSession s : sessions.sessions(user)) {
            if (s.isAvailable()) {
                s.deliver(stanza);
            }
        }
    }

    private void toContact(EntityBareJid contact, Element presence) {
        if (remote.isRemote(contact)) {
            remote.route(presence);
        } else {
            toAvailableResources(contact, presence);
        }
    }

    /** The current presence of each of the user's available resources, to the contact (RFC 6121 §3.1.5). */
    void sendCurrentPresence(EntityBareJid user, String contact) {
        EntityBareJid to = bare(contact);
        if (to == null) {
            return;
        }
        for (ClientSession s : sessions.sessions(user)) {
            Element p = s.presence();
            if (p != null) {
                toContact(to, p.withAttribute("to", contact));
            }
        }
    }

    /** Unavailable presence from each of the user's available resources, to the contact. */
    void sendUnavailable(EntityBareJid user, String contact) {
        EntityBareJid to = bare(contact);
        if (to == null) {
            return;
        }
        for (ClientSession s : sessions.sessions(user)) {
            if (s.isAvailable()) {
                toContact(to, Element.builder("presence", Namespaces.CLIENT)
                        .attribute("from", s.fullJidString()).attribute("to", contact).attribute("type", "unavailable").build());
            }
        }
    }

    /** The stanza as routed: from the user's bare JID to the contact's bare JID (RFC 6121 §3.1.2). */
    private static Element subscriptionStanza(Element presence, String from, String to, String type) {
        return presence.withAttribute("from", from).withAttribute("to", to).withAttribute("type", type);
    }

    private static Element bareStanza(String from, String to, String type) {
        return Element.builder("presence", Namespaces.CLIENT).attribute("from", from).attribute("to", to).attribute("type", type).build();
    }

    private static EntityBareJid bare(String jid) {
        try {
            return JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            return null;
        }
    }
}
