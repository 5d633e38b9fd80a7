package net.bluemind.xmpp.spi;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/** What a processor gets with a stanza: the stanza, who sent it, who it is for, and how to answer. */
public interface StanzaContext {

    /** The stanza, with {@code from} already stamped by the server. */
    Element stanza();

    /** The sender's full JID (stamped; a client cannot forge it). */
    EntityFullJid from();

    /** The addressee; for a stanza without {@code to}, the sender's bare JID. */
    Jid to();

    Route.Target target();

    /** Whether the sender is a server administrator. */
    boolean senderIsAdmin();

    /** Sends a stanza to the sender, from the addressee of the stanza being processed. */
    void reply(Element stanza);

    /** Answers an iq get/set with a result holding {@code payload} (null for an empty result). */
    void replyResult(Element payload);

    /** Answers with a stanza error (never to a stanza of type error). */
    void replyError(StanzaError error);

    /** Routes a stanza built by the processor, as any stanza is routed. */
    void route(Element stanza);

    /** For work that waits on another system. Bounded: it may reject work when full. */
    Executor background();
}
