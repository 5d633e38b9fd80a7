package net.bluemind.xmpp.server.hooks;

import java.util.function.Consumer;

import net.bluemind.xmpp.xml.Element;

/**
 * A step every stanza for one client stream passes before it is queued for writing (Prosody's {@code stanzas/out}
 * filters): it passes the stanza on to {@code next}, now or later, or holds it. Features install one per stream when
 * the stream is bound ({@link StanzaHooks#streamBound}). Called from any thread; the filter orders its own calls.
 */
@FunctionalInterface
public interface OutboundFilter {

    void deliver(Element stanza, Consumer<Element> next);
}
