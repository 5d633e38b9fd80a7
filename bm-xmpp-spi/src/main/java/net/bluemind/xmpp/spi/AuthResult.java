package net.bluemind.xmpp.spi;

import java.util.Objects;

/** The outcome of an authentication: the account's bare JID, or why it was refused. */
public final class AuthResult {

    /** Why a login was refused; each maps to one SASL failure condition of RFC 6120 §6.5. */
    public enum Failure {
        NOT_AUTHORIZED("not-authorized"),
        ACCOUNT_DISABLED("account-disabled"),
        CREDENTIALS_EXPIRED("credentials-expired"),
        TEMPORARY_AUTH_FAILURE("temporary-auth-failure"),
        INVALID_AUTHZID("invalid-authzid");

        private final String condition;

        Failure(String condition) {
            this.condition = condition;
        }

        public String condition() {
            return condition;
        }
    }

    private final String bareJid;
    private final Failure failure;
    private final String reason;

    private AuthResult(String bareJid, Failure failure, String reason) {
        this.bareJid = bareJid;
        this.failure = failure;
        this.reason = reason;
    }

    public static AuthResult success(String bareJid) {
        return new AuthResult(Objects.requireNonNull(bareJid), null, null);
    }

    /** @param reason for the log (never shown to the client, never holding a secret) */
    public static AuthResult failure(Failure failure, String reason) {
        return new AuthResult(null, Objects.requireNonNull(failure), reason);
    }

    public boolean succeeded() {
        return failure == null;
    }

    public String bareJid() {
        return bareJid;
    }

    public Failure failure() {
        return failure;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return succeeded() ? "success(" + bareJid + ")" : "failure(" + failure.condition() + ": " + reason + ")";
    }
}
