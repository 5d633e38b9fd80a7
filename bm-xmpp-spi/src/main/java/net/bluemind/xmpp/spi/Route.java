package net.bluemind.xmpp.spi;

import java.util.Set;

/**
 * Which stanzas a processor takes: the stanza's name, the name and namespace of its payload (the
 * first child element; an iq has exactly one), and the kinds of addressee.
 *
 * @param stanza           "iq", "message" or "presence"
 * @param payloadName      the payload element's local name, or null for any name in the namespace
 * @param payloadNamespace the payload's namespace
 * @param targets          the addressees it answers for
 */
public record Route(String stanza, String payloadName, String payloadNamespace, Set<Target> targets) {

    /** What the stanza is addressed to, seen from the server. */
    public enum Target {
        /** The server itself: {@code to} is a served domain. */
        SERVER,
        /** The sender's own account: no {@code to}, or the sender's bare JID. */
        SELF,
        /** Another local account's bare JID; the server answers on its behalf (RFC 6121 §8.5.2.1.3). */
        ACCOUNT
    }

    public Route {
        targets = Set.copyOf(targets);
    }

    public static Route iq(String payloadName, String payloadNamespace, Target... targets) {
        return new Route("iq", payloadName, payloadNamespace, Set.of(targets));
    }
}
