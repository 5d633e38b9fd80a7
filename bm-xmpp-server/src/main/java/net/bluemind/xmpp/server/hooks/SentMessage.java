package net.bluemind.xmpp.server.hooks;

import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;

/**
 * A message a local client sent to another server's user, as {@link StanzaHooks#messageSent} and
 * {@link StanzaHooks#messageToRemote} see it.
 *
 * @param message {@code from} stamped
 * @param to      the addressee
 */
public record SentMessage(ClientSession sender, Element message, Jid to) implements OutgoingMessage {
}
