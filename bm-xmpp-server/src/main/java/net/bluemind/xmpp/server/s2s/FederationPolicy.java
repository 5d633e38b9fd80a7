package net.bluemind.xmpp.server.s2s;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import net.bluemind.xmpp.server.config.S2sConfig;

/** Who may federate with whom: the {@code s2s} section's switches and allow/deny lists. */
final class FederationPolicy {

    private final Set<String> disabledLocal;
    private final Set<String> allow;
    private final Set<String> deny;
    private final boolean strict;

    FederationPolicy(S2sConfig config) {
        this.disabledLocal = lower(config.disabledDomains());
        this.allow = lower(config.allow());
        this.deny = lower(config.deny());
        this.strict = config.strict();
    }

    private static Set<String> lower(java.util.List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the served domain takes part in federation. */
    boolean localEnabled(String localDomain) {
        return !disabledLocal.contains(localDomain.toLowerCase(Locale.ROOT));
    }

    /** Whether we talk to that remote domain at all (both directions). */
    boolean remoteAllowed(String remoteDomain) {
        String d = remoteDomain.toLowerCase(Locale.ROOT);
        return !deny.contains(d) && (allow.isEmpty() || allow.contains(d));
    }

    boolean allows(String localDomain, String remoteDomain) {
        return localEnabled(localDomain) && remoteAllowed(remoteDomain);
    }

    /** SASL EXTERNAL only: no Server Dialback in either direction. */
    boolean strict() {
        return strict;
    }
}
