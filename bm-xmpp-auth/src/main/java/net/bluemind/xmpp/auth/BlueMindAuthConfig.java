package net.bluemind.xmpp.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import net.bluemind.xmpp.coreclient.BmIni;
import net.bluemind.xmpp.coreclient.CoreClientConfig;

/**
 * How {@link BlueMindAuthRepository} reaches bm-core and how long it trusts what it learnt.
 *
 * @param coreUrl        bm-core's base URL ({@code http://host:8090})
 * @param tokenFile      the one-line admin API key file
 * @param connectTimeout TCP connect limit of one call
 * @param readTimeout    answer limit of one call
 * @param authTimeout    limit for a whole login check (every call it needs, retries included); past it the
 *                       login is answered {@code temporary-auth-failure}
 * @param cacheTtl       how long user, role and domain-settings lookups are reused
 * @param cacheSize      the most entries each lookup cache keeps
 */
public record BlueMindAuthConfig(URI coreUrl, Path tokenFile, Duration connectTimeout, Duration readTimeout,
                                 Duration authTimeout, Duration cacheTtl, int cacheSize) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(8);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    public BlueMindAuthConfig {
        Objects.requireNonNull(coreUrl, "coreUrl");
        Objects.requireNonNull(tokenFile, "tokenFile");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(authTimeout, "authTimeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative");
        }
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1");
        }
    }

    /** A BlueMind host's settings: the core host of {@code /etc/bm/bm.ini}, the token of {@code /etc/bm/bm-core.tok}. */
    public static BlueMindAuthConfig fromBlueMindHost() {
        URI core = URI.create("http://" + BmIni.coreHost(BmIni.DEFAULT_PATH) + ":" + CoreClientConfig.CORE_PORT);
        return of(core, CoreClientConfig.DEFAULT_TOKEN_FILE);
    }

    /** The default timeouts and cache for a given core and token file. */
    public static BlueMindAuthConfig of(URI coreUrl, Path tokenFile) {
        return new BlueMindAuthConfig(coreUrl, tokenFile, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_AUTH_TIMEOUT, DEFAULT_CACHE_TTL, DEFAULT_CACHE_SIZE);
    }

    public BlueMindAuthConfig withTimeouts(Duration connect, Duration read, Duration auth) {
        return new BlueMindAuthConfig(coreUrl, tokenFile, connect, read, auth, cacheTtl, cacheSize);
    }

    public BlueMindAuthConfig withCache(Duration ttl, int size) {
        return new BlueMindAuthConfig(coreUrl, tokenFile, connectTimeout, readTimeout, authTimeout, ttl, size);
    }

    /** The client settings, reading the token file now. */
    public CoreClientConfig clientConfig() {
        return CoreClientConfig.of(coreUrl, CoreClientConfig.readToken(tokenFile))
                .withTimeouts(connectTimeout, readTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
