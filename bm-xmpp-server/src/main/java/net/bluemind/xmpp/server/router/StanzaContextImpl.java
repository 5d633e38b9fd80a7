package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.Receipt;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.xml.Element;

/** The context of one stanza from a local client, handed to the processor that takes it. */
final class StanzaContextImpl extends AbstractStanzaContext {

    private final ClientSession sender;
    /** An iq set changes stored state: the client's stanza counts as handled once answered (after the change). */
    private Receipt receipt;

    StanzaContextImpl(Router router, ClientSession sender, Element stanza, Jid to, Route.Target target, Executor background) {
        super(router, stanza, to, target, background);
        this.sender = sender;
        this.receipt = "set".equals(stanza.attribute("type")) ? sender.receipt().hold() : Receipt.NONE;
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
        Receipt r;
        synchronized (this) {
            r = receipt;
            receipt = Receipt.NONE;
        }
        r.release();
    }

    /** Replies to a stanza the client sent without {@code to} come from its bare JID, as if it had named it. */
    private String replyFrom() {
        return stanza.attribute("to") == null ? null : to.toString();
    }
}
