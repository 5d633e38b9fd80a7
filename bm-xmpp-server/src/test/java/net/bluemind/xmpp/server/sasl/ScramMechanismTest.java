package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.bluemind.xmpp.spi.AuthRepository;

class ScramMechanismTest {

    private static final String DOMAIN = InMemoryAuthRepository.DOMAIN;
    private static final AuthRepository.ConnectionInfo CONNECTION = new AuthRepository.ConnectionInfo("c1", "192.0.2.1", true);
    private static final byte[] SECRET = "a per-server secret for tests".getBytes(StandardCharsets.UTF_8);

    private final InMemoryAuthRepository repo = new InMemoryAuthRepository();

    private static SaslStep step(SaslMechanism mechanism, byte[] data) throws Exception {
        return mechanism.evaluate(data).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SaslStep step(SaslMechanism mechanism, String data) throws Exception {
        return step(mechanism, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String challenge(SaslStep step) {
        return new String(assertInstanceOf(SaslStep.Challenge.class, step).data(), StandardCharsets.UTF_8);
    }

    private static void assertFailure(String condition, SaslStep step) {
        assertEquals(condition, assertInstanceOf(SaslStep.Failure.class, step).condition(), step::toString);
    }

    private ScramMechanism mechanism(String name) {
        return new ScramMechanism(name, repo, DOMAIN, CONNECTION, SECRET, new SecureRandom());
    }

    private static String hashOf(String mechanism) {
        return mechanism.substring("SCRAM-".length());
    }

    @Test
    void replaysTheRfc5802Sha1ExampleExactly() throws Exception {
        repo.addUser("user", "pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
        ScramMechanism scram = new ScramMechanism("SCRAM-SHA-1", repo, DOMAIN, CONNECTION, SECRET, "3rfcNHYJY1ZVvWVs7j");

        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                challenge(step(scram, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")));
        SaslStep last = step(scram, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");

        SaslStep.Success success = assertInstanceOf(SaslStep.Success.class, last, last::toString);
        assertEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", new String(success.additionalData(), StandardCharsets.UTF_8));
        assertEquals("user@example.com", success.bareJid());
    }

    @Test
    void replaysTheRfc7677Sha256ExampleExactly() throws Exception {
        repo.addUser("user", "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramMechanism scram = new ScramMechanism("SCRAM-SHA-256", repo, DOMAIN, CONNECTION, SECRET, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                challenge(step(scram, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")));
        SaslStep last = step(scram, "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");

        SaslStep.Success success = assertInstanceOf(SaslStep.Success.class, last, last::toString);
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", new String(success.additionalData(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "SCRAM-SHA-1", "SCRAM-SHA-256" })
    void authenticatesAClientThatKnowsThePasswordAndProvesItselfToIt(String name) throws Exception {
        repo.addUser("alice", "correct horse").async = true;
        ScramMechanism scram = mechanism(name);
        ScramTestClient client = new ScramTestClient(hashOf(name), "n,,", "alice", "correct horse", "clientNonce123");

        assertNull(scram.username());
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("alice", scram.username());
        assertTrue(serverFirst.startsWith("r=clientNonce123"), serverFirst);
        assertTrue(serverFirst.endsWith(",i=" + ScramCredentialsFactory.DEFAULT_ITERATIONS), serverFirst);
        SaslStep last = step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8)));

        SaslStep.Success success = assertInstanceOf(SaslStep.Success.class, last, last::toString);
        assertEquals("alice@example.com", success.bareJid());
        assertTrue(client.serverFinalValid(success.additionalData()));
        assertEquals(name, scram.name());
    }

    @ParameterizedTest
    @ValueSource(strings = { "SCRAM-SHA-1", "SCRAM-SHA-256" })
    void aClosedGateRefusesAtTheFirstMessageBeforeAnyVerifierIsLookedUp(String name) throws Exception {
        repo.addUser("alice", "correct horse");
        repo.failure = new IllegalStateException("no verifier may be looked up");
        LoginGate locked = username -> java.util.concurrent.CompletableFuture.completedFuture(
                "alice".equals(username) ? new SaslStep.Failure("temporary-auth-failure", "locked") : null);
        ScramMechanism scram = new ScramMechanism(name, repo, DOMAIN, CONNECTION, locked, SECRET, new SecureRandom());
        assertFailure("temporary-auth-failure", step(scram, new ScramTestClient(hashOf(name), "n,,", "alice", "x", "abc").clientFirst()));
        assertFailure("malformed-request", step(scram, "c=biws,r=abc,p=AAAA"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "SCRAM-SHA-1", "SCRAM-SHA-256" })
    void refusesWrongPasswordWithNotAuthorized(String name) throws Exception {
        repo.addUser("alice", "correct horse");
        ScramMechanism scram = mechanism(name);
        ScramTestClient client = new ScramTestClient(hashOf(name), "n,,", "alice", "battery staple", "abc");

        SaslStep first = step(scram, client.clientFirst());
        assertFailure("not-authorized", step(scram, client.clientFinal(challenge(first).getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "SCRAM-SHA-1", "SCRAM-SHA-256" })
    void refusesUnknownUserOnlyAtTheProofWithAStableFakeSalt(String name) throws Exception {
        ScramTestClient client = new ScramTestClient(hashOf(name), "n,,", "nobody", "guess", "abc");
        ScramMechanism first = mechanism(name);
        String serverFirst = challenge(step(first, client.clientFirst()));
        assertTrue(serverFirst.endsWith(",i=4096"), serverFirst);
        assertFailure("not-authorized", step(first, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));

        String salt = serverFirst.split(",")[1];
        String again = challenge(step(mechanism(name), new ScramTestClient(hashOf(name), "n,,", "NoBody", "x", "def").clientFirst()));
        assertEquals(salt, again.split(",")[1], "the same unknown account shows the same salt each time");
        String other = challenge(step(mechanism(name), new ScramTestClient(hashOf(name), "n,,", "somebody", "x", "def").clientFirst()));
        assertNotEquals(salt, other.split(",")[1]);
        assertEquals(16, Base64.getDecoder().decode(salt.substring(2)).length);
    }

    @Test
    void refusesClientsThatRequireChannelBinding() throws Exception {
        repo.addUser("user", "pencil");
        SaslStep step = step(mechanism("SCRAM-SHA-256"), "p=tls-exporter,,n=user,r=abc");
        assertFailure("malformed-request", step);
        assertTrue(((SaslStep.Failure) step).logReason().contains("channel binding"));
    }

    @Test
    void acceptsClientsThatCouldBindButSeeNoPlusMechanism() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "y,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertInstanceOf(SaslStep.Success.class, step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesATamperedNonce() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-1");
        ScramTestClient client = new ScramTestClient("SHA-1", "n,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        client.nonceOverride = "abcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
        assertFailure("not-authorized", step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesAChannelBindingThatDiffersFromTheHeader() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-1");
        String serverFirst = challenge(step(scram, "y,,n=user,r=abc"));
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
        // "biws" is base64 of "n,,", not of the "y,," the client began with: a downgrade attempt.
        assertFailure("not-authorized", step(scram, "c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[20])));
    }

    @Test
    void refusesATamperedProof() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "n,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        String last = new String(client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        int p = last.indexOf(",p=") + 3;
        byte[] proof = Base64.getDecoder().decode(last.substring(p));
        proof[0] ^= 1;
        assertFailure("not-authorized", step(scram, last.substring(0, p) + Base64.getEncoder().encodeToString(proof)));
    }

    @Test
    void decodesSaslnameEscapesInTheUsername() throws Exception {
        repo.addUser("a,b=c", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "n,,", "a=2Cb=3Dc", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertEquals("a,b=c", scram.username());
        SaslStep last = step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8)));
        assertEquals("a,b=c@example.com", assertInstanceOf(SaslStep.Success.class, last, last::toString).bareJid());
    }

    @ParameterizedTest
    @ValueSource(strings = { "n,,n=a=2Xb,r=abc", "n,,n=a=b,r=abc", "n,,n=,r=abc", "n,,m=ext,n=user,r=abc", "n,,r=abc,n=user",
        "n,,n=user", "x,,n=user,r=abc", "n,b=user,n=user,r=abc", "n,,n=user,r=", "n,,n=user,r=abc,5", "nonsense", "" })
    void refusesMalformedClientFirstMessages(String message) throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        SaslStep first = step(scram, message);
        if (message.isEmpty()) {
            // An empty initial response only asks for an empty challenge; a second one is an error.
            assertEquals("", challenge(first));
            first = step(scram, message);
        }
        assertFailure("malformed-request", first);
    }

    @Test
    void refusesInvalidUtf8() throws Exception {
        byte[] bad = "n,,n=\u00e9,r=abc".getBytes(StandardCharsets.ISO_8859_1);
        assertFailure("malformed-request", step(mechanism("SCRAM-SHA-1"), bad));
    }

    @ParameterizedTest
    @ValueSource(strings = { "r=NONCE,c=biws,p=PROOF", "c=biws,r=NONCE", "c=biws,r=NONCE,p=!!!", "c=***,r=NONCE,p=PROOF",
        "c=biws,r=NONCE,p=AAAA" })
    void refusesMalformedClientFinalMessages(String template) throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-1");
        String serverFirst = challenge(step(scram, "n,,n=user,r=abc"));
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
        String message = template.replace("NONCE", nonce).replace("PROOF", Base64.getEncoder().encodeToString(new byte[20]));
        assertFailure("malformed-request", step(scram, message));
    }

    @Test
    void acceptsAnAuthzidNamingTheAccountAndRefusesAnyOther() throws Exception {
        repo.addUser("user", "pencil");
        for (String authzid : new String[] { "user@example.com", "USER@Example.com" }) {
            ScramMechanism scram = mechanism("SCRAM-SHA-256");
            ScramTestClient client = new ScramTestClient("SHA-256", "n,a=" + authzid + ",", "user", "pencil", "abc");
            String serverFirst = challenge(step(scram, client.clientFirst()));
            assertInstanceOf(SaslStep.Success.class, step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
        }
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "n,a=admin@example.com,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertFailure("invalid-authzid", step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void passesTheRepositoryRefusalOnThroughAfterAValidProof() throws Exception {
        repo.addUser("user", "pencil").disable("user");
        ScramMechanism scram = mechanism("SCRAM-SHA-1");
        ScramTestClient client = new ScramTestClient("SHA-1", "n,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertFailure("account-disabled", step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void turnsARepositoryErrorIntoTemporaryAuthFailure() throws Exception {
        repo.addUser("user", "pencil");
        repo.failure = new IllegalStateException("directory down");
        assertFailure("temporary-auth-failure", step(mechanism("SCRAM-SHA-1"), "n,,n=user,r=abc"));

        repo.failure = null;
        repo.authorizeFailure = new IllegalStateException("directory down");
        ScramMechanism scram = mechanism("SCRAM-SHA-1");
        ScramTestClient client = new ScramTestClient("SHA-1", "n,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        SaslStep last = step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8)));
        assertFailure("temporary-auth-failure", last);
        assertTrue(((SaslStep.Failure) last).logReason().contains("directory down"));
    }

    @Test
    void asksForTheClientFirstMessageWhenAuthCameWithoutOne() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "n,,", "user", "pencil", "abc");
        assertArrayEquals(new byte[0], assertInstanceOf(SaslStep.Challenge.class, step(scram, new byte[0])).data());
        String serverFirst = challenge(step(scram, client.clientFirst()));
        assertInstanceOf(SaslStep.Success.class, step(scram, client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesMessagesAfterTheExchangeIsOver() throws Exception {
        repo.addUser("user", "pencil");
        ScramMechanism scram = mechanism("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient("SHA-256", "n,,", "user", "pencil", "abc");
        String serverFirst = challenge(step(scram, client.clientFirst()));
        byte[] last = client.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(SaslStep.Success.class, step(scram, last));
        assertFailure("malformed-request", step(scram, last));
        assertFailure("malformed-request", step(scram, client.clientFirst()));
    }

    @Test
    void generatesAFreshServerNonceOfTwentyFourRandomBytes() throws Exception {
        String a = challenge(step(mechanism("SCRAM-SHA-1"), "n,,n=user,r=abc"));
        String b = challenge(step(mechanism("SCRAM-SHA-1"), "n,,n=user,r=abc"));
        String nonceA = a.substring(5, a.indexOf(','));
        assertEquals(24, Base64.getDecoder().decode(nonceA).length);
        assertNotEquals(nonceA, b.substring(5, b.indexOf(',')));
    }
}
