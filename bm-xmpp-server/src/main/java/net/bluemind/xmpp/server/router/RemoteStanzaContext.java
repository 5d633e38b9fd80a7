package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/** The context of a request from another server's user: answers go back over federation. */
final class RemoteStanzaContext implements StanzaContext {

    private final Router router;
    private final Element stanza;
    private final EntityFullJid from;
    private final Jid to;
    private final Route.Target target;
    private final Executor background;

    RemoteStanzaContext(Router router, Element stanza, EntityFullJid from, Jid to, Route.Target target, Executor background) {
        this.router = router;
        this.stanza = stanza;
        this.from = from;
        this.to = to;
        this.target = target;
        this.background = background;
    }

    @Override
    public Element stanza() {
        return stanza;
    }

    @Override
    public EntityFullJid from() {
        return from;
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
    public boolean senderIsAdmin() {
        return false;
    }

    @Override
    public void reply(Element reply) {
        router.remote().route(reply.withAddresses(to.toString(), from.toString()));
    }

    @Override
    public void replyResult(Element payload) {
        Element.Builder b = Element.builder("iq", Namespaces.CLIENT).attribute("id", stanza.attribute("id")).attribute("type", "result");
        if (payload != null) {
            b.child(payload);
        }
        reply(b.build());
    }

    @Override
    public void replyError(StanzaError error) {
        if (!"error".equals(stanza.attribute("type"))) {
            reply(error.replyTo(stanza));
        }
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
