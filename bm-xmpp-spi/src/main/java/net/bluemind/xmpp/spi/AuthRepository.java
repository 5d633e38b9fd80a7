package net.bluemind.xmpp.spi;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Who may log in, and with what (Tigase's {@code AuthRepository}).
 *
 * <p>Every method may reach another system: answers are asynchronous, and the engine never blocks an
 * event loop waiting for one. Implementations must complete every stage (with a failure when their
 * backend is down) within their own timeout.
 */
public interface AuthRepository {

    /** The SASL mechanisms this repository can serve for a domain, e.g. PLAIN, SCRAM-SHA-256. */
    Set<String> mechanisms(String domain);

    /**
     * Checks a password (SASL PLAIN).
     *
     * @param domain   the served domain of the stream (canonical name)
     * @param username the authentication identity as the client sent it: a local part or a whole address
     * @param password the password, or a token the backend accepts as one
     */
    CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection);

    /**
     * The stored SCRAM verifiers of an account, for SCRAM-SHA-1 / SCRAM-SHA-256 ({@code mechanism} is the
     * hash name, "SHA-1" or "SHA-256"). Empty when the account is unknown or has no verifier for it.
     */
    default CompletionStage<Optional<ScramCredentials>> scramCredentials(String domain, String username, String mechanism) {
        return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * Confirms that an account authenticated by SCRAM may log in now, and gives its bare JID (the
     * default address, with the account's canonical local part).
     */
    default CompletionStage<AuthResult> authorize(String domain, String username, ConnectionInfo connection) {
        return java.util.concurrent.CompletableFuture.completedFuture(
                AuthResult.failure(AuthResult.Failure.NOT_AUTHORIZED, "SCRAM not supported"));
    }

    /**
     * The account a login name designates, whatever the password: its bare JID (the default address),
     * for any of the account's addresses, on the domain or an alias, in any case; empty when no account
     * has that name. The engine counts failed logins per account with it, so that a lockout holds under
     * every name of the account, and checks the lockout before any credential is verified.
     *
     * <p>Called for every login attempt before {@link #verifyPassword} or {@link #scramCredentials}: it must
     * check no credential and cost no more than the lookups those make anyway (share their cache). A
     * repository that cannot tell leaves the default: failures are then counted per name as typed.
     *
     * @param domain   the served domain of the stream (canonical name)
     * @param username the authentication identity as the client sent it
     */
    default CompletionStage<Optional<String>> account(String domain, String username) {
        return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    }

    /** Whether an account exists, for routing (stanzas to unknown users get an error). */
    CompletionStage<Boolean> userExists(String bareJid);

    /** What the engine knows of the connection that asks, for logs and throttling. */
    record ConnectionInfo(String connectionId, String remoteAddress, boolean secure) {
    }
}
