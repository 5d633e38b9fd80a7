package net.bluemind.xmpp.server.sasl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asked by a mechanism as soon as it knows who logs in, before it verifies any credential: whether the
 * login may be checked now. A locked account is refused there, the same way whatever the password, so a
 * lockout gives no hint of whether a guess was right.
 */
@FunctionalInterface
public interface LoginGate {

    /** Lets every login through (tests of a mechanism alone). */
    LoginGate OPEN = username -> CompletableFuture.completedFuture(null);

    /** Completes with null when the login may go on, or with the failure to answer instead; never exceptionally. */
    CompletionStage<SaslStep.Failure> check(String username);
}
