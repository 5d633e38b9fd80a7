package net.bluemind.xmpp.server.sasl;

import java.util.concurrent.CompletionStage;

/**
 * The server side of one SASL exchange on one connection: a new instance per {@code <auth/>}.
 *
 * <p>Calls are made one at a time, each after the stage of the previous one has completed. Stages never
 * complete exceptionally: trouble in a backend becomes a {@link SaslStep.Failure} (usually
 * {@code temporary-auth-failure}). After a {@link SaslStep.Success} or {@link SaslStep.Failure}, further
 * calls are refused with {@code malformed-request}.
 */
public interface SaslMechanism {

    /** The SASL name, e.g. "SCRAM-SHA-256". */
    String name();

    /**
     * Processes one client message.
     *
     * @param clientData the initial response on the first call (an empty array when the client sent none
     *                   or an empty one), then the decoded content of each {@code <response/>}
     */
    CompletionStage<SaslStep> evaluate(byte[] clientData);

    /** The authentication identity once the client has sent it (null before), for logs and throttling. */
    String username();
}
