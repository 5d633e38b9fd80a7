package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/** The context of one stanza from a local client, handed to the processor that takes it. */
final class StanzaContextImpl implements StanzaContext {

    private final Router router;
    private final ClientSession sender;
    private final Element stanza;
    private final Jid to;
    private final Route.Target target;
    private final Executor background;

    StanzaContextImpl(Router router, ClientSession sender, Element stanza, Jid to, Route.Target target, Executor background) {
        this.router = router;
        this.sender = sender;
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
    public EntityFullJid from() {
        return sender.fullJid();
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
        return sender.isAdmin();
    }

    @Override
    public void reply(Element reply) {
        sender.deliver(reply.withAddresses(replyFrom(), sender.fullJidString()));
    }

    /** Replies to a stanza the client sent without {@code to} come from its bare JID, as if it had named it. */
    private String replyFrom() {
        return stanza.attribute("to") == null ? null : to.toString();
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
