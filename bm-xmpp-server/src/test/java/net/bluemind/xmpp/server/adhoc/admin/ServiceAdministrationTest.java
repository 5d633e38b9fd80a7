package net.bluemind.xmpp.server.adhoc.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;
import net.bluemind.xmpp.spi.AuthRepository;
import net.bluemind.xmpp.spi.AuthResult;
import net.bluemind.xmpp.spi.ScramCredentials;

/** XEP-0133 commands over real sockets, run by admin@acme.test with Smack's ad-hoc client. */
class ServiceAdministrationTest {

    private static TestServer server;
    private static XMPPTCPConnection admin;
    private static DomainBareJid acme;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        admin = SmackClients.login(server, "admin@acme.test", "console");
        acme = JidCreate.domainBareFrom("acme.test");
    }

    @AfterAll
    static void stop() throws Exception {
        admin.disconnect();
        server.close();
    }

    @Test
    void addUserCreatesAnAccountThatLogsIn() throws Exception {
        AdHocCommandResult done = run("add-user", Map.of("accountjid", List.of("yann@acme.test"),
                "password", List.of("s3cret"), "password-verify", List.of("s3cret")));
        assertTrue(done.isCompleted());
        assertEquals(AdHocCommandNote.Type.info, done.getResponse().getNotes().get(0).getType());
        XMPPTCPConnection yann = SmackClients.login(server, "yann@acme.test", "s3cret", "phone", b -> { });
        try {
            assertEquals("yann@acme.test/phone", yann.getUser().toString());
        } finally {
            yann.disconnect();
        }
        XMPPException.XMPPErrorException again = assertThrows(XMPPException.XMPPErrorException.class,
                () -> run("add-user", Map.of("accountjid", List.of("yann@acme.test"),
                        "password", List.of("other"), "password-verify", List.of("other"))));
        assertEquals(StanzaError.Condition.conflict, again.getStanzaError().getCondition());
    }

    @Test
    void addUserRefusesDifferentPasswordsAndOtherDomains() throws Exception {
        XMPPException.XMPPErrorException differ = assertThrows(XMPPException.XMPPErrorException.class,
                () -> run("add-user", Map.of("accountjid", List.of("zed@acme.test"),
                        "password", List.of("one"), "password-verify", List.of("two"))));
        assertEquals(StanzaError.Condition.bad_request, differ.getStanzaError().getCondition());
        XMPPException.XMPPErrorException elsewhere = assertThrows(XMPPException.XMPPErrorException.class,
                () -> run("add-user", Map.of("accountjid", List.of("zed@globex.test"),
                        "password", List.of("one"), "password-verify", List.of("one"))));
        assertEquals(StanzaError.Condition.forbidden, elsewhere.getStanzaError().getCondition());
    }

    @Test
    void deleteUserEndsTheSessionsWipesTheDataAndLoginsFail() throws Exception {
        Map<String, List<String>> account = Map.of("accountjid", List.of("zoe@acme.test"),
                "password", List.of("zoe-pw"), "password-verify", List.of("zoe-pw"));
        run("add-user", account);
        XMPPTCPConnection zoe = SmackClients.login(server, "zoe@acme.test", "zoe-pw", "laptop", b -> { });
        Roster.getInstanceFor(zoe).createItem(JidCreate.entityBareFrom("alice@acme.test"), "Alice", null);
        AtomicReference<Exception> closedOnError = closedOnError(zoe);

        AdHocCommandResult done = run("delete-user", Map.of("accountjids", List.of("zoe@acme.test")));
        assertTrue(done.getResponse().getNotes().get(0).getValue().contains("zoe@acme.test"));
        Await.until("zoe's stream error", () -> closedOnError.get() != null);
        assertEquals(StreamError.Condition.not_authorized,
                ((XMPPException.StreamErrorException) closedOnError.get()).getStreamError().getCondition());
        assertThrows(SASLErrorException.class, () -> SmackClients.login(server, "zoe@acme.test", "zoe-pw", "again", b -> { }));

        run("add-user", account);
        XMPPTCPConnection reborn = SmackClients.login(server, "zoe@acme.test", "zoe-pw", "new", b -> { });
        try {
            Roster roster = Roster.getInstanceFor(reborn);
            roster.reloadAndWait();
            assertEquals(Set.of(), roster.getEntries(), "the old roster was wiped");
        } finally {
            reborn.disconnect();
        }
    }

    @Test
    void endUserSessionClosesOneSessionOrAll() throws Exception {
        try (RawClient first = RawClient.plain(server); RawClient second = RawClient.plain(server)) {
            first.login("acme.test", "bob", "bob", "one");
            second.login("acme.test", "bob", "bob", "two");
            run("end-user-session", Map.of("accountjids", List.of("bob@acme.test/one")));
            String end = first.awaitClose();
            assertTrue(end.contains("<policy-violation") && end.contains("</stream:stream>"), end);
            second.send("<iq type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>");
            String pong = second.await("id=\"alive\"");
            assertTrue(pong.endsWith("<iq id=\"alive\""), "the other session still works: " + pong);

            run("end-user-session", Map.of("accountjids", List.of("bob@acme.example")));
            assertTrue(second.awaitClose().contains("<policy-violation"), "a bare JID (here on an alias domain) ends every session");
        }
        XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "again");
        bob.disconnect();
    }

    @Test
    void onlineUsersOfTheDomainAreCountedAndListed() throws Exception {
        XMPPTCPConnection erin = SmackClients.login(server, "erin@acme.test", "desk");
        XMPPTCPConnection carol = SmackClients.login(server, "carol@globex.test", "desk");
        try {
            Await.until("erin online", () -> onlineList().equals(List.of("admin@acme.test", "erin@acme.test")));
            assertEquals("2", onlineNum());
        } finally {
            erin.disconnect();
            carol.disconnect();
        }
        Await.until("erin gone", () -> onlineList().equals(List.of("admin@acme.test")));
        assertEquals("1", onlineNum());
    }

    @Test
    void theOnlineListHonoursMaxItems() throws Exception {
        XMPPTCPConnection erin = SmackClients.login(server, "erin@acme.test", "max");
        try {
            Await.until("erin online", () -> onlineList().contains("erin@acme.test"));
            AdHocCommandResult one = run("get-online-users-list", Map.of("max_items", List.of("25")));
            assertTrue(one.getResponse().getForm().getField("onlineuserjids").getValues().size() >= 2);
        } finally {
            erin.disconnect();
        }
    }

    @Test
    void withoutAccountAdministrationAddAndDeleteAreNotAllowed() throws Exception {
        try (TestServer readOnly = TestServer.startWithAuth(vhosts -> new ReadOnly(TestServer.demoAccounts(vhosts)))) {
            XMPPTCPConnection root = SmackClients.login(readOnly, "admin@acme.test", "console");
            try {
                for (String name : List.of("add-user", "delete-user")) {
                    AdHocCommand c = AdHocCommandManager.getInstance(root).getRemoteCommand(acme, ServiceAdministration.NS + "#" + name);
                    XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, c::execute);
                    assertEquals(StanzaError.Condition.not_allowed, e.getStanzaError().getCondition(), name);
                }
            } finally {
                root.disconnect();
            }
        }
    }

    // --- helpers ---

    /** Executes a command and, when it asks, fills its form with {@code answers} and completes it. */
    private static AdHocCommandResult run(String name, Map<String, List<String>> answers) throws Exception {
        AdHocCommand command = AdHocCommandManager.getInstance(admin).getRemoteCommand(acme, ServiceAdministration.NS + "#" + name);
        AdHocCommandResult result = command.execute();
        if (result.isCompleted()) {
            return result;
        }
        FillableForm form = result.asExecutingOrThrow().getFillableForm();
        answers.forEach((var, values) -> {
            if (form.getDataForm().getField(var).getType() == org.jivesoftware.smackx.xdata.FormField.Type.jid_multi) {
                form.setAnswer(var, values);
            } else {
                form.setAnswer(var, values.get(0));
            }
        });
        return command.complete(form.getSubmitForm());
    }

    private static List<String> onlineList() {
        try {
            AdHocCommandResult r = run("get-online-users-list", Map.of("max_items", List.of("none")));
            return r.getResponse().getForm().getField("onlineuserjids").getValuesAsString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String onlineNum() throws Exception {
        AdHocCommandResult r = run("get-online-users-num", Map.of());
        assertTrue(r.isCompleted());
        return r.getResponse().getForm().getField("onlineusersnum").getFirstValue();
    }

    private static AtomicReference<Exception> closedOnError(XMPPTCPConnection c) {
        AtomicReference<Exception> out = new AtomicReference<>();
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                out.set(e);
            }
        });
        return out;
    }

    /** The demo accounts behind a repository that cannot create or delete accounts, like BlueMind's. */
    private record ReadOnly(AuthRepository accounts) implements AuthRepository {
        @Override
        public Set<String> mechanisms(String domain) {
            return accounts.mechanisms(domain);
        }

        @Override
        public CompletionStage<AuthResult> verifyPassword(String domain, String username, String password, ConnectionInfo connection) {
            return accounts.verifyPassword(domain, username, password, connection);
        }

        @Override
        public CompletionStage<Optional<ScramCredentials>> scramCredentials(String domain, String username, String mechanism) {
            return accounts.scramCredentials(domain, username, mechanism);
        }

        @Override
        public CompletionStage<AuthResult> authorize(String domain, String username, ConnectionInfo connection) {
            return accounts.authorize(domain, username, connection);
        }

        @Override
        public CompletionStage<Boolean> userExists(String bareJid) {
            return accounts.userExists(bareJid);
        }
    }
}
