package net.bluemind.xmpp.server.hooks;

import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/** A message a local client sent, as {@link StanzaHooks#messageSent} sees it, whether it goes to a local user or not. */
public interface OutgoingMessage {

    /** The local session that sent it. */
    ClientSession sender();

    /** The message as sent ({@code from} stamped). */
    Element message();

    /** Its addressee as the sender wrote it, with the canonical domain. */
    Jid to();
}
