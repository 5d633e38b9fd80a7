package net.bluemind.xmpp.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.ScramCredentials;

/**
 * The server side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), without channel binding.
 *
 * <p>The password never reaches the server: the repository hands over the stored verifiers, the client
 * proves it knows the password, and the server proves it knows the verifiers ({@code v=} in the
 * {@code <success/>}). An unknown account gets a salt and iteration count like a real one, derived from
 * the username and a per-server secret, so that an attacker cannot list the accounts; it only fails at
 * the proof, like a wrong password.
 */
public final class ScramMechanism implements SaslMechanism {

    private static final int NONCE_BYTES = 24;
    private static final int FAKE_SALT_BYTES = ScramCredentialsFactory.DEFAULT_SALT_LENGTH;
    private static final byte[] NO_SERVER_KEY = new byte[0];

    private enum State { START, AWAITING_CLIENT_FIRST, FETCHING, AWAITING_CLIENT_FINAL, AUTHORIZING, DONE }

    private final ScramHash hash;
    private final AuthRepository repo;
    private final String domain;
    private final AuthRepository.ConnectionInfo connection;
    private final LoginGate gate;
    private final byte[] unknownUserSecret;
    private final String serverNonce;
    private final AtomicReference<State> state = new AtomicReference<>(State.START);

    private volatile String username;
    // Written before the state moves on (a volatile write) and read after it has been read: safely
    // handed from the repository's thread to the one that brings the next client message.
    private ScramMessages.ClientFirst clientFirst;
    private String serverFirst;
    private ScramCredentials credentials;
    private boolean accountKnown;

    /**
     * @param mechanismName     "SCRAM-SHA-1" or "SCRAM-SHA-256"
     * @param unknownUserSecret a random secret that lives as long as the server (not one per exchange,
     *                          or the salts shown for an unknown account would change between attempts
     *                          and give it away)
     * @param random            source of the server nonce
     */
    public ScramMechanism(String mechanismName, AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection,
            byte[] unknownUserSecret, SecureRandom random) {
        this(mechanismName, repo, domain, connection, LoginGate.OPEN, unknownUserSecret, newNonce(random));
    }

    /** @param gate asked once the client-first message names the user, before any verifier is looked up */
    public ScramMechanism(String mechanismName, AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection,
            LoginGate gate, byte[] unknownUserSecret, SecureRandom random) {
        this(mechanismName, repo, domain, connection, gate, unknownUserSecret, newNonce(random));
    }

    /** For tests: a fixed server nonce, to replay published examples. */
    ScramMechanism(String mechanismName, AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection,
            byte[] unknownUserSecret, String serverNonce) {
        this(mechanismName, repo, domain, connection, LoginGate.OPEN, unknownUserSecret, serverNonce);
    }

    private ScramMechanism(String mechanismName, AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection,
            LoginGate gate, byte[] unknownUserSecret, String serverNonce) {
        this.hash = ScramHash.byMechanismName(mechanismName);
        this.repo = Objects.requireNonNull(repo, "repo");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.connection = connection;
        this.gate = Objects.requireNonNull(gate, "gate");
        if (unknownUserSecret == null || unknownUserSecret.length == 0) {
            throw new IllegalArgumentException("unknownUserSecret must not be empty");
        }
        this.unknownUserSecret = unknownUserSecret.clone();
        this.serverNonce = Objects.requireNonNull(serverNonce, "serverNonce");
    }

    private static String newNonce(SecureRandom random) {
        byte[] bytes = new byte[NONCE_BYTES];
        (random == null ? new SecureRandom() : random).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String name() {
        return hash.mechanismName();
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] clientData) {
        State current = state.get();
        if (current == State.START && (clientData == null || clientData.length == 0)) {
            // <auth/> without an initial response: ask for the client-first-message with an empty
            // challenge (RFC 6120 §6.4.2), once.
            if (state.compareAndSet(State.START, State.AWAITING_CLIENT_FIRST)) {
                return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
            }
        }
        if ((current == State.START || current == State.AWAITING_CLIENT_FIRST) && state.compareAndSet(current, State.FETCHING)) {
            return onClientFirst(clientData);
        }
        if (current == State.AWAITING_CLIENT_FINAL && state.compareAndSet(current, State.AUTHORIZING)) {
            return onClientFinal(clientData);
        }
        return finish(malformed("SCRAM message out of order"));
    }

    private CompletionStage<SaslStep> onClientFirst(byte[] data) {
        ScramMessages.ClientFirst message;
        try {
            message = ScramMessages.parseClientFirst(data);
        } catch (ScramMessages.SyntaxException e) {
            return finish(malformed(e.getMessage()));
        }
        clientFirst = message;
        username = message.username();
        return gate.check(message.username()).thenCompose(refusal -> refusal != null ? finish(refusal) : lookUp(message));
    }

    private CompletionStage<SaslStep> lookUp(ScramMessages.ClientFirst message) {
        CompletionStage<Optional<ScramCredentials>> lookup;
        try {
            lookup = repo.scramCredentials(domain, message.username(), hash.hashName());
        } catch (RuntimeException e) {
            return finish(AuthOutcomes.fromError(e, message.username(), null));
        }
        if (lookup == null) {
            return finish(AuthOutcomes.fromResult(null, null, message.username(), domain, null));
        }
        return lookup.handle((found, error) -> {
            try {
                if (error != null) {
                    return end(AuthOutcomes.fromError(error, message.username(), null));
                }
                return serverFirst(message, found == null ? Optional.empty() : found);
            } catch (RuntimeException e) {
                return end(AuthOutcomes.fromError(e, message.username(), null));
            }
        });
    }

    private SaslStep serverFirst(ScramMessages.ClientFirst message, Optional<ScramCredentials> found) {
        if (found.isPresent()) {
            ScramCredentials c = found.get();
            if (c.salt() == null || c.salt().length == 0 || c.iterations() < 1 || c.storedKey() == null
                    || c.storedKey().length != hash.length() || c.serverKey() == null || c.serverKey().length != hash.length()) {
                return end(new SaslStep.Failure("temporary-auth-failure",
                        "repository gave unusable " + hash.hashName() + " verifiers for " + message.username()));
            }
            credentials = c;
            accountKnown = true;
        } else {
            credentials = fakeCredentials(message.username());
            accountKnown = false;
        }
        serverFirst = "r=" + message.clientNonce() + serverNonce
                + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
                + ",i=" + credentials.iterations();
        if (!state.compareAndSet(State.FETCHING, State.AWAITING_CLIENT_FINAL)) {
            // The caller sent another message while the lookup ran: the exchange is already over.
            return end(malformed("SCRAM message out of order"));
        }
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private CompletionStage<SaslStep> onClientFinal(byte[] data) {
        ScramMessages.ClientFinal message;
        try {
            message = ScramMessages.parseClientFinal(data);
        } catch (ScramMessages.SyntaxException e) {
            return finish(malformed(e.getMessage()));
        }
        String user = clientFirst.username();
        if (!MessageDigest.isEqual(message.channelBinding(), clientFirst.gs2Header().getBytes(StandardCharsets.UTF_8))) {
            return finish(new SaslStep.Failure("not-authorized", "SCRAM channel binding data differs from the GS2 header for " + user));
        }
        if (!message.nonce().equals(clientFirst.clientNonce() + serverNonce)) {
            return finish(new SaslStep.Failure("not-authorized", "SCRAM nonce mismatch for " + user));
        }
        if (message.proof().length != hash.length()) {
            return finish(malformed("SCRAM proof of the wrong length"));
        }

        byte[] authMessage = (clientFirst.bare() + "," + serverFirst + "," + message.withoutProof()).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = hash.hmac(credentials.storedKey(), authMessage);
        byte[] clientKey = message.proof().clone();
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] ^= clientSignature[i];
        }
        boolean proofValid = MessageDigest.isEqual(hash.hash(clientKey), credentials.storedKey());
        if (!accountKnown) {
            return finish(new SaslStep.Failure("not-authorized", "no " + hash.mechanismName() + " verifiers for " + user));
        }
        if (!proofValid) {
            return finish(new SaslStep.Failure("not-authorized", "wrong " + hash.mechanismName() + " proof for " + user));
        }

        byte[] serverSignature = hash.hmac(credentials.serverKey(), authMessage);
        byte[] serverFinal = ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
        String authzid = clientFirst.authzid();
        CompletionStage<AuthResult> verdict;
        try {
            verdict = repo.authorize(domain, user, connection);
        } catch (RuntimeException e) {
            return finish(AuthOutcomes.fromError(e, user, null));
        }
        if (verdict == null) {
            return finish(AuthOutcomes.fromResult(null, authzid, user, domain, serverFinal));
        }
        return verdict.handle((result, error) -> {
            try {
                return end(error != null ? AuthOutcomes.fromError(error, user, null)
                        : AuthOutcomes.fromResult(result, authzid, user, domain, serverFinal));
            } catch (RuntimeException e) {
                return end(AuthOutcomes.fromError(e, user, null));
            }
        });
    }

    /**
     * Verifiers for an account that does not exist: the salt is stable per username and server, and
     * no password matches the stored key (it is not the hash of any client key anyone knows). Lower-cased,
     * since repositories match usernames without regard to case and the salt of a real account does not
     * change with the case the client typed.
     */
    private ScramCredentials fakeCredentials(String user) {
        byte[] seed = (domain + "\0" + user.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
        // SHA-256 whatever the mechanism, so an unknown account shows the same salt under both, as a real
        // account whose verifiers were derived together does.
        byte[] salt = Arrays.copyOf(ScramHash.SHA_256.hmac(unknownUserSecret, concat("salt\0", seed)), FAKE_SALT_BYTES);
        byte[] storedKey = Arrays.copyOf(ScramHash.SHA_256.hmac(unknownUserSecret, concat("stored\0", seed)), hash.length());
        return new ScramCredentials(user, salt, ScramCredentialsFactory.DEFAULT_ITERATIONS, storedKey, NO_SERVER_KEY);
    }

    private static byte[] concat(String label, byte[] seed) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(l, l.length + seed.length);
        System.arraycopy(seed, 0, out, l.length, seed.length);
        return out;
    }

    private static SaslStep.Failure malformed(String reason) {
        return new SaslStep.Failure("malformed-request", reason);
    }

    private SaslStep end(SaslStep step) {
        state.set(State.DONE);
        return step;
    }

    private CompletionStage<SaslStep> finish(SaslStep step) {
        return CompletableFuture.completedFuture(end(step));
    }
}
