package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.xml.Element;

/** The context of a request from another server's user: answers go back over federation. */
final class RemoteStanzaContext extends AbstractStanzaContext {

    private final EntityFullJid from;

    RemoteStanzaContext(Router router, Element stanza, EntityFullJid from, Jid to, Route.Target target, Executor background) {
        super(router, stanza, to, target, background);
        this.from = from;
    }

    @Override
    public EntityFullJid from() {
        return from;
    }

    @Override
    public boolean senderIsAdmin() {
        return false;
    }

    @Override
    public void reply(Element reply) {
        router.remote().route(reply.withAddresses(to.toString(), from.toString()));
    }
}
