package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.delivery.MessageDelivery;
import net.bluemind.xmpp.server.hooks.Bounces;
import net.bluemind.xmpp.server.hooks.RemoteRouter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.jid.Jids;
import net.bluemind.xmpp.server.presence.PresenceHandler;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.spi.VHostRepository;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Addressing and dispatch (RFC 6120 §8, RFC 6121 §8.5): stamps {@code from}, resolves {@code to},
 * hands the stanza to the processor that declared it, or applies the default rules for its kind.
 *
 * <p>Runs on the sender's connection thread; reads only the top element's attributes.
 */
public final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final VHostRepository vhosts;
    private final SessionManager sessions;
    private final ProcessorRegistry processors;
    private final MessageDelivery messages;
    private final PresenceHandler presences;
    private final Executor background;
    private final IqRequests serverRequests;
    private final StanzaHooks hooks;
    private final RemoteRouter remote;

    /**
     * @param serverRequests the server's own iq requests, whose answers the router hands back
     * @param hooks          the stanza path: its gates decide whether a stanza may go on (blocking, XEP-0191)
     * @param remote         where stanzas for other domains go (federation)
     */
    public Router(VHostRepository vhosts, SessionManager sessions, ProcessorRegistry processors,
                  MessageDelivery messages, PresenceHandler presences, Executor background, IqRequests serverRequests,
                  StanzaHooks hooks, RemoteRouter remote) {
        this.remote = remote;
        this.vhosts = vhosts;
        this.sessions = sessions;
        this.processors = processors;
        this.messages = messages;
        this.presences = presences;
        this.background = background;
        this.serverRequests = serverRequests;
        this.hooks = hooks;
    }

    /**
     * A stanza from a bound client. Throws {@link StreamErrorException} for what ends the stream
     * (a forged {@code from}); everything else is answered with a stanza error.
     */
    public void routeFromClient(ClientSession sender, Element raw) {
        Element stanza = stampFrom(sender, raw);
        String type = stanza.attribute("type");
        String toAttr = stanza.attribute("to");
        Jid to = null;
        if (toAttr != null) {
            to = parseJid(toAttr);
            if (to == null) {
                Bounces.bounce(sender, stanza, StanzaError.of(StanzaError.Condition.JID_MALFORMED, "'to' is not a valid JID"));
                return;
            }
            String domain = vhosts.canonical(to.getDomain().toString());
            if (domain == null) {
                Jid remoteTo = to;
                hooks.gate().pass(sender, stanza, to, () -> toRemote(sender, stanza, remoteTo, type));
                return;
            }
            to = withDomain(to, domain);
        }
        Jid addressee = to;
        hooks.gate().pass(sender, stanza, to, () -> dispatch(sender, stanza, addressee, type));
    }

    private void dispatch(ClientSession sender, Element stanza, Jid to, String type) {
        switch (stanza.name()) {
            case "message" -> messages.fromClient(sender, stanza, to, type);
            case "presence" -> presences.fromClient(sender, stanza, to, type);
            case "iq" -> routeIq(sender, stanza, to, type);
            default -> throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "'" + stanza.name() + "' is not a stanza");
        }
    }

    /** To another server's entity: presence through its handler (rosters, broadcasts), the rest straight to federation. */
    private void toRemote(ClientSession sender, Element stanza, Jid to, String type) {
        switch (stanza.name()) {
            case "message" -> messages.toRemote(sender, stanza, to, remote);
            case "presence" -> presences.fromClient(sender, stanza, to, type);
            case "iq" -> {
                if (!remote.route(stanza)) {
                    Bounces.bounce(sender, stanza, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no route to " + to.getDomain()));
                }
            }
            default -> throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "'" + stanza.name() + "' is not a stanza");
        }
    }

    /**
     * A stanza from another server, already checked by the s2s layer ({@code from} authenticated,
     * {@code to} served): delivered like a local one, errors and iq answers routed back to the sender.
     */
    public void routeFromRemote(Element stanza) {
        Jid from = parseJid(stanza.attribute("from"));
        Jid to = parseJid(stanza.attribute("to"));
        String domain = to == null ? null : vhosts.canonical(to.getDomain().toString());
        if (from == null || domain == null) {
            return;
        }
        Jid addressee = withDomain(to, domain);
        String type = stanza.attribute("type");
        hooks.gate().passFromRemote(from, addressee, () -> dispatchFromRemote(stanza, from, addressee, type), () -> {
            // XEP-0191 §3.3: the blocked sender sees the user as offline; presence goes nowhere.
            boolean request = "iq".equals(stanza.name()) && ("get".equals(type) || "set".equals(type));
            if (request || "message".equals(stanza.name())) {
                bounceRemote(stanza, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            }
        });
    }

    private void dispatchFromRemote(Element stanza, Jid from, Jid to, String type) {
        switch (stanza.name()) {
            case "message" -> messages.fromRemote(stanza, from, to, type, error -> bounceRemote(stanza, error));
            case "presence" -> presences.fromRemote(stanza, from, to, type);
            case "iq" -> new RemoteIq(this, sessions, processors, background).route(stanza, from, to, type);
            default -> log.debug("'{}' from {} is not a stanza: dropped", stanza.name(), from);
        }
    }

    /** The error reply to a remote sender's stanza, sent back over federation. */
    void bounceRemote(Element stanza, StanzaError error) {
        if (!"error".equals(stanza.attribute("type"))) {
            remote.route(error.replyTo(stanza));
        }
    }

    RemoteRouter remote() {
        return remote;
    }

    /** A stanza the server itself sends to a local entity (from a processor). */
    public void routeFromServer(Element stanza) {
        Jid to = parseJid(stanza.attribute("to"));
        if (to == null) {
            log.warn("server stanza with no valid 'to' dropped: {}", stanza.name());
            return;
        }
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession s = sessions.find(full);
            if (s != null) {
                s.deliver(stanza);
            }
            return;
        }
        EntityBareJid bare = to.asEntityBareJidIfPossible();
        if (bare != null) {
            for (ClientSession s : sessions.sessions(bare)) {
                s.deliver(stanza);
            }
        }
    }

    private static Element stampFrom(ClientSession sender, Element raw) {
        String from = raw.attribute("from");
        if (from != null && !from.equals(sender.fullJidString())) {
            // RFC 6120 §8.1.2.1: a client may name its own bare JID, nothing else.
            Jid claimed = parseJid(from);
            if (claimed == null || !claimed.equals(sender.fullJid()) && !claimed.equals(sender.bareJid())) {
                throw new StreamErrorException(StreamErrorCondition.INVALID_FROM, "'from' is not your address");
            }
        }
        return raw.withAttribute("from", sender.fullJidString());
    }

    private void routeIq(ClientSession sender, Element iq, Jid to, String type) {
        boolean request = "get".equals(type) || "set".equals(type);
        if (!request && !"result".equals(type) && !"error".equals(type)) {
            Bounces.bounce(sender, iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "iq type must be get, set, result or error"));
            return;
        }
        if (iq.attribute("id") == null) {
            Bounces.bounce(sender, iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "iq without id"));
            return;
        }
        if (request && iq.childElementCount() != 1) {
            Bounces.bounce(sender, iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "an iq get/set has exactly one child"));
            return;
        }
        EntityFullJid full = to == null ? null : to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                target.deliver(iq);
            } else if (request) {
                Bounces.bounce(sender, iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            }
            return;
        }
        if (!request) {
            serverRequests.answer(sender, iq); // answers to anything else the server did not ask for are dropped
            return;
        }
        Route.Target target = targetOf(sender, to);
        Jid addressee = to == null ? sender.bareJid() : to;
        Element payload = iq.firstChildElement();
        StanzaProcessor p = processors.find("iq", payload, target);
        if (p == null) {
            // RFC 6121 §8.5: the same answer whether the account exists or not, so none is revealed.
            Bounces.bounce(sender, iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        process(p, new StanzaContextImpl(this, sender, iq, addressee, target, background));
    }

    private static Route.Target targetOf(ClientSession sender, Jid to) {
        if (to == null) {
            return Route.Target.SELF;
        }
        if (to.isDomainBareJid()) {
            return Route.Target.SERVER;
        }
        return to.equals(sender.bareJid()) ? Route.Target.SELF : Route.Target.ACCOUNT;
    }

    static void process(StanzaProcessor p, StanzaContext ctx) {
        try {
            p.process(ctx);
        } catch (RuntimeException e) {
            log.error("processor {} failed on a stanza from {}", p.id(), ctx.from(), e);
            ctx.replyError(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
        }
    }

    /** RFC 7622: null for a JID that is not valid (jid-malformed for a client, improper-addressing between servers). */
    static Jid parseJid(String s) {
        return Jids.parse(s);
    }

    private static Jid withDomain(Jid jid, String canonicalDomain) {
        if (jid.getDomain().toString().equals(canonicalDomain)) {
            return jid;
        }
        StringBuilder sb = new StringBuilder();
        if (jid.getLocalpartOrNull() != null) {
            sb.append(jid.getLocalpartOrNull()).append('@');
        }
        sb.append(canonicalDomain);
        if (jid.getResourceOrNull() != null) {
            sb.append('/').append(jid.getResourceOrNull());
        }
        Jid out = parseJid(sb.toString());
        return out == null ? jid : out;
    }
}
