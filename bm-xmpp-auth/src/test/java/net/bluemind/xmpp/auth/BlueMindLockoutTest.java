package net.bluemind.xmpp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.auth.testkit.CoreCalls;
import net.bluemind.xmpp.auth.testkit.XmppServer;
import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.config.AuthConfig;

/**
 * Brute-force protection with BlueMind's accounts: the lockout holds under every login and address of a
 * user, and costs bm-core nothing more (bm-core-sim behind a pass-through that counts its calls).
 */
class BlueMindLockoutTest {

    private static final int LIMIT = 5;

    private SimHarness sim;
    private CoreCalls core;
    private XmppServer server;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(null);
        core = new CoreCalls(sim.url());
        BlueMindAuthConfig config = BlueMindAuthConfig.of(core.url(), sim.tokenFile())
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .withCache(Duration.ofSeconds(60), 100);
        server = XmppServer.start(BlueMindAuthRepository.create(config), new AuthConfig.ThrottleConfig(10_000, LIMIT, 300));
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(XMPPTCPConnection::disconnect);
        server.close();
        core.close();
        sim.close();
    }

    /** "success" or the SASL condition of the refusal. */
    private String attempt(String domain, String username, String password) throws Exception {
        XMPPTCPConnection c = server.client(domain, username, password);
        clients.add(c);
        c.connect();
        try {
            c.login();
            return "success";
        } catch (SASLErrorException e) {
            return e.getSASLFailure().getSASLError().toString();
        }
    }

    @Test
    void failuresUnderOneNameLockTheUserUnderAllItsNames() throws Exception {
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(SASLError.not_authorized.toString(), attempt("acme.test", "robert", "guess" + i));
        }
        for (String name : new String[] {"bob", "bob@acme.test", "robert@acme.test", "bob@acme.example", "Robert@ACME.example"}) {
            assertEquals(SASLError.temporary_auth_failure.toString(), attempt("acme.test", name, "bob"), name);
        }
        assertEquals(SASLError.temporary_auth_failure.toString(), attempt("acme.example", "bob", "bob"), "from the alias domain's stream");
        assertEquals("success", attempt("acme.test", "alice", "alice"), "other users are not locked");
    }

    @Test
    void guessesAtAnUnknownLoginAreThrottledUnderEverySpelling() throws Exception {
        String[] names = {"mallory", "Mallory", "mallory@acme.test", "MALLORY@acme.example", "mallory"};
        for (String name : names) {
            assertEquals(SASLError.not_authorized.toString(), attempt("acme.test", name, "x"), name);
        }
        assertEquals(SASLError.temporary_auth_failure.toString(), attempt("acme.test", "mallory@ACME.test", "x"));
    }

    @Test
    void aFailedLoginCostsOnePasswordCheckAndALockedOneNone() throws Exception {
        for (int i = 0; i < LIMIT; i++) {
            attempt("acme.test", "robert", "guess" + i);
        }
        assertEquals(LIMIT, core.count("POST /api/auth/validate"), core.all().toString());
        // The lookups that name the account are shared by the lockout and the login, and cached.
        assertEquals(1, core.count("GET /api/domains/_lookup"), core.all().toString());
        assertEquals(1, core.count("GET /api/users/acme.test/byLogin/robert"), core.all().toString());
        assertEquals(1, core.count("GET /api/users/acme.test/byEmail/robert@acme.test"), core.all().toString());

        for (String name : new String[] {"bob", "robert", "bob@acme.example"}) {
            attempt("acme.test", name, "bob");
            attempt("acme.test", name, "wrong");
        }
        assertEquals(LIMIT, core.count("POST /api/auth/validate"), "a locked user's passwords are not checked: " + core.all());
    }
}
