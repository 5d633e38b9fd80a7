package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * What every stanza context has, whoever sent the stanza: the stanza, its addressee, the iq answers
 * built on {@link #reply} and routing through the router. A subclass says who sent it and how a
 * reply reaches the sender.
 */
abstract class AbstractStanzaContext implements StanzaContext {

    protected final Router router;
    protected final Element stanza;
    protected final Jid to;
    private final Route.Target target;
    private final Executor background;

    AbstractStanzaContext(Router router, Element stanza, Jid to, Route.Target target, Executor background) {
        this.router = router;
        this.stanza = stanza;
        this.to = to;
        this.target = target;
        this.background = background;
    }

    @Override
    public Element stanza() {
        return stanza;
    }

    @Override
    public Jid to() {
        return to;
    }

    @Override
    public Route.Target target() {
        return target;
    }

    @Override
    public void replyResult(Element payload) {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT)
                .attribute("id", stanza.attribute("id"))
                .attribute("type", "result");
        if (payload != null) {
            b.child(payload);
        }
        reply(b.build());
    }

    @Override
    public void replyError(StanzaError error) {
        if ("error".equals(stanza.attribute("type"))) {
            return;
        }
        reply(error.replyTo(stanza));
    }

    @Override
    public void route(Element routed) {
        router.routeFromServer(routed);
    }

    @Override
    public Executor background() {
        return background;
    }
}
