package net.bluemind.xmpp.server.hooks;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/** Error replies to a local client's stanza (RFC 6120 §8.3), for every feature on the stanza path. */
public final class Bounces {

    private Bounces() {
    }

    /** Sends the error reply for a stanza back to its sender, unless it was itself an error. */
    public static void bounce(ClientSession sender, Element stanza, StanzaError error) {
        if ("error".equals(stanza.attribute("type"))) {
            return;
        }
        sender.deliver(error.replyTo(stanza).withAttribute("to", sender.fullJidString()));
    }
}
