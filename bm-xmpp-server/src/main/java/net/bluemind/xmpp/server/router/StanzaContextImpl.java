package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.xml.Element;

/** The context of one stanza from a local client, handed to the processor that takes it. */
final class StanzaContextImpl extends AbstractStanzaContext {

    private final ClientSession sender;

    StanzaContextImpl(Router router, ClientSession sender, Element stanza, Jid to, Route.Target target, Executor background) {
        super(router, stanza, to, target, background);
        this.sender = sender;
    }

    @Override
    public EntityFullJid from() {
        return sender.fullJid();
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
}
