package net.bluemind.xmpp.server.stanzaid;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaContext;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0359 unique and stable stanza ids: every message for a local user gets a
 * {@code <stanza-id by='user@domain'/>} from the user's account, the id later archives and clients refer
 * to it by. Ids are UUIDs of version 7: time-ordered (so an archive keeps them in order) with 74 random
 * bits (so nobody guesses another's). A stanza-id the sender put in with the same {@code by} is a
 * forgery and is removed (§4); the {@code <origin-id/>} is the sender's and stays.
 *
 * <p>A processor only for the disco feature it gives accounts: it handles no stanza.
 */
public final class StanzaIds implements StanzaProcessor {

    public static final String NS = "urn:xmpp:sid:0";
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    @Override
    public String id() {
        return "stanza-id";
    }

    @Override
    public List<Route> routes() {
        return List.of();
    }

    @Override
    public Set<String> discoFeatures(Route.Target target) {
        return target == Route.Target.SERVER ? Set.of() : Set.of(NS);
    }

    @Override
    public void process(StanzaContext context) {
        throw new IllegalStateException("stanza ids route no stanza");
    }

    /** The message as {@code recipient} gets it: a new stanza id by the recipient's account, forged ones gone. */
    public Element stamp(Element message, EntityBareJid recipient) {
        Element.Builder b = Element.builder(message.name(), message.namespace());
        for (int i = 0; i < message.attributeCount(); i++) {
            b.attribute(message.attributeName(i), message.attributeValue(i));
        }
        for (int i = 0; i < message.childCount(); i++) {
            Object c = message.child(i);
            if (c instanceof Element e) {
                if (!(e.is("stanza-id", NS) && sameEntity(e.attribute("by"), recipient))) {
                    b.child(e);
                }
            } else {
                b.text((String) c);
            }
        }
        return b.child(Element.builder("stanza-id", NS)
                .attribute("id", newId())
                .attribute("by", recipient.toString())
                .build()).build();
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

    /** A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. */
    static String newId() {
        SecureRandom r = RANDOM.get();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
