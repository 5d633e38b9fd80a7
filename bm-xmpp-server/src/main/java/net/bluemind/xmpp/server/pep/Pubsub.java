package net.bluemind.xmpp.server.pep;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The XEP-0060 namespaces and the pubsub features this PEP service has (XEP-0060 §10, XEP-0163 §8). */
final class Pubsub {

    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String EVENT = NS + "#event";
    static final String OWNER = NS + "#owner";
    static final String ERRORS = NS + "#errors";
    static final String NODE_CONFIG = NS + "#node_config";
    static final String PUBLISH_OPTIONS = NS + "#publish-options";
    static final String META_DATA = NS + "#meta-data";
    static final String DELAY = "urn:xmpp:delay";

    /** What the service does, each advertised as {@code NS#name}. */
    private static final List<String> FEATURES = List.of(
            "publish", "publish-options", "auto-create", "create-nodes", "create-and-configure",
            "retrieve-items", "item-ids", "multi-items", "persistent-items", "last-published",
            "retract-items", "delete-items", "delete-nodes",
            "config-node", "config-node-max", "retrieve-default",
            "access-presence", "access-open", "access-whitelist",
            "auto-subscribe", "filtered-notifications", "presence-notifications");

    private Pubsub() {
    }

    /** The disco#info features of an account's PEP service. */
    static Set<String> discoFeatures() {
        Set<String> out = new LinkedHashSet<>();
        out.add(NS);
        for (String f : FEATURES) {
            out.add(NS + '#' + f);
        }
        return out;
    }
}
