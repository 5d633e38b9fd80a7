package net.bluemind.xmpp.spi;

import java.util.Set;

/**
 * The live set of served XMPP domains (Tigase's VHost repository): each domain with its aliases.
 * The set may change while the server runs; listeners hear of every change.
 */
public interface VHostRepository {

    /** The served domains (canonical names, lower case). */
    Set<VHost> vhosts();

    /** The canonical domain for a name or alias (any case), or null when it is not served. */
    String canonical(String domainOrAlias);

    default boolean isServed(String domainOrAlias) {
        return canonical(domainOrAlias) != null;
    }

    void addListener(VHostListener listener);

    /** One served domain. */
    record VHost(String domain, Set<String> aliases) {
        public VHost {
            aliases = Set.copyOf(aliases);
        }
    }
}
