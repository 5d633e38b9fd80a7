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
    /**
     * One DRBG per thread: unpredictable like any SecureRandom, but computed in memory, where the
     * default NativePRNG reads /dev/urandom under a lock for every id (measured: 5% of the message path).
     */
    private static final ThreadLocal<RandomBits> RANDOM = ThreadLocal.withInitial(RandomBits::new);

    /** Random bits drawn from the DRBG a block at a time: one generator call serves many ids. */
    private static final class RandomBits {
        private final SecureRandom random = newRandom();
        private final java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(240).position(240);

        long nextLong() {
            if (block.remaining() < Long.BYTES) {
                random.nextBytes(block.array());
                block.clear();
            }
            return block.getLong();
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

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

    /** A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. */
    public static String newId() {
        RandomBits r = RANDOM.get();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
