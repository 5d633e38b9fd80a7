package net.bluemind.xmpp.server.c2s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.config.AuthConfig;
import net.bluemind.xmpp.server.config.LimitsConfig;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** Brute-force protection and the time limit on unauthenticated connections. */
class AuthProtectionTest {

    private static String plain(String user, String password) {
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    private static RawClient readyForSasl(TestServer server) throws Exception {
        RawClient c = RawClient.directTls(server, "acme.test");
        c.openStream("acme.test");
        c.await("</stream:features>");
        return c;
    }

    @Test
    void locksAnAccountOutAfterRepeatedFailuresEvenWithTheRightPassword() throws Exception {
        try (TestServer server = TestServer.start(c -> c.withAuth(c.auth().withThrottle(new AuthConfig.ThrottleConfig(1000, 3, 300))))) {
            for (int i = 0; i < 3; i++) {
                try (RawClient c = readyForSasl(server)) {
                    c.send(plain("bob", "guess" + i));
                    assertTrue(c.await("</failure>").contains("<not-authorized/>"));
                }
            }
            try (RawClient c = readyForSasl(server)) {
                c.send(plain("bob", "bob"));
                String answer = c.await("</failure>");
                assertTrue(answer.contains("<temporary-auth-failure/>"), answer);
            }
            try (RawClient c = readyForSasl(server)) {
                c.send(plain("alice", "alice"));
                assertTrue(c.await("<success").contains("<success"), "other accounts are not locked");
            }
        }
    }

    private static String attempt(TestServer server, String user, String password) throws Exception {
        try (RawClient c = readyForSasl(server)) {
            c.send(plain(user, password));
            String answer = c.await("</");
            return answer.contains("<success") ? "success" : answer.replaceAll("(?s).*<failure[^>]*><([a-z-]+)/>.*", "$1");
        }
    }

    /** The lockout counts the account a login names, however it is written: every address, alias and case. */
    @Test
    void aLockedAccountStaysLockedUnderEveryNameItHas() throws Exception {
        try (TestServer server = TestServer.start()) {
            failUnder(server, "bob", "bob", "bob", "bob", "bob");
            for (String name : new String[] {"bob", "bob@acme.test", "robert", "robert@acme.test", "bob@acme.example", "ROBERT@Acme.Example"}) {
                assertEquals("temporary-auth-failure", attempt(server, name, "bob"), name + " with the right password");
            }
            assertEquals("temporary-auth-failure", attempt(server, "robert", "wrong"),
                    "a wrong password is answered as the right one while locked: no oracle");
            assertEquals("success", attempt(server, "alice", "alice"), "other accounts are not locked");
        }
    }

    /** One failed attempt under each name (the default throttle locks at 5). */
    private static void failUnder(TestServer server, String... names) throws Exception {
        for (String name : names) {
            assertEquals("not-authorized", attempt(server, name, "wrong"), name);
        }
    }

    @Test
    void failuresUnderAnotherAddressCountAgainstTheAccount() throws Exception {
        try (TestServer server = TestServer.start()) {
            failUnder(server, "robert", "bob@acme.example", "robert@acme.test", "Bob", "bob@acme.test");
            assertEquals("temporary-auth-failure", attempt(server, "bob", "bob"));
        }
    }

    @Test
    void scramIsRefusedForALockedAccountBeforeAnyProof() throws Exception {
        try (TestServer server = TestServer.start()) {
            failUnder(server, "robert", "robert", "robert", "robert", "robert");
            SASLErrorException e = assertThrows(SASLErrorException.class,
                    () -> SmackClients.login(server, "bob@acme.test", "bob", "scram", b -> { }));
            assertEquals("SCRAM-SHA-256", e.getMechanism());
            assertEquals(SASLError.temporary_auth_failure, e.getSASLFailure().getSASLError());
        }
    }

    @Test
    void guessesAtAnUnknownNameAreCountedUnderThatNameInEveryForm() throws Exception {
        try (TestServer server = TestServer.start()) {
            failUnder(server, "nobody", "Nobody", "nobody@acme.test", "NOBODY@acme.example", "nobody@ACME.TEST");
            assertEquals("temporary-auth-failure", attempt(server, "nobody", "x"));
            assertEquals("success", attempt(server, "alice", "alice"));
        }
    }

    @Test
    void locksAnAddressOutAfterRepeatedFailures() throws Exception {
        try (TestServer server = TestServer.start(c -> c.withAuth(c.auth().withThrottle(new AuthConfig.ThrottleConfig(2, 100, 300))))) {
            for (String user : new String[] {"alice", "erin"}) {
                try (RawClient c = readyForSasl(server)) {
                    c.send(plain(user, "wrong"));
                    c.await("</failure>");
                }
            }
            try (RawClient c = readyForSasl(server)) {
                c.send(plain("carol@globex.test", "carol"));
                assertTrue(c.await("</failure>").contains("<temporary-auth-failure/>"));
            }
        }
    }

    @Test
    void closesTheConnectionAfterTooManyAttempts() throws Exception {
        try (TestServer server = TestServer.start(); RawClient c = readyForSasl(server)) {
            for (int i = 0; i < 2; i++) {
                c.send(plain("erin", "nope" + i));
                c.await("</failure>");
            }
            c.send(plain("erin", "nope-again"));
            c.await("</failure>");
            String rest = c.awaitClose();
            assertTrue(rest.contains("<policy-violation "), rest);
        }
    }

    @Test
    void unknownMechanismGetsInvalidMechanism() throws Exception {
        try (TestServer server = TestServer.start(); RawClient c = readyForSasl(server)) {
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='DIGEST-MD5'/>");
            assertTrue(c.await("</failure>").contains("<invalid-mechanism/>"));
        }
    }

    @Test
    void unauthenticatedConnectionTimesOut() throws Exception {
        LimitsConfig shortWait = new LimitsConfig(null, null, null, null, null, 1, null, null);
        try (TestServer server = TestServer.start(c -> c.withLimits(shortWait)); RawClient c = RawClient.plain(server)) {
            c.openStream("acme.test");
            String t = c.awaitClose();
            assertTrue(t.contains("<connection-timeout "), t);
        }
    }
}
