package net.bluemind.xmpp.server.caps;

import net.bluemind.xmpp.xml.Element;

/**
 * What a resource announced in its presence (XEP-0115 {@code <c/>}): the software's node, the
 * verification string and the hash it was computed with (null for the legacy format, which has no hash).
 */
public record Caps(String node, String ver, String hash) {

    public static final String NS = "http://jabber.org/protocol/caps";

    /** The caps announced in a presence, or null when it has none (or an unusable one). */
    public static Caps of(Element presence) {
        Element c = presence.firstChild("c", NS);
        if (c == null) {
            return null;
        }
        String node = c.attribute("node");
        String ver = c.attribute("ver");
        if (node == null || node.isEmpty() || ver == null || ver.isEmpty()) {
            return null;
        }
        return new Caps(node, ver, c.attribute("hash"));
    }

    /** Whether the ver is a hash of the features (XEP-0115 v1.5), which may then be verified and shared. */
    public boolean hashed() {
        return hash != null;
    }

    /** The key of the globally cached features (only for verified hashes). */
    String cacheKey() {
        return hash + ' ' + ver;
    }

    /** The disco node to ask for the features: node#ver. */
    String discoNode() {
        return node + '#' + ver;
    }
}
