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
        try {
            return JidCreate.from(s, STRICT);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}
