package net.bluemind.xmpp.server.csi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * XEP-0352 client state indication: while a client says it is inactive (a phone in a pocket), presence
 * updates are held back — only the latest from each sender — and sent in one go when the client becomes
 * active or when something urgent (a message, an iq, a subscription request) has to go anyway, so the
 * order the client sees stays the order things happened in.
 */
public final class ClientStateFilter {

    public static final String NS = "urn:xmpp:csi:0";

    /** Offers XEP-0352 client state indication to authenticated clients. */
    public static void announce(StanzaHooks hooks) {
        hooks.addStreamFeature(Element.empty("csi", NS));
    }
    private static final int MAX_HELD = 500;

    private boolean inactive;
    private final Map<String, Element> held = new LinkedHashMap<>();

    /** Passes a stanza on to {@code out} now, or holds it while the client is inactive. */
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
