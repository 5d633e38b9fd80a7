package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.spi.AuthRepository;

class SaslMechanismsTest {

    private static final String DOMAIN = InMemoryAuthRepository.DOMAIN;
    private static final AuthRepository.ConnectionInfo SECURE = new AuthRepository.ConnectionInfo("c1", "192.0.2.1", true);
    private static final AuthRepository.ConnectionInfo CLEAR = new AuthRepository.ConnectionInfo("c2", "192.0.2.1", false);

    private final InMemoryAuthRepository repo = new InMemoryAuthRepository();
    private final SaslMechanisms mechanisms = new SaslMechanisms(repo);

    @Test
    void offersNothingWithoutTls() {
        assertEquals(List.of(), mechanisms.offered(DOMAIN, false));
        assertNull(mechanisms.create("PLAIN", DOMAIN, CLEAR));
        assertNull(mechanisms.create("SCRAM-SHA-256", DOMAIN, CLEAR));
    }

    @Test
    void offersStrongestFirstWhateverTheRepositoryOrder() {
        repo.mechanisms = new LinkedHashSet<>(List.of("PLAIN", "DIGEST-MD5", "scram-sha-1", "SCRAM-SHA-256"));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"), mechanisms.offered(DOMAIN, true));
    }

    @Test
    void offersOnlyWhatTheRepositoryServesForTheDomain() {
        repo.mechanisms = new LinkedHashSet<>(List.of("PLAIN"));
        assertEquals(List.of("PLAIN"), mechanisms.offered(DOMAIN, true));
        assertEquals(List.of(), mechanisms.offered("other.org", true));
        assertNull(mechanisms.create("SCRAM-SHA-1", DOMAIN, SECURE));
        assertNull(mechanisms.create("PLAIN", "other.org", SECURE));
    }

    @Test
    void createsTheMechanismThatWasAskedFor() {
        assertInstanceOf(PlainMechanism.class, mechanisms.create("PLAIN", DOMAIN, SECURE));
        assertEquals("SCRAM-SHA-1", mechanisms.create("SCRAM-SHA-1", DOMAIN, SECURE).name());
        assertEquals("SCRAM-SHA-256", mechanisms.create("SCRAM-SHA-256", DOMAIN, SECURE).name());
        assertNull(mechanisms.create("DIGEST-MD5", DOMAIN, SECURE));
        assertNull(mechanisms.create("X-UNKNOWN", DOMAIN, SECURE));
    }

    @Test
    void showsTheSameSaltForAnUnknownAccountAcrossExchangesAndHashes() throws Exception {
        String a = salt(mechanisms.create("SCRAM-SHA-256", DOMAIN, SECURE));
        String b = salt(mechanisms.create("SCRAM-SHA-256", DOMAIN, SECURE));
        String c = salt(mechanisms.create("SCRAM-SHA-1", DOMAIN, SECURE));
        assertEquals(a, b);
        assertEquals(a, c);
        assertNotEquals(a, salt(new SaslMechanisms(repo).create("SCRAM-SHA-256", DOMAIN, SECURE)), "the secret is per server");
    }

    private static String salt(SaslMechanism scram) throws Exception {
        SaslStep step = scram.evaluate("n,,n=ghost,r=abc".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new String(assertInstanceOf(SaslStep.Challenge.class, step).data(), StandardCharsets.UTF_8).split(",")[1];
    }
}
