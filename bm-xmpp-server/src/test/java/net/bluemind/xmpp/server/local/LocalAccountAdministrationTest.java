package net.bluemind.xmpp.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.spi.AccountAdministration.Outcome;
import net.bluemind.xmpp.spi.AuthRepository;

/** Adding and deleting standalone accounts in memory (the XEP-0133 commands' backend). */
class LocalAccountAdministrationTest {

    private static final AuthRepository.ConnectionInfo CONN = new AuthRepository.ConnectionInfo("c1", "127.0.0.1", true);

    private final StaticVHostRepository vhosts = new StaticVHostRepository(List.of(
            new DomainsConfig.StaticDomain("acme.test", List.of("acme.example"))));
    private final LocalAuthRepository accounts = new LocalAuthRepository(new LocalDirectory(List.of(
            new LocalDirectory.User("bob@acme.test", "Bob", "bob", List.of("robert@acme.test"), List.of("hasIM")))),
            new AuthConfig.GeneratedUsers("acme.test", "load", 3, "pw"), vhosts);

    @Test
    void anAddedAccountLogsInUntilDeleted() {
        assertEquals(Outcome.DONE, outcome(accounts.addAccount("zoe@acme.test", "pw1")));
        assertTrue(login("zoe", "pw1"));
        assertTrue(accounts.scramCredentials("acme.test", "zoe", "SHA-256").toCompletableFuture().join().isPresent());
        assertEquals(Outcome.DONE, outcome(accounts.deleteAccount("zoe@acme.test")));
        assertFalse(login("zoe", "pw1"));
        assertFalse(accounts.userExists("zoe@acme.test").toCompletableFuture().join());
        assertEquals(Outcome.DONE, outcome(accounts.addAccount("zoe@acme.test", "pw2")));
        assertFalse(login("zoe", "pw1"), "the old password died with the old account");
        assertTrue(login("zoe", "pw2"));
    }

    @Test
    void deletingAnAccountRemovesItsOtherAddresses() {
        assertEquals(Outcome.NOT_FOUND, outcome(accounts.deleteAccount("robert@acme.test")), "an alias is not an account");
        assertEquals(Outcome.DONE, outcome(accounts.deleteAccount("bob@acme.test")));
        assertFalse(login("robert", "bob"));
        assertEquals(Outcome.NOT_FOUND, outcome(accounts.deleteAccount("bob@acme.test")));
    }

    @Test
    void takenAddressesGeneratedAccountsAndUnservedDomainsAreRefused() {
        assertEquals(Outcome.ALREADY_EXISTS, outcome(accounts.addAccount("robert@acme.test", "x")));
        assertEquals(Outcome.ALREADY_EXISTS, outcome(accounts.addAccount("load2@acme.test", "x")));
        assertEquals(Outcome.NOT_ALLOWED, outcome(accounts.deleteAccount("load2@acme.test")));
        assertEquals(Outcome.NOT_ALLOWED, outcome(accounts.addAccount("zoe@elsewhere.test", "x")));
    }

    private boolean login(String user, String password) {
        return accounts.verifyPassword("acme.test", user, password, CONN).toCompletableFuture().join().succeeded();
    }

    private static Outcome outcome(java.util.concurrent.CompletionStage<Outcome> stage) {
        return stage.toCompletableFuture().join();
    }
}
