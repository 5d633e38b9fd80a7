package net.bluemind.xmpp.server.jid;

import org.jxmpp.JxmppContext;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Parsing JIDs that come from the network (RFC 7622). {@link #install()} makes {@link PrecisJidPrep}
 * jxmpp's preparation for the whole process: jxmpp keeps its caches of prepared parts and JIDs
 * process-wide, whatever the context, so a JID must be prepared one way everywhere or a lax entry in a
 * cache could answer a strict lookup. {@link #parse} uses the same preparation explicitly and skips
 * those caches (100 entries each, mostly misses for 50,000 users anyway), so routing is strict even
 * where nothing installed it (a unit test) or a JID was cached before.
 */
public final class Jids {

    private static final JxmppContext STRICT = JxmppContext.builder().withXmppStringprep(PrecisJidPrep.INSTANCE).build();
    /**
     * The last JIDs parsed, one per slot of a direct-mapped table: routing parses the same few addresses again and
     * again (a conversation's two parties), and a hit costs no allocation and no preparation. Lock-free: a slot
     * holds an immutable pair, replaced whole; a race only costs a miss. Parsing is deterministic, so a cached answer
     * is the answer.
     */
    private static final Parsed[] RECENT = new Parsed[8192];

    private record Parsed(String raw, Jid jid) {
    }

    private Jids() {
    }

    /** Called by the composition root before anything parses a JID. */
    public static void install() {
        JxmppContext.setDefaultXmppStringprep(PrecisJidPrep.INSTANCE);
    }

    /** The JID, or null when {@code s} is absent, empty or not a valid JID (RFC 7622 §3). */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int slot = (s.hashCode() ^ s.hashCode() >>> 16) & (RECENT.length - 1);
        Parsed recent = RECENT[slot];
        if (recent != null && recent.raw().equals(s)) {
            return recent.jid();
        }
        Jid jid;
        try {
            jid = JidCreate.from(s, STRICT);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
        RECENT[slot] = new Parsed(s, jid);
        return jid;
    }
}
