package net.bluemind.xmpp.server.csi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.bluemind.xmpp.server.hooks.ClientStream;
import net.bluemind.xmpp.server.hooks.OutboundFilter;
import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.session.SessionKey;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * XEP-0352 client state indication: while a client says it is inactive (a phone in a pocket), presence
 * updates are held back — only the latest from each sender — and sent in one go when the client becomes
 * active or when something urgent (a message, an iq, a subscription request) has to go anyway, so the
 * order the client sees stays the order things happened in.
 */
public final class ClientStateFilter implements OutboundFilter {

    public static final String NS = "urn:xmpp:csi:0";
    /** The filter of the stream the session is bound on now. */
    public static final SessionKey<ClientStateFilter> FILTER = new SessionKey<>("csi.filter");
    private static final int MAX_HELD = 500;

    /**
     * Offers XEP-0352 to authenticated clients, puts a filter on every bound stream and takes the client's
     * {@code <active/>} and {@code <inactive/>}.
     */
    public static void attach(StanzaHooks hooks) {
        hooks.addStreamFeature(Element.empty("csi", NS));
        hooks.streamBound.add(0, "csi", ClientStateFilter::onBound);
        hooks.addClientElement(NS, ClientStateFilter::onElement);
    }

    /**
     * A stream begins active (§4.2), a resumed one too (§5.2): what the lost stream held back, newer than anything
     * it sent, goes to the new one at once.
     */
    private static boolean onBound(ClientStream stream) {
        ClientStateFilter filter = new ClientStateFilter();
        ClientStateFilter previous = stream.session().get(FILTER);
        stream.session().put(FILTER, filter);
        stream.addFilter(filter);
        if (previous != null) {
            previous.setActive(true, stream::send);
        }
        return false;
    }

    private static void onElement(ClientStream stream, Element e) {
        boolean active = "active".equals(e.name());
        if (!active && !"inactive".equals(e.name())) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "' element");
        }
        stream.session().get(FILTER).setActive(active, stream::send);
    }

    private boolean inactive;
    private final Map<String, Element> held = new LinkedHashMap<>();

    /** Passes a stanza on to {@code out} now, or holds it while the client is inactive. */
    @Override
    public synchronized void deliver(Element stanza, Consumer<Element> out) {
        if (inactive && holdable(stanza)) {
            // Only the newest presence of each sender matters once the client looks again.
            String from = stanza.attribute("from");
            held.remove(from);
            held.put(from, stanza);
            if (held.size() > MAX_HELD) {
                flush(out);
            }
            return;
        }
        flush(out);
        out.accept(stanza);
    }

    public synchronized void setActive(boolean active, Consumer<Element> out) {
        inactive = !active;
        if (active) {
            flush(out);
        }
    }

    public synchronized boolean isInactive() {
        return inactive;
    }

    /** How many presence stanzas wait for the client to look again. */
    public synchronized int held() {
        return held.size();
    }

    private void flush(Consumer<Element> out) {
        if (held.isEmpty()) {
            return;
        }
        List<Element> all = new ArrayList<>(held.values());
        held.clear();
        all.forEach(out);
    }

    private static boolean holdable(Element stanza) {
        if (!"presence".equals(stanza.name()) || !Namespaces.CLIENT.equals(stanza.namespace())) {
            return false;
        }
        String type = stanza.attribute("type");
        return type == null || "unavailable".equals(type);
    }
}
