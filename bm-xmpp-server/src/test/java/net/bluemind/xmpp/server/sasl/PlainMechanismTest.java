package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;

class PlainMechanismTest {

    private static final String DOMAIN = InMemoryAuthRepository.DOMAIN;
    private static final AuthRepository.ConnectionInfo CONNECTION = new AuthRepository.ConnectionInfo("c1", "192.0.2.1", true);

    private final InMemoryAuthRepository repo = new InMemoryAuthRepository().addUser("alice", "s3cret!");

    private static SaslStep step(SaslMechanism mechanism, String message) throws Exception {
        return step(mechanism, message.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslStep step(SaslMechanism mechanism, byte[] message) throws Exception {
        return mechanism.evaluate(message).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SaslStep.Failure assertFailure(String condition, SaslStep step) {
        SaslStep.Failure failure = assertInstanceOf(SaslStep.Failure.class, step, step::toString);
        assertEquals(condition, failure.condition(), step::toString);
        return failure;
    }

    private PlainMechanism plain() {
        return new PlainMechanism(repo, DOMAIN, CONNECTION);
    }

    @Test
    void authenticatesTheRightPassword() throws Exception {
        repo.async = true;
        PlainMechanism plain = plain();
        assertNull(plain.username());
        SaslStep step = step(plain, "\0alice\0s3cret!");
        SaslStep.Success success = assertInstanceOf(SaslStep.Success.class, step, step::toString);
        assertEquals("alice@example.com", success.bareJid());
        assertNull(success.additionalData());
        assertEquals("alice", plain.username());
        assertEquals("PLAIN", plain.name());
    }

    @Test
    void aClosedGateRefusesBeforeThePasswordIsChecked() throws Exception {
        repo.failure = new IllegalStateException("the password must not be checked");
        java.util.List<String> asked = new java.util.ArrayList<>();
        LoginGate locked = username -> {
            asked.add(username);
            return java.util.concurrent.CompletableFuture.completedFuture(new SaslStep.Failure("temporary-auth-failure", "locked"));
        };
        PlainMechanism plain = new PlainMechanism(repo, DOMAIN, CONNECTION, locked);
        assertEquals("locked", assertFailure("temporary-auth-failure", step(plain, "\0alice\0s3cret!")).logReason());
        assertEquals(java.util.List.of("alice"), asked);
    }

    @Test
    void acceptsAWholeAddressAsAuthenticationIdentity() throws Exception {
        SaslStep step = step(plain(), "\0alice@example.com\0s3cret!");
        assertEquals("alice@example.com", assertInstanceOf(SaslStep.Success.class, step, step::toString).bareJid());
    }

    @Test
    void refusesWrongPasswordWithTheRepositoryCondition() throws Exception {
        SaslStep.Failure failure = assertFailure("not-authorized", step(plain(), "\0alice\0wrong"));
        assertFalse(failure.logReason().contains("wrong"), failure.logReason());
    }

    @Test
    void passesAccountDisabledThrough() throws Exception {
        repo.disable("alice");
        assertFailure("account-disabled", step(plain(), "\0alice\0s3cret!"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice s3cret!", "alice\0s3cret!", "\0alice\0s3cret!\0", "\0\0s3cret!", "\0alice\0", "a\0b\0c\0d" })
    void refusesMalformedMessages(String message) throws Exception {
        assertFailure("malformed-request", step(plain(), message));
    }

    @Test
    void refusesInvalidUtf8() throws Exception {
        assertFailure("malformed-request", step(plain(), new byte[] { 0, 'a', 0, (byte) 0xC3, (byte) 0x28 }));
    }

    @Test
    void acceptsAnAuthzidNamingTheAccount() throws Exception {
        repo.addAlias("ali", "alice");
        assertInstanceOf(SaslStep.Success.class, step(plain(), "ALICE@example.com\0alice\0s3cret!"));
        assertInstanceOf(SaslStep.Success.class, step(plain(), "alice@example.com/phone\0alice\0s3cret!"));
        // The login name qualified by the domain names the account too, even when its canonical name differs.
        SaslStep step = step(plain(), "ali@example.com\0ali\0s3cret!");
        assertEquals("alice@example.com", assertInstanceOf(SaslStep.Success.class, step, step::toString).bareJid());
    }

    @Test
    void refusesAnAuthzidNamingSomeoneElseWithInvalidAuthzid() throws Exception {
        assertFailure("invalid-authzid", step(plain(), "admin@example.com\0alice\0s3cret!"));
        assertFailure("invalid-authzid", step(plain(), "alice@elsewhere.org\0alice\0s3cret!"));
    }

    @Test
    void turnsARepositoryErrorIntoTemporaryAuthFailureWithoutLeakingThePassword() throws Exception {
        repo.failure = new IllegalStateException("cannot check s3cret! against the directory");
        SaslStep.Failure failure = assertFailure("temporary-auth-failure", step(plain(), "\0alice\0s3cret!"));
        assertFalse(failure.logReason().contains("s3cret!"), failure.logReason());
        assertTrue(failure.logReason().contains("directory"), failure.logReason());
    }

    @Test
    void turnsARepositoryThatThrowsIntoTemporaryAuthFailure() throws Exception {
        AuthRepository throwing = new AuthRepository() {
            @Override
            public Set<String> mechanisms(String domain) {
                return Set.of("PLAIN");
            }

            @Override
            public CompletionStage<AuthResult> verifyPassword(String d, String u, String p, ConnectionInfo c) {
                throw new IllegalStateException("bug");
            }

            @Override
            public CompletionStage<Boolean> userExists(String bareJid) {
                return CompletableFuture.completedFuture(false);
            }
        };
        assertFailure("temporary-auth-failure", step(new PlainMechanism(throwing, DOMAIN, CONNECTION), "\0alice\0s3cret!"));
    }

    @Test
    void asksForTheMessageWhenAuthCameWithoutOne() throws Exception {
        PlainMechanism plain = plain();
        assertArrayEquals(new byte[0], assertInstanceOf(SaslStep.Challenge.class, step(plain, new byte[0])).data());
        assertInstanceOf(SaslStep.Success.class, step(plain, "\0alice\0s3cret!"));
    }

    @Test
    void refusesMessagesAfterTheExchangeIsOver() throws Exception {
        PlainMechanism plain = plain();
        assertFailure("not-authorized", step(plain, "\0alice\0nope"));
        assertFailure("malformed-request", step(plain, "\0alice\0s3cret!"));
    }

    @Test
    void refusesOverlongUtf8() throws Exception {
        // RFC 3629 §3: 0xC0 0xE1 would be an overlong 'a' ("alice"); it must not reach the repository as one.
        byte[] overlong = {0, (byte) 0xC1, (byte) 0xA1, 'l', 'i', 'c', 'e', 0, 's', '3', 'c', 'r', 'e', 't', '!'};
        assertFailure("malformed-request", step(plain(), overlong));
        byte[] surrogate = {0, 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 0, 'x'};
        assertFailure("malformed-request", step(plain(), surrogate));
    }
}
