package net.bluemind.xmpp.server.config;

/**
 * Caps on connections ({@code limits.connections}), for every listener, client and server alike. A
 * connection over a cap is closed right after it was accepted, before anything is read from it.
 *
 * @param maxUnauthenticatedPerIp connections from one address (an IPv6 /64) not yet authenticated
 * @param maxUnauthenticated      connections not yet authenticated, all addresses together
 * @param maxTotal                all accepted connections; 0 derives it from the process's open-file limit
 *                                (see {@code limits.OpenFileLimit})
 */
public record ConnectionLimitsConfig(Integer maxUnauthenticatedPerIp, Integer maxUnauthenticated, Integer maxTotal) {

    public ConnectionLimitsConfig {
        maxUnauthenticatedPerIp = maxUnauthenticatedPerIp == null ? 2_000 : maxUnauthenticatedPerIp;
        maxUnauthenticated = maxUnauthenticated == null ? 10_000 : maxUnauthenticated;
        maxTotal = maxTotal == null ? 0 : maxTotal;
    }

    public static ConnectionLimitsConfig defaults() {
        return new ConnectionLimitsConfig(null, null, null);
    }
}
