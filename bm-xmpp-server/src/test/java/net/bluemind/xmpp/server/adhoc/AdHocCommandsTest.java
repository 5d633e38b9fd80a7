package net.bluemind.xmpp.server.adhoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** XEP-0050 over real sockets: discovery, who may run what, sessions and their errors. */
class AdHocCommandsTest {

    private static final String ADMIN_NS = "http://jabber.org/protocol/admin";
    private static final Pattern SESSION_ID = Pattern.compile("sessionid=\"([^\"]+)\"");

    private static TestServer server;
    private static XMPPTCPConnection admin;
    private static XMPPTCPConnection alice;
    private static DomainBareJid acme;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        admin = SmackClients.login(server, "admin@acme.test", "console");
        alice = SmackClients.login(server, "alice@acme.test", "desk");
        acme = JidCreate.domainBareFrom("acme.test");
    }

    @AfterAll
    static void stop() throws Exception {
        admin.disconnect();
        alice.disconnect();
        server.close();
    }

    @Test
    void theServerAdvertisesCommands() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(acme);
        assertTrue(info.containsFeature(AdHocProcessor.NS), info.toXML().toString());
        assertTrue(info.containsFeature("jabber:x:data"));
    }

    @Test
    void anAdministratorListsTheAdministrationCommands() throws Exception {
        List<String> nodes = nodes(AdHocCommandManager.getInstance(admin).discoverCommands(acme));
        assertEquals(List.of(ADMIN_NS + "#add-user", ADMIN_NS + "#delete-user", ADMIN_NS + "#end-user-session",
                ADMIN_NS + "#get-online-users-list", ADMIN_NS + "#get-online-users-num"), nodes);
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(admin).discoverInfo(acme, ADMIN_NS + "#add-user");
        assertTrue(info.hasIdentity("automation", "command-node"), info.toXML().toString());
    }

    @Test
    void aUserWhoIsNotAnAdministratorSeesNoneAndIsForbidden() throws Exception {
        assertEquals(List.of(), nodes(AdHocCommandManager.getInstance(alice).discoverCommands(acme)));
        AdHocCommand command = AdHocCommandManager.getInstance(alice).getRemoteCommand(acme, ADMIN_NS + "#get-online-users-num");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, command::execute);
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        assertEquals(StanzaError.Type.CANCEL, e.getStanzaError().getType());
    }

    @Test
    void anAdministratorOfAnotherDomainSeesNothingHere() throws Exception {
        DomainBareJid globex = JidCreate.domainBareFrom("globex.test");
        assertEquals(List.of(), nodes(AdHocCommandManager.getInstance(admin).discoverCommands(globex)));
        AdHocCommand command = AdHocCommandManager.getInstance(admin).getRemoteCommand(globex, ADMIN_NS + "#get-online-users-num");
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, command::execute);
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
    }

    @Test
    void aMultiStageCommandShowsItsFirstForm() throws Exception {
        AdHocCommand command = AdHocCommandManager.getInstance(admin).getRemoteCommand(acme, ADMIN_NS + "#add-user");
        AdHocCommandResult first = command.execute();
        assertFalse(first.isCompleted());
        assertTrue(first.asExecutingOrThrow().getFillableForm().getDataForm().hasField("accountjid"));
        assertEquals(ADMIN_NS, first.asExecutingOrThrow().getFillableForm().getFormType());
    }

    /** Raw XML: Smack 4.5.0-beta5 cannot read a {@code status='canceled'} answer (IllegalArgumentException). */
    @Test
    void aMultiStageCommandCanBeCanceledAndItsSessionThenHasExpired() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "admin", "admin", "raw-cancel");
            c.send(command("x1", "add-user", null, "execute"));
            String first = c.await("</iq>");
            assertTrue(first.contains("status=\"executing\""), first);
            String sid = sessionId(first);
            c.send(command("x2", "add-user", sid, "cancel"));
            String canceled = c.await("</iq>");
            assertTrue(canceled.contains("status=\"canceled\"") && canceled.contains(sid), canceled);
            c.send(command("x3", "add-user", sid, "complete"));
            String expired = c.await("</iq>");
            assertTrue(expired.contains("type=\"error\"") && expired.contains("<not-allowed")
                    && expired.contains("<session-expired"), expired);
        }
    }

    @Test
    void anUnknownSessionIdIsBadAndAnUnknownActionMalformed() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "admin", "admin", "raw-errors");
            c.send(command("y1", "add-user", "no-such-session", "complete"));
            String unknown = c.await("</iq>");
            assertTrue(unknown.contains("type=\"error\"") && unknown.contains("<bad-request")
                    && unknown.contains("<bad-sessionid"), unknown);
            c.send(command("y2", "add-user", null, "leap"));
            String malformed = c.await("</iq>");
            assertTrue(malformed.contains("<bad-request") && malformed.contains("<malformed-action"), malformed);
        }
    }

    private static String command(String id, String name, String sessionId, String action) {
        return "<iq type='set' id='" + id + "' to='acme.test'><command xmlns='" + AdHocProcessor.NS + "' node='" + ADMIN_NS + "#" + name + "'"
                + (sessionId == null ? "" : " sessionid='" + sessionId + "'") + " action='" + action + "'/></iq>";
    }

    private static String sessionId(String reply) {
        Matcher m = SESSION_ID.matcher(reply);
        assertTrue(m.find(), reply);
        return m.group(1);
    }

    private static List<String> nodes(DiscoverItems items) {
        List<String> out = new ArrayList<>();
        for (DiscoverItems.Item i : items.getItems()) {
            out.add(i.getNode());
        }
        return out;
    }
}
