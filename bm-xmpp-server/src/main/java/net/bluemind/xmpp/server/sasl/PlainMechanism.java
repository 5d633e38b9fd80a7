package net.bluemind.xmpp.server.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd} in UTF-8, checked by the repository.
 * Only offered over TLS, since the password travels as is.
 */
public final class PlainMechanism implements SaslMechanism {

    public static final String NAME = "PLAIN";

    private enum State { START, AWAITING_RESPONSE, VERIFYING, DONE }

    private final AuthRepository repo;
    private final String domain;
    private final AuthRepository.ConnectionInfo connection;
    private final LoginGate gate;
    private final AtomicReference<State> state = new AtomicReference<>(State.START);
    private volatile String username;

    public PlainMechanism(AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection) {
        this(repo, domain, connection, LoginGate.OPEN);
    }

    /** @param gate asked once the authentication identity is known, before the password is checked */
    public PlainMechanism(AuthRepository repo, String domain, AuthRepository.ConnectionInfo connection, LoginGate gate) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.connection = connection;
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] clientData) {
        State current = state.get();
        boolean empty = clientData == null || clientData.length == 0;
        // A client may send <auth/> without an initial response: it then expects an empty challenge
        // before sending the message (RFC 6120 §6.4.2). Only once, or a client could loop forever.
        if (current == State.START && empty && state.compareAndSet(State.START, State.AWAITING_RESPONSE)) {
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        if ((current != State.START && current != State.AWAITING_RESPONSE) || !state.compareAndSet(current, State.VERIFYING)) {
            return finish(new SaslStep.Failure("malformed-request", "PLAIN message out of order"));
        }

        String[] parts = parse(clientData);
        if (parts == null) {
            return finish(new SaslStep.Failure("malformed-request", "PLAIN message malformed"));
        }
        String authzid = parts[0].isEmpty() ? null : parts[0];
        String authcid = parts[1];
        String password = parts[2];
        username = authcid;
        return gate.check(authcid).thenCompose(refusal -> refusal != null ? finish(refusal) : verify(authzid, authcid, password));
    }

    private CompletionStage<SaslStep> verify(String authzid, String authcid, String password) {
        CompletionStage<AuthResult> verdict;
        try {
            verdict = repo.verifyPassword(domain, authcid, password, connection);
        } catch (RuntimeException e) {
            return finish(AuthOutcomes.fromError(e, authcid, password));
        }
        if (verdict == null) {
            return finish(AuthOutcomes.fromResult(null, authzid, authcid, domain, null));
        }
        return verdict.handle((result, error) -> {
            SaslStep step;
            try {
                step = error != null ? AuthOutcomes.fromError(error, authcid, password)
                        : AuthOutcomes.fromResult(result, authzid, authcid, domain, null);
            } catch (RuntimeException e) {
                step = AuthOutcomes.fromError(e, authcid, password);
            }
            state.set(State.DONE);
            return step;
        });
    }

    /**
     * Splits the message into authzid, authcid and password, or null when it is not exactly two NULs
     * around a non-empty authcid and password in valid UTF-8.
     */
    private static String[] parse(byte[] data) {
        if (data == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        String[] parts = text.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return parts;
    }

    private CompletionStage<SaslStep> finish(SaslStep step) {
        state.set(State.DONE);
        return CompletableFuture.completedFuture(step);
    }
}
