package net.bluemind.xmpp.server.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.DomainsConfig;
import net.bluemind.xmpp.server.local.StaticVHostRepository;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.AuthRepository;

/** Which name a failed login is counted under. */
class AccountKeysTest {

    private final StaticVHostRepository vhosts = new StaticVHostRepository(List.of(
            new DomainsConfig.StaticDomain("acme.test", List.of("acme.example")),
            new DomainsConfig.StaticDomain("globex.test", List.of())));
    private final AccountKeys keys = new AccountKeys(TestServer.demoAccounts(vhosts), vhosts);

    private static String get(CompletionStage<String> s) throws Exception {
        return s.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyNameOfAnAccountIsCountedAsTheAccount() throws Exception {
        for (String name : new String[] {"bob", "Bob", "bob@acme.test", "robert", "robert@acme.test", "bob@acme.example", "ROBERT@acme.EXAMPLE"}) {
            assertEquals("bob@acme.test", get(keys.of("acme.test", name)), name);
        }
        assertEquals("bob@acme.test", get(keys.of("globex.test", "robert@acme.test")), "a whole address names its account from any stream");
    }

    @Test
    void anUnknownNameIsCountedAsTypedInCanonicalForm() throws Exception {
        for (String name : new String[] {"nobody", " NoBody ", "nobody@acme.test", "nobody@ACME.example"}) {
            assertEquals("nobody@acme.test", get(keys.of("acme.test", name)), name);
        }
        assertEquals("nobody@elsewhere.test", get(keys.of("acme.test", "Nobody@Elsewhere.test")));
        assertEquals("bob@globex.test", get(keys.of("globex.test", "bob")), "bob is a local part of acme.test only");
    }

    @Test
    void aRepositoryThatCannotResolveGetsTheTypedName() throws Exception {
        AuthRepository blind = new InMemoryAuthRepository().addUser("robert", "x");
        assertEquals("robert@acme.test", get(new AccountKeys(blind, vhosts).of("acme.test", "Robert@acme.example")));
    }
}
