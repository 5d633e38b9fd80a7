package net.bluemind.xmpp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.auth.testkit.AuthConfigs;
import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.LogLines;
import net.bluemind.xmpp.spi.AuthRepository.ConnectionInfo;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.AuthResult.Failure;

/** The repository against bm-core-sim over HTTP, without XMPP in the way. */
class BlueMindAuthRepositoryTest {

    private static final ConnectionInfo CONNECTION = new ConnectionInfo("c1", "127.0.0.1", true);
    private static final Duration SHORT_TTL = Duration.ofMillis(300);

    private SimHarness sim;
    private BlueMindAuthRepository auth;

    @BeforeEach
    void startSim() throws IOException {
        sim = SimHarness.start(null);
        auth = repository(AuthConfigs.of(sim, SHORT_TTL));
    }

    @AfterEach
    void stopSim() throws IOException {
        sim.close();
    }

    private static BlueMindAuthRepository repository(BlueMindAuthConfig config) {
        return BlueMindAuthRepository.create(config);
    }

    private AuthResult verify(String domain, String username, String password) throws Exception {
        return auth.verifyPassword(domain, username, password, CONNECTION).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertRefused(Failure expected, AuthResult result) {
        assertFalse(result.succeeded(), result.toString());
        assertEquals(expected, result.failure(), result.toString());
    }

    @Test
    void offersPlainOnly() {
        assertEquals(Set.of("PLAIN"), auth.mechanisms("acme.test"));
    }

    @Test
    void passwordLogsInAsTheDefaultEmail() throws Exception {
        assertEquals("alice@acme.test", verify("acme.test", "alice", "alice").bareJid());
        assertEquals("alice@acme.test", verify("acme.test", "Alice@ACME.test", "alice").bareJid());
    }

    @Test
    void anyAddressOrAliasOfTheUserLogsInAsTheDefaultEmail() throws Exception {
        assertEquals("bob@acme.test", verify("acme.test", "robert@acme.test", "bob").bareJid());
        assertEquals("bob@acme.test", verify("acme.test", "robert", "bob").bareJid());
        assertEquals("bob@acme.test", verify("acme.test", "bob@acme.example", "bob").bareJid());
        assertEquals("bob@acme.test", verify("acme.test", "robert@acme.example", "bob").bareJid());
    }

    @Test
    void everyLoginAndAddressOfAUserNamesItsAccountWithoutAPassword() throws Exception {
        for (String name : new String[] {"bob", "robert", "bob@acme.test", "robert@acme.test", "bob@acme.example", "ROBERT@Acme.Example"}) {
            assertEquals(Optional.of("bob@acme.test"), account("acme.test", name), name);
        }
        assertEquals(Optional.of("carol@globex.test"), account("globex.test", "carol"));
        assertEquals(Optional.empty(), account("acme.test", "mallory"));
        assertEquals(Optional.empty(), account("acme.test", "alice@unknown.test"));
    }

    @Test
    void stoppedCoreFailsTheAccountLookupWithinTheTimeout() throws Exception {
        sim.stop();
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> account("acme.test", "alice"));
        assertTrue(elapsed(start) < AuthConfigs.of(sim, SHORT_TTL).authTimeout().toMillis() + 500, e.toString());
    }

    private Optional<String> account(String domain, String username) throws Exception {
        return auth.account(domain, username).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void apiKeyWorksAsAPassword() throws Exception {
        assertEquals("alice@acme.test", verify("acme.test", "alice", "alice-api-key").bareJid());
    }

    @Test
    void userWithoutImRoleIsRefusedWithALogLineNamingTheRole() throws Exception {
        try (LogLines log = new LogLines(BlueMindAuthRepository.class)) {
            AuthResult result = verify("acme.test", "dave", "dave");
            assertRefused(Failure.NOT_AUTHORIZED, result);
            assertTrue(result.reason().contains("hasIM"), result.reason());
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO") && l.contains("hasIM")
                    && l.contains("dave@acme.test")), log.lines().toString());
        }
    }

    @Test
    void grantingImRoleLetsTheUserInOnceTheCacheExpires() throws Exception {
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "dave", "dave"));
        sim.put("/sim/users/acme.test/dave/roles", "[\"hasIM\"]");
        Await.until("dave accepted", Duration.ofSeconds(5), () -> {
            try {
                return verify("acme.test", "dave", "dave").succeeded();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("dave@acme.test", verify("acme.test", "dave", "dave").bareJid());
    }

    @Test
    void revokedRoleStaysCachedNoLongerThanTheTtl() throws Exception {
        auth = repository(AuthConfigs.of(sim, Duration.ofSeconds(30)));
        assertTrue(verify("acme.test", "erin", "erin").succeeded());
        sim.put("/sim/users/acme.test/erin/roles", "[]");
        assertTrue(verify("acme.test", "erin", "erin").succeeded(), "roles are reused within the TTL");
        auth = repository(AuthConfigs.of(sim, SHORT_TTL));
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "erin", "erin"));
    }

    @Test
    void publicAuthDomainLetsUsersWithoutTheRoleIn() throws Exception {
        sim.put("/sim/domains/acme.test/settings", "{\"im_public_auth\": \"true\"}");
        assertEquals("dave@acme.test", verify("acme.test", "dave", "dave").bareJid());
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "alice", "bob"));
    }

    @Test
    void unknownAccountIsNotAuthorized() throws Exception {
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "mallory", "mallory"));
    }

    @Test
    void unknownDomainIsNotAuthorized() throws Exception {
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "alice@unknown.test", "alice"));
        assertRefused(Failure.NOT_AUTHORIZED, verify("unknown.test", "alice", "alice"));
    }

    @Test
    void addressOfAnotherDomainDoesNotLogInOnThisStream() throws Exception {
        assertRefused(Failure.NOT_AUTHORIZED, verify("acme.test", "carol@globex.test", "carol"));
        assertEquals("carol@globex.test", verify("globex.test", "carol", "carol").bareJid());
    }

    @Test
    void archivedUserIsAccountDisabledAtOnceDespiteTheCache() throws Exception {
        auth = repository(AuthConfigs.of(sim, Duration.ofSeconds(30)));
        assertTrue(verify("acme.test", "erin", "erin").succeeded());
        sim.put("/sim/users/acme.test/erin/archived", "true");
        assertRefused(Failure.ACCOUNT_DISABLED, verify("acme.test", "erin", "erin"));
    }

    @Test
    void expiredPasswordIsCredentialsExpired() throws Exception {
        sim.post("/sim/users", """
                {"domainUid": "acme.test", "login": "frank", "password": "frank", "displayName": "Frank",
                 "roles": ["hasIM"], "emails": ["frank@acme.test"], "passwordExpired": true}""");
        assertRefused(Failure.CREDENTIALS_EXPIRED, verify("acme.test", "frank", "frank"));
    }

    @Test
    void stoppedCoreIsATemporaryFailureWithinTheTimeout() throws Exception {
        sim.stop();
        long start = System.nanoTime();
        assertRefused(Failure.TEMPORARY_AUTH_FAILURE, verify("acme.test", "alice", "alice"));
        assertTrue(elapsed(start) < AuthConfigs.of(sim, SHORT_TTL).authTimeout().toMillis() + 500);
    }

    @Test
    void silentCoreIsATemporaryFailureWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            BlueMindAuthConfig config = new BlueMindAuthConfig(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    AuthConfigs.of(sim, SHORT_TTL).tokenFile(), Duration.ofMillis(500), Duration.ofMillis(400),
                    Duration.ofMillis(800), SHORT_TTL, 10);
            auth = new BlueMindAuthRepository(new CoreClient(config.clientConfig()), config);
            long start = System.nanoTime();
            assertRefused(Failure.TEMPORARY_AUTH_FAILURE, verify("acme.test", "alice", "alice"));
            assertTrue(elapsed(start) < 1_500, elapsed(start) + " ms");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void userExistsForAnActiveAccountOnly() throws Exception {
        assertTrue(exists("alice@acme.test"));
        assertTrue(exists("carol@globex.test"));
        assertFalse(exists("mallory@acme.test"));
        assertFalse(exists("alice@unknown.test"));
        sim.put("/sim/users/acme.test/erin/archived", "true");
        assertFalse(exists("erin@acme.test"));
    }

    private boolean exists(String bareJid) throws Exception {
        return auth.userExists(bareJid).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
