package net.bluemind.xmpp.server.hooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jxmpp.jid.EntityBareJid;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.xml.Element;

/**
 * The named points of a message's way through the server, where features attach (as Prosody modules do with
 * {@code module:hook}), and the features they announce ({@code module:add_feature}). The router and delivery name
 * no feature: carbons, stanza ids, offline storage and the archive are handlers here.
 *
 * <p>The hooks run on the thread that routes the message (the sender's connection, or the storage's callback for
 * {@link #messageStored}), in the sender's order. A handler must not block; durable work holds the sender's
 * {@link LocalMessage#receipt()}.
 */
public final class StanzaHooks {

    /** A local client sent a message, before it is routed (to a local user or another server). */
    public final Hook<OutgoingMessage> messageSent = new Hook<>("message/sent");
    /** A message is about to be given to a local user's sessions: handlers rewrite {@link LocalMessage#stanza()}. */
    public final Hook<LocalMessage> messageToLocal = new Hook<>("message/to-local");
    /** A message was given to one or more of a local user's sessions ({@link LocalMessage#receivers()}). */
    public final Hook<LocalMessage> messageDelivered = new Hook<>("message/delivered");
    /**
     * No session of an existing local user could take the message (RFC 6121 §8.5.2.1.1 / §8.5.3.2.1): a handler that
     * keeps it (offline storage) answers true; one that does nothing lets the message be dropped.
     */
    public final Hook<LocalMessage> messageUndelivered = new Hook<>("message/undelivered");
    /** An undelivered message was stored for later (XEP-0160), durably. */
    public final Hook<LocalMessage> messageStored = new Hook<>("message/stored");
    /** A local client's message was handed to federation for another server's user. */
    public final Hook<SentMessage> messageToRemote = new Hook<>("message/to-remote");
    /** A user's last session went away: what a feature keeps in memory for online users can go. */
    public final Hook<EntityBareJid> userOffline = new Hook<>("user/offline");
    /**
     * A client's stream now carries a bound session: after resource binding, or after a resumption (XEP-0198) on the
     * new stream. Features install their {@link OutboundFilter}s here, one per stream.
     */
    public final Hook<ClientStream> streamBound = new Hook<>("stream/bound");

    /** Top-level elements of a feature's namespace from bound clients (XEP-0352 {@code <active/>}), by namespace. */
    private volatile Map<String, ClientStream.ElementHandler> clientElements = Map.of();

    /** The gates every stanza passes before routing (XEP-0191 block lists), in the order they were added. */
    private volatile StanzaGate gate = StanzaGate.OPEN;
    private final List<String> gateOwners = new ArrayList<>();

    private final List<Function<Route.Target, Set<String>>> discoFeatures = new ArrayList<>();
    private final List<Element> streamFeatures = new ArrayList<>();

    /**
     * A gate every stanza from a client or another server passes before it is routed, and every stanza the server
     * sends on a user's behalf consults ({@link StanzaGate#separates}); added after the gates already there.
     */
    public synchronized void addGate(String owner, StanzaGate added) {
        gate = gate == StanzaGate.OPEN ? added : StanzaGate.both(gate, added);
        gateOwners.add(owner);
    }

    /** The gates, as one; {@link StanzaGate#OPEN} when no feature added any. */
    public StanzaGate gate() {
        return gate;
    }

    /**
     * Elements of {@code namespace} that a bound client sends at the top level of its stream, besides stanzas (Prosody's
     * {@code stanza/<namespace>:<name>} events); one feature per namespace.
     */
    public synchronized void addClientElement(String namespace, ClientStream.ElementHandler handler) {
        if (clientElements.containsKey(namespace)) {
            throw new IllegalStateException(namespace + " is handled already");
        }
        Map<String, ClientStream.ElementHandler> next = new HashMap<>(clientElements);
        next.put(namespace, handler);
        clientElements = Map.copyOf(next);
    }

    /** The handler of a bound client's top-level elements in {@code namespace}, or null. */
    public ClientStream.ElementHandler clientElement(String namespace) {
        return namespace == null ? null : clientElements.get(namespace);
    }

    /** A disco#info feature (XEP-0030) announced for the entities of {@code targets}. */
    public synchronized void addDiscoFeature(String feature, Set<Route.Target> targets) {
        discoFeatures.add(t -> targets.contains(t) ? Set.of(feature) : Set.of());
    }

    /** A stream feature offered to an authenticated client (before and after resource binding). */
    public synchronized void addStreamFeature(Element feature) {
        streamFeatures.add(feature);
    }

    public synchronized Set<String> discoFeatures(Route.Target target) {
        Set<String> out = new LinkedHashSet<>();
        for (Function<Route.Target, Set<String>> f : discoFeatures) {
            out.addAll(f.apply(target));
        }
        return out;
    }

    public synchronized List<Element> streamFeatures() {
        return List.copyOf(streamFeatures);
    }

    /** The hooks and their handlers in order, for the startup log and tests. */
    public List<Hook<?>> all() {
        return List.of(messageSent, messageToLocal, messageDelivered, messageUndelivered, messageStored, messageToRemote, userOffline,
                streamBound);
    }

    /** "stanza/gate [blocking]" and every hook with its handlers, for the startup log. */
    @Override
    public synchronized String toString() {
        return "stanza/gate " + gateOwners + ", " + all() + ", client elements " + clientElements.keySet();
    }
}
