package net.bluemind.xmpp.server.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.sasl.ScramCredentialsFactory;
import net.bluemind.xmpp.spi.AccountAdministration;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.ScramCredentials;
import net.bluemind.xmpp.spi.VHostRepository;

/**
 * Accounts of the standalone mode: the directory file, plus optional generated accounts for load
 * tests. Follows BlueMind's rules so the engine behaves the same alone: the bare JID is the default
 * address, any other address of the account logs in to it, and chatting needs the {@code hasIM} role.
 *
 * <p>Administrators may add and delete accounts ({@link AccountAdministration}, XEP-0133). Those
 * changes live in memory until the server stops: the directory file is never rewritten, so a deleted
 * directory account is back after a restart and an added one is gone. Generated load-test accounts
 * cannot be added or deleted.
 */
public final class LocalAuthRepository implements AuthRepository, AccountAdministration {

    public static final String IM_ROLE = "hasIM";
    private static final Logger log = LoggerFactory.getLogger(LocalAuthRepository.class);
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256");

    private record Account(String bareJid, String password, boolean hasIm) {
    }

    private final VHostRepository vhosts;
    /** Every address (lower case) → its account. Changes take this object's lock; lookups take none. */
    private final Map<String, Account> byAddress = new ConcurrentHashMap<>();
    private final AuthConfig.GeneratedUsers generated;
    private final Map<String, ScramCredentials> scram = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public LocalAuthRepository(LocalDirectory directory, AuthConfig.GeneratedUsers generated, VHostRepository vhosts) {
        this.vhosts = vhosts;
        this.generated = generated != null && generated.count() > 0 ? generated : null;
        for (LocalDirectory.User u : directory.users()) {
            Account a = new Account(u.jid().toLowerCase(Locale.ROOT), u.password(), u.roles().contains(IM_ROLE));
            byAddress.put(a.bareJid(), a);
            for (String other : u.addresses()) {
                byAddress.put(other.toLowerCase(Locale.ROOT), a);
            }
        }
    }

    @Override
    public Set<String> mechanisms(String domain) {
        return MECHANISMS;
    }

    @Override
    public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection) {
        Account a = find(domain, username);
        if (a == null || !constantTimeEquals(a.password(), password)) {
            return done(AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, a == null ? "unknown account" : "wrong password"));
        }
        return done(allowed(a));
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(String domain, String username, String mechanism) {
        Account a = find(domain, username);
        if (a == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // Derived once per account and hash, on first use: PBKDF2 is slow on purpose.
        ScramCredentials c = scram.computeIfAbsent(mechanism + ' ' + a.bareJid(),
                k -> ScramCredentialsFactory.derive(mechanism, localPart(a.bareJid()), a.password(), random));
        return CompletableFuture.completedFuture(Optional.of(c));
    }

    @Override
    public CompletionStage<AuthResult> authorize(String domain, String username, ConnectionInfo connection) {
        Account a = find(domain, username);
        if (a == null) {
            return done(AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, "unknown account"));
        }
        return done(allowed(a));
    }

    @Override
    public CompletionStage<Optional<String>> account(String domain, String username) {
        Account a = find(domain, username);
        return done(a == null ? Optional.empty() : Optional.of(a.bareJid()));
    }

    @Override
    public CompletionStage<Boolean> userExists(String bareJid) {
        return CompletableFuture.completedFuture(find(null, bareJid) != null);
    }

    @Override
    public synchronized CompletionStage<Outcome> addAccount(String bareJid, String password) {
        String address = bareJid.toLowerCase(Locale.ROOT);
        String domain = address.substring(address.indexOf('@') + 1);
        if (!domain.equals(vhosts.canonical(domain))) {
            return done(Outcome.NOT_ALLOWED);
        }
        if (byAddress.containsKey(address) || generatedAccount(address) != null) {
            return done(Outcome.ALREADY_EXISTS);
        }
        // A verifier derived for an earlier account of that address must not outlive it.
        scram.keySet().removeIf(k -> k.endsWith(' ' + address));
        byAddress.put(address, new Account(address, password, true));
        log.debug("account {} added (in memory until restart)", address);
        return done(Outcome.DONE);
    }

    @Override
    public synchronized CompletionStage<Outcome> deleteAccount(String bareJid) {
        String address = bareJid.toLowerCase(Locale.ROOT);
        Account a = byAddress.get(address);
        if (a == null || !a.bareJid().equals(address)) {
            return done(generatedAccount(address) != null ? Outcome.NOT_ALLOWED : Outcome.NOT_FOUND);
        }
        byAddress.values().removeIf(other -> other == a);
        scram.keySet().removeIf(k -> k.endsWith(' ' + address));
        log.debug("account {} deleted (in memory until restart)", address);
        return done(Outcome.DONE);
    }

    private AuthResult allowed(Account a) {
        if (!a.hasIm()) {
            log.info("login refused for {}: the account lacks the {} (instant messaging) role", a.bareJid(), IM_ROLE);
            return AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, "missing the " + IM_ROLE + " role");
        }
        return AuthResult.success(a.bareJid());
    }

    /** The account for a login name: a whole address (any alias domain), or a local part on the stream's domain. */
    private Account find(String streamDomain, String username) {
        if (username == null || username.isEmpty()) {
            return null;
        }
        String u = username.toLowerCase(Locale.ROOT);
        int at = u.lastIndexOf('@');
        String address;
        if (at < 0) {
            if (streamDomain == null) {
                return null;
            }
            address = u + '@' + streamDomain;
        } else {
            String domain = vhosts.canonical(u.substring(at + 1));
            if (domain == null) {
                return null;
            }
            address = u.substring(0, at + 1) + domain;
        }
        Account a = byAddress.get(address);
        return a != null ? a : generatedAccount(address);
    }

    private Account generatedAccount(String address) {
        if (generated == null || !address.endsWith('@' + generated.domain()) || !address.startsWith(generated.prefix())) {
            return null;
        }
        String number = address.substring(generated.prefix().length(), address.indexOf('@'));
        try {
            int n = Integer.parseInt(number);
            if (n < 1 || n > generated.count() || !number.equals(Integer.toString(n))) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new Account(address, generated.password(), true);
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String localPart(String bareJid) {
        return bareJid.substring(0, bareJid.indexOf('@'));
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
