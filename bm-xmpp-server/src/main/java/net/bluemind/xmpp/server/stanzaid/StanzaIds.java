package net.bluemind.xmpp.server.stanzaid;

import java.util.EnumSet;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.hooks.StanzaIdentifiers;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0359 unique and stable stanza ids: every message for a local user gets a
 * {@code <stanza-id by='user@domain'/>} from the user's account, the id later archives and clients refer
 * to it by (the one {@link StanzaIdentifiers} gave the message when it was routed). A stanza-id the sender put
 * in with the same {@code by} is a forgery and is removed (§4); the {@code <origin-id/>} is the sender's and stays.
 */
public final class StanzaIds {

    public static final String NS = "urn:xmpp:sid:0";
    static final int PRIORITY = 100;

    /** Stamps every message on its way to a local user; announces the feature on accounts. */
    public void attach(StanzaHooks hooks) {
        hooks.messageToLocal.add(PRIORITY, "stanza-id", m -> {
            m.stanza(stamp(m.stanza(), m.recipient(), m.stanzaId()));
            return false;
        });
        hooks.addDiscoFeature(NS, EnumSet.of(Route.Target.SELF, Route.Target.ACCOUNT));
    }

    /** The message as {@code recipient} gets it: a new stanza id by the recipient's account, forged ones gone. */
    public Element stamp(Element message, EntityBareJid recipient) {
        return stamp(message, recipient, newId());
    }

    /** The message as {@code recipient} gets it, with the given stanza id (the one its archive keeps). */
    public Element stamp(Element message, EntityBareJid recipient, String stanzaId) {
        Element id = Element.builder("stanza-id", NS).attribute("id", stanzaId).attribute("by", recipient.toString()).build();
        return message.withoutChildren(e -> e.is("stanza-id", NS) && sameEntity(e.attribute("by"), recipient)).withChild(id);
    }

    private static boolean sameEntity(String by, EntityBareJid recipient) {
        if (by == null) {
            return false;
        }
        try {
            Jid j = JidCreate.from(by);
            return j.equals(recipient);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A new id (a version 7 UUID). */
    public static String newId() {
        return StanzaIdentifiers.next();
    }
}
