package net.bluemind.xmpp.server.hooks;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/**
 * What a client's stream offers the features that work on the stream itself rather than on stanzas (XEP-0352
 * client state, later others): its bound session, a way past the filters, and the filters themselves.
 */
public interface ClientStream {

    /** The session bound on this stream. */
    ClientSession session();

    /** Queues {@code element} for the client now, past every filter (a feature's answer, what a filter held back). */
    void send(Element element);

    /** Every stanza for this stream from now on passes {@code filter}, after the filters added before it. */
    void addFilter(OutboundFilter filter);

    /**
     * An element of a feature's namespace from the bound client ({@link StanzaHooks#addClientElement}); runs on the
     * stream's thread, in the client's order, and may throw a stream error.
     */
    @FunctionalInterface
    interface ElementHandler {
        void handle(ClientStream stream, Element element);
    }
}
