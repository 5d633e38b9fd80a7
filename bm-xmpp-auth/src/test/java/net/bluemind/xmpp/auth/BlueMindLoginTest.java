package net.bluemind.xmpp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.auth.testkit.AuthConfigs;
import net.bluemind.xmpp.auth.testkit.XmppServer;
import net.bluemind.xmpp.coresim.SimHarness;
import net.bluemind.xmpp.server.testkit.Await;

/** Smack clients logging in to the engine wired with {@link BlueMindAuthRepository}, bm-core-sim behind it. */
class BlueMindLoginTest {

    private static final Duration CACHE_TTL = Duration.ofMillis(300);

    private SimHarness sim;
    private XmppServer server;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = SimHarness.start(null);
        server = XmppServer.start(BlueMindAuthRepository.create(AuthConfigs.of(sim, CACHE_TTL)));
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(XMPPTCPConnection::disconnect);
        server.close();
        sim.close();
    }

    private XMPPTCPConnection login(String domain, String username, String password) throws Exception {
        XMPPTCPConnection c = server.client(domain, username, password);
        clients.add(c);
        c.connect();
        c.login();
        return c;
    }

    private SASLError refusal(String domain, String username, String password) {
        SASLErrorException e = assertThrows(SASLErrorException.class, () -> login(domain, username, password));
        return e.getSASLFailure().getSASLError();
    }

    @Test
    void aliceLogsIn() throws Exception {
        assertEquals("alice@acme.test", login("acme.test", "alice", "alice").getUser().asBareJid().toString());
    }

    @Test
    void bobLogsInWithHisOtherAddressOrHisLoginAndBindsHisDefaultEmail() throws Exception {
        assertEquals("bob@acme.test", login("acme.test", "robert@acme.test", "bob").getUser().asBareJid().toString());
        assertEquals("bob@acme.test", login("acme.test", "bob", "bob").getUser().asBareJid().toString());
        assertEquals("bob@acme.test", login("acme.example", "robert", "bob").getUser().asBareJid().toString());
    }

    @Test
    void apiKeyWorksAsAPassword() throws Exception {
        assertEquals("alice@acme.test", login("acme.test", "alice", "alice-api-key").getUser().asBareJid().toString());
    }

    @Test
    void daveIsRefusedUntilGrantedTheImRole() throws Exception {
        assertEquals(SASLError.not_authorized, refusal("acme.test", "dave", "dave"));
        sim.put("/sim/users/acme.test/dave/roles", "[\"hasIM\"]");
        // The refusal was cached: dave gets in once the cache entry expires, well within a few TTLs.
        XMPPTCPConnection[] admitted = new XMPPTCPConnection[1];
        Await.until("dave admitted after the role cache expired", CACHE_TTL.multipliedBy(10), () -> {
            try {
                admitted[0] = login("acme.test", "dave", "dave");
                return true;
            } catch (SASLErrorException e) {
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("dave@acme.test", admitted[0].getUser().asBareJid().toString());
    }

    @Test
    void wrongPasswordIsRefused() {
        assertEquals(SASLError.not_authorized, refusal("acme.test", "alice", "wrong"));
    }

    @Test
    void archivedUserIsRefused() {
        sim.put("/sim/users/acme.test/erin/archived", "true");
        assertEquals(SASLError.account_disabled, refusal("acme.test", "erin", "erin"));
    }

    @Test
    void unknownDomainIsRefused() throws Exception {
        assertEquals(SASLError.not_authorized, refusal("acme.test", "alice@unknown.test", "alice"));
        XMPPTCPConnection c = server.client("unknown.test", "alice", "alice");
        clients.add(c);
        assertThrows(Exception.class, () -> {
            c.connect();
            c.login();
        });
    }

    @Test
    void stoppedCoreIsATemporaryFailureWhileConnectedUsersKeepChatting() throws Exception {
        XMPPTCPConnection alice = login("acme.test", "alice", "alice");
        XMPPTCPConnection bob = login("acme.test", "bob", "bob");
        StanzaCollector bobInbox = bob.createStanzaCollector(new StanzaTypeFilter(Message.class));

        sim.stop();
        long start = System.nanoTime();
        assertEquals(SASLError.temporary_auth_failure, refusal("acme.test", "erin", "erin"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < AuthConfigs.of(sim, CACHE_TTL).authTimeout().toMillis() + 2_000, elapsedMillis + " ms");

        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@acme.test"))
                .ofType(Message.Type.chat).setBody("still here?").build());
        Message received = null;
        long end = System.currentTimeMillis() + 10_000;
        while (received == null && System.currentTimeMillis() < end) {
            Message m = bobInbox.nextResult(1_000);
            if (m != null && "still here?".equals(m.getBody())) {
                received = m;
            }
        }
        assertNotNull(received, "bob got alice's message after bm-core stopped");
        Await.until("alice still connected", Duration.ofSeconds(1), alice::isAuthenticated);
    }
}
