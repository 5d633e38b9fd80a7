package net.bluemind.xmpp.server.sasl;

/**
 * What a {@link SaslMechanism} answers to one client message: go on, done, or refused. The stream layer
 * turns it into {@code <challenge/>}, {@code <success/>} or {@code <failure/>} (RFC 6120 §6.4).
 */
public sealed interface SaslStep {

    /** Another round: {@code data} goes base64-encoded into a {@code <challenge/>} (may be empty). */
    record Challenge(byte[] data) implements SaslStep {
    }

    /**
     * Authenticated.
     *
     * @param additionalData data for the {@code <success/>} element (SCRAM's server-final message), or null
     * @param bareJid        the account that logged in
     */
    record Success(byte[] additionalData, String bareJid) implements SaslStep {
    }

    /**
     * Refused; the exchange is over.
     *
     * @param condition the RFC 6120 §6.5 child element of {@code <failure/>}, e.g. "not-authorized"
     * @param logReason why, for the server's log only (never sent to the client, never holding a password)
     */
    record Failure(String condition, String logReason) implements SaslStep {
    }
}
