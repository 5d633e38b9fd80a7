package net.bluemind.xmpp.server.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;

/** Finds the processor for a stanza by its name, its payload and its addressee; built once at start. */
public final class ProcessorRegistry {

    private final List<StanzaProcessor> processors;
    private final StanzaHooks hooks;
    /**
     * Stanza name, then payload namespace, to the routes: two lookups of strings the parser already
     * made (their hashes cached), where one key joining both was a new string to build and hash per iq.
     */
    private final Map<String, Map<String, List<Entry>>> byPayload = new HashMap<>();

    private record Entry(Route route, StanzaProcessor processor) {
    }

    public ProcessorRegistry(List<StanzaProcessor> processors) {
        this(processors, new StanzaHooks());
    }

    /** @param hooks where the features that route no stanza (stanza ids, SM, CSI) announce themselves */
    public ProcessorRegistry(List<StanzaProcessor> processors, StanzaHooks hooks) {
        this.hooks = hooks;
        this.processors = List.copyOf(processors);
        for (StanzaProcessor p : this.processors) {
            for (Route r : p.routes()) {
                byPayload.computeIfAbsent(r.stanza(), k -> new HashMap<>())
                        .computeIfAbsent(r.payloadNamespace(), k -> new ArrayList<>()).add(new Entry(r, p));
            }
        }
    }

    /** The processor for a stanza whose payload is {@code payload} (may be null), or null. */
    public StanzaProcessor find(String stanzaName, Element payload, Route.Target target) {
        if (payload == null) {
            return null;
        }
        Map<String, List<Entry>> byNamespace = byPayload.get(stanzaName);
        List<Entry> entries = byNamespace == null ? null : byNamespace.get(payload.namespace());
        if (entries == null) {
            return null;
        }
        for (Entry e : entries) {
            if ((e.route.payloadName() == null || e.route.payloadName().equals(payload.name()))
                    && e.route.targets().contains(target) && e.processor.accepts(payload)) {
                return e.processor;
            }
        }
        return null;
    }

    /** The disco#info features of every processor and every feature on the hooks for that kind of entity. */
    public Set<String> discoFeatures(Route.Target target) {
        Set<String> out = new LinkedHashSet<>(hooks.discoFeatures(target));
        for (StanzaProcessor p : processors) {
            out.addAll(p.discoFeatures(target));
        }
        return out;
    }

    /** Stream features the features on the hooks, then every processor, offer to an authenticated client. */
    public List<Element> streamFeatures() {
        List<Element> out = new ArrayList<>(hooks.streamFeatures());
        for (StanzaProcessor p : processors) {
            out.addAll(p.streamFeatures());
        }
        return out;
    }

    public List<StanzaProcessor> processors() {
        return processors;
    }
}
