package net.bluemind.xmpp.server.sasl;

import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.ScramCredentials;

/** An account table in memory for the tests; answers on another thread when {@code async} is set. */
final class InMemoryAuthRepository implements AuthRepository {

    static final String DOMAIN = "example.com";

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, ScramCredentials> scram = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    volatile Set<String> mechanisms = new LinkedHashSet<>(Set.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"));
    volatile boolean async;
    /** When set, every call's stage completes exceptionally with it. */
    volatile RuntimeException failure;
    /** When set, only authorize() fails with it. */
    volatile RuntimeException authorizeFailure;

    InMemoryAuthRepository addUser(String user, String password) {
        SecureRandom random = new SecureRandom();
        passwords.put(key(user), password);
        for (String hash : new String[] { "SHA-1", "SHA-256" }) {
            scram.put(key(user) + "/" + hash, ScramCredentialsFactory.derive(hash, user, password, random));
        }
        return this;
    }

    InMemoryAuthRepository addUser(String user, String password, byte[] salt, int iterations) {
        passwords.put(key(user), password);
        for (String hash : new String[] { "SHA-1", "SHA-256" }) {
            scram.put(key(user) + "/" + hash, ScramCredentialsFactory.derive(hash, user, password, salt, iterations));
        }
        return this;
    }

    /** A second login name for an account, as a directory may have. */
    InMemoryAuthRepository addAlias(String alias, String user) {
        aliases.put(key(alias), key(user));
        return this;
    }

    InMemoryAuthRepository disable(String user) {
        disabled.add(key(user));
        return this;
    }

    private String canonical(String username) {
        String local = username;
        int at = local.indexOf('@');
        if (at >= 0) {
            local = local.substring(0, at);
        }
        return aliases.getOrDefault(key(local), key(local));
    }

    private static String key(String user) {
        return user.toLowerCase(Locale.ROOT);
    }

    private <T> CompletionStage<T> answer(Supplier<T> supplier) {
        RuntimeException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        return async ? CompletableFuture.supplyAsync(supplier) : CompletableFuture.completedFuture(supplier.get());
    }

    @Override
    public Set<String> mechanisms(String domain) {
        return DOMAIN.equals(domain) ? mechanisms : Set.of();
    }

    @Override
    public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection) {
        return answer(() -> {
            String user = canonical(username);
            String expected = passwords.get(user);
            if (expected == null || !expected.equals(password)) {
                return AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, "bad credentials");
            }
            return disabled.contains(user) ? AuthResult.failure(AuthResult.Failure.ACCOUNT_DISABLED, "disabled")
                    : AuthResult.success(user + "@" + domain);
        });
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(String domain, String username, String mechanism) {
        return answer(() -> Optional.ofNullable(scram.get(canonical(username) + "/" + mechanism)));
    }

    @Override
    public CompletionStage<AuthResult> authorize(String domain, String username, ConnectionInfo connection) {
        RuntimeException f = authorizeFailure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        return answer(() -> {
            String user = canonical(username);
            if (!passwords.containsKey(user)) {
                return AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, "unknown");
            }
            return disabled.contains(user) ? AuthResult.failure(AuthResult.Failure.ACCOUNT_DISABLED, "disabled")
                    : AuthResult.success(user + "@" + domain);
        });
    }

    @Override
    public CompletionStage<Boolean> userExists(String bareJid) {
        return answer(() -> passwords.containsKey(canonical(bareJid)));
    }
}
