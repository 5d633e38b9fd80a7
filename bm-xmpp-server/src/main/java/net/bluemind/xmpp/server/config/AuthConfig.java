package net.bluemind.xmpp.server.config;

import java.nio.file.Path;

/**
 * @param repository             {@code local}: accounts from a directory file (standalone and demo); any
 *                               other name selects a plugin's repository ({@code bluemind}: bm-xmpp-auth)
 * @param local                  settings of the local repository
 * @param throttle               brute-force protection
 * @param maxAttemptsPerConnection SASL attempts allowed on one connection before it is closed
 * @param settings               the plugin repository's own settings, which it checks itself
 */
public record AuthConfig(String repository, LocalAuthConfig local, ThrottleConfig throttle, Integer maxAttemptsPerConnection,
                         java.util.Map<String, Object> settings) {

    public AuthConfig {
        repository = repository == null ? "local" : repository;
        local = local == null ? new LocalAuthConfig(null, null) : local;
        throttle = throttle == null ? new ThrottleConfig(null, null, null) : throttle;
        maxAttemptsPerConnection = maxAttemptsPerConnection == null ? 3 : maxAttemptsPerConnection;
        settings = settings == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    public AuthConfig(String repository, LocalAuthConfig local, ThrottleConfig throttle, Integer maxAttemptsPerConnection) {
        this(repository, local, throttle, maxAttemptsPerConnection, null);
    }

    public AuthConfig withThrottle(ThrottleConfig t) {
        return new AuthConfig(repository, local, t, maxAttemptsPerConnection, settings);
    }

    /**
     * @param directory the directory file (domains' users, passwords, roles)
     * @param generated optional generated accounts for load tests
     */
    public record LocalAuthConfig(Path directory, GeneratedUsers generated) {
    }

    /**
     * Accounts {@code <prefix><n>@<domain>} for n in 1..count, all with the same password: for the load generator.
     */
    public record GeneratedUsers(String domain, String prefix, Integer count, String password) {
        public GeneratedUsers {
            prefix = prefix == null ? "user" : prefix;
            count = count == null ? 0 : count;
        }
    }

    /**
     * After {@code maxFailuresPerIp} failed logins from one address, or {@code maxFailuresPerAccount} on
     * one account, within {@code windowSeconds}, further attempts are refused with
     * {@code temporary-auth-failure} until the window has passed.
     */
    public record ThrottleConfig(Integer maxFailuresPerIp, Integer maxFailuresPerAccount, Integer windowSeconds) {
        public ThrottleConfig {
            maxFailuresPerIp = maxFailuresPerIp == null ? 20 : maxFailuresPerIp;
            maxFailuresPerAccount = maxFailuresPerAccount == null ? 5 : maxFailuresPerAccount;
            windowSeconds = windowSeconds == null ? 300 : windowSeconds;
        }
    }
}
