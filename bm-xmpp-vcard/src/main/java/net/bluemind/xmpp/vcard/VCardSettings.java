package net.bluemind.xmpp.vcard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import net.bluemind.xmpp.coreclient.BmIni;
import net.bluemind.xmpp.coreclient.CoreClientConfig;

/**
 * The {@code plugins.vcard} section.
 *
 * @param coreUrl        bm-core ({@code core-url}; default: the host of /etc/bm/bm.ini, port 8090, as the other plugins)
 * @param tokenFile      the admin API key file ({@code token-file}, default /etc/bm/bm-core.tok)
 * @param amqpUri        bm-mq, to drop cached cards on {@code user.*} events ({@code amqp-uri}; none: TTL only)
 * @param cacheTtl       how long a card is served without asking bm-core ({@code cache-ttl-seconds}, 300)
 * @param cacheSize      at most this many cards are kept ({@code cache-size}, 10000)
 * @param photoMaxPixels larger photos are scaled down to fit this square ({@code photo-max-pixels}, 256)
 * @param coreTimeout    the longest wait for bm-core per card ({@code core-timeout-ms}, 3000)
 */
public record VCardSettings(URI coreUrl, Path tokenFile, URI amqpUri, Duration cacheTtl, int cacheSize, int photoMaxPixels,
                            Duration coreTimeout) {

    private static final Set<String> KEYS = Set.of("core-url", "token-file", "amqp-uri", "cache-ttl-seconds", "cache-size",
            "photo-max-pixels", "core-timeout-ms");

    /** @throws IllegalArgumentException naming the setting */
    public static VCardSettings from(Map<String, Object> s) {
        for (String k : s.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "'; known: " + KEYS);
            }
        }
        Object core = s.get("core-url");
        if (core == null) {
            core = "http://" + BmIni.coreHost(BmIni.DEFAULT_PATH) + ":" + CoreClientConfig.CORE_PORT;
        }
        Object token = s.getOrDefault("token-file", CoreClientConfig.DEFAULT_TOKEN_FILE.toString());
        Object amqp = s.get("amqp-uri");
        return new VCardSettings(URI.create(core.toString()), Path.of(token.toString()), amqp == null ? null : URI.create(amqp.toString()),
                Duration.ofSeconds(positive(s, "cache-ttl-seconds", 300)), (int) positive(s, "cache-size", 10_000),
                (int) positive(s, "photo-max-pixels", 256), Duration.ofMillis(positive(s, "core-timeout-ms", 3_000)));
    }

    private static long positive(Map<String, Object> s, String key, long dflt) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.toString());
            if (n <= 0) {
                throw new IllegalArgumentException(key + " must be positive, not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    public CoreClientConfig clientConfig() {
        return CoreClientConfig.of(coreUrl, CoreClientConfig.readToken(tokenFile))
                .withTimeouts(Duration.ofSeconds(1), coreTimeout).withRetries(0, Duration.ofMillis(100));
    }
}
