package net.bluemind.xmpp.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Federation (server-to-server, RFC 6120 on port 5269). The listener itself is a {@code type: s2s}
 * entry of {@code listeners}; this section says who we talk to and how.
 *
 * @param enabled                whether stanzas to other domains go out (and streams from them come in)
 * @param disabledDomains        served domains that do not federate although {@code enabled} is true
 * @param connectTimeoutSeconds  how long resolving, connecting and authenticating an outgoing stream may take;
 *                               stanzas waiting for it then bounce with remote-server-timeout
 * @param idleTimeoutSeconds     a stream with no traffic for this long is closed
 * @param routes                 static routes, {@code domain: host:port}, used before DNS (tests, proxies)
 * @param caFile                 PEM certificates trusted for peers, besides the JDK's trust store
 * @param certificateValidation  {@code dialback-allowed}: SASL EXTERNAL when the peer's certificate is valid,
 *                               else Server Dialback; {@code strict}: SASL EXTERNAL only
 * @param allow                  remote domains allowed (empty: all but those denied)
 * @param deny                   remote domains refused
 * @param dialbackSecret         the secret dialback keys derive from (XEP-0185); random at start when absent;
 *                               must be the same on every node serving the same domains
 * @param maxQueuedStanzas       stanzas held per remote domain while its stream is set up (or while the other
 *                               server does not read)
 * @param maxQueuedBytes         the same in bytes; default 4 MiB. Past either, stanzas to that domain bounce with
 *                               resource-constraint
 */
public record S2sConfig(Boolean enabled, List<String> disabledDomains, Integer connectTimeoutSeconds, Integer idleTimeoutSeconds,
                        Map<String, String> routes, Path caFile, String certificateValidation, List<String> allow, List<String> deny,
                        String dialbackSecret, Integer maxQueuedStanzas, Integer maxQueuedBytes) {

    public static final String STRICT = "strict";
    public static final String DIALBACK_ALLOWED = "dialback-allowed";

    public S2sConfig {
        enabled = enabled != null && enabled;
        disabledDomains = disabledDomains == null ? List.of() : List.copyOf(disabledDomains);
        connectTimeoutSeconds = connectTimeoutSeconds == null ? 15 : connectTimeoutSeconds;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 600 : idleTimeoutSeconds;
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        certificateValidation = certificateValidation == null ? DIALBACK_ALLOWED : certificateValidation;
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
        maxQueuedStanzas = maxQueuedStanzas == null ? 1000 : maxQueuedStanzas;
        maxQueuedBytes = maxQueuedBytes == null ? 4 << 20 : maxQueuedBytes;
    }

    /** Without a byte limit on the queues (the shape before it existed): the default limit. */
    public S2sConfig(Boolean enabled, List<String> disabledDomains, Integer connectTimeoutSeconds, Integer idleTimeoutSeconds,
                     Map<String, String> routes, Path caFile, String certificateValidation, List<String> allow, List<String> deny,
                     String dialbackSecret, Integer maxQueuedStanzas) {
        this(enabled, disabledDomains, connectTimeoutSeconds, idleTimeoutSeconds, routes, caFile, certificateValidation, allow, deny,
                dialbackSecret, maxQueuedStanzas, null);
    }

    public static S2sConfig disabled() {
        return new S2sConfig(false, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean strict() {
        return STRICT.equals(certificateValidation);
    }

    public S2sConfig withCaFile(Path file) {
        return new S2sConfig(enabled, disabledDomains, connectTimeoutSeconds, idleTimeoutSeconds, routes, file, certificateValidation,
                allow, deny, dialbackSecret, maxQueuedStanzas, maxQueuedBytes);
    }

    /** With one more static route (the demo's command line). */
    public S2sConfig withRoute(String domain, String hostPort) {
        Map<String, String> more = new java.util.LinkedHashMap<>(routes);
        more.put(domain, hostPort);
        return new S2sConfig(enabled, disabledDomains, connectTimeoutSeconds, idleTimeoutSeconds, more, caFile, certificateValidation,
                allow, deny, dialbackSecret, maxQueuedStanzas, maxQueuedBytes);
    }
}
