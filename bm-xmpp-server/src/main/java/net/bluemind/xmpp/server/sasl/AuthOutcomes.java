package net.bluemind.xmpp.server.sasl;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import net.bluemind.xmpp.spi.AuthResult;

/** Turns the repository's answers into the last step of an exchange, the same way for every mechanism. */
final class AuthOutcomes {

    private AuthOutcomes() {
    }

    /**
     * The step for a repository verdict. A requested authorization identity must name the account that
     * authenticated: this server has no proxy authorization.
     *
     * @param authzid        what the client asked to act as, or null
     * @param additionalData data for the {@code <success/>}, or null
     */
    static SaslStep fromResult(AuthResult result, String authzid, String username, String domain, byte[] additionalData) {
        if (result == null) {
            return new SaslStep.Failure("temporary-auth-failure", "repository answered nothing for " + username);
        }
        if (!result.succeeded()) {
            return new SaslStep.Failure(result.failure().condition(), "repository refused " + username + ": " + result.reason());
        }
        if (authzid != null && !authzidMatches(authzid, result.bareJid(), username, domain)) {
            return new SaslStep.Failure("invalid-authzid", username + " authenticated as " + result.bareJid()
                    + " but asked to act as " + authzid);
        }
        return new SaslStep.Success(additionalData, result.bareJid());
    }

    /**
     * Whether an authzid names the authenticated account: its bare form equals the bare JID, or the
     * username qualified by the stream's domain (a client may know its login, not the canonical local part).
     * JIDs compare case-insensitively, as nodeprep/PRECIS would fold the ASCII cases anyway.
     */
    static boolean authzidMatches(String authzid, String bareJid, String username, String domain) {
        int slash = authzid.indexOf('/');
        String bare = (slash >= 0 ? authzid.substring(0, slash) : authzid).toLowerCase(Locale.ROOT);
        if (bareJid != null && bare.equals(bareJid.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return username != null && domain != null && bare.equals((username + "@" + domain).toLowerCase(Locale.ROOT));
    }

    /**
     * The step for a repository call that failed. The description keeps the exception's message for the
     * log, minus any occurrence of {@code secret}, in case a backend echoes what it was given.
     */
    static SaslStep fromError(Throwable error, String username, String secret) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message != null && secret != null && !secret.isEmpty()) {
            message = message.replace(secret, "***");
        }
        return new SaslStep.Failure("temporary-auth-failure",
                "repository error for " + username + ": " + cause.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
