package net.bluemind.xmpp.server.caps;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionKey;

/**
 * A resource's entity capabilities as the server knows them: what it announced last, and the features
 * that stand for it. While a new announcement is being resolved the previous features still stand.
 *
 * @param announced the caps of the last available presence, or null when it carried none
 * @param features  the resource's disco#info features (empty when unknown)
 * @param resolved  whether {@code features} belong to {@code announced}
 */
public record SessionCaps(Caps announced, Set<String> features, boolean resolved) {

    /** Changed by compare-and-set: a presence and a disco answer may race on different threads. */
    static final SessionKey<AtomicReference<SessionCaps>> KEY = new SessionKey<>("entity-caps");

    public SessionCaps {
        features = Set.copyOf(features);
    }

    /** The features the resource is known to support (empty when it announced none or they are not known yet). */
    public static Set<String> featuresOf(ClientSession session) {
        AtomicReference<SessionCaps> ref = session.get(KEY);
        SessionCaps c = ref == null ? null : ref.get();
        return c == null ? Set.of() : c.features();
    }

    /** Whether the announced caps of the resource have been resolved into features. */
    public static boolean isResolved(ClientSession session) {
        AtomicReference<SessionCaps> ref = session.get(KEY);
        SessionCaps c = ref == null ? null : ref.get();
        return c != null && c.resolved();
    }
}
