package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.config.ServerConfig;
import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.server.testkit.Await;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** What the server acknowledged is still there after a restart, on H2 and on PostgreSQL. */
class RestartDurabilityTest {

    @TempDir
    Path state;

    @Test
    void rostersAndOfflineMessagesSurviveARestartOnH2() throws Exception {
        survivesRestart(UnaryOperator.identity());
    }

    @Test
    void rostersAndOfflineMessagesSurviveARestartOnPostgresql() throws Exception {
        String db = "bmxmpp_restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try {
            StorageConfig pg = new StorageConfig("postgresql", "jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", null, 4, null);
            survivesRestart(c -> c.withStorage(pg));
        } finally {
            try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private void survivesRestart(UnaryOperator<ServerConfig> storage) throws Exception {
        try (TestServer server = TestServer.startKeeping(state, storage)) {
            XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "before");
            XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "before");
            Roster.getInstanceFor(alice).reloadAndWait();
            Roster.getInstanceFor(bob).reloadAndWait();
            server.awaitAvailable("bob@acme.test/before");
            StanzaCollector bobSees = bob.createStanzaCollector(new StanzaTypeFilter(Presence.class));
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(JidCreate.bareFrom("bob@acme.test")).ofType(Presence.Type.subscribe).build());
            awaitPresence(bobSees, Presence.Type.subscribe);
            bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().to(JidCreate.bareFrom("alice@acme.test")).ofType(Presence.Type.subscribed).build());
            Await.until("alice subscribed to bob", () -> entryType(alice, "bob@acme.test") == RosterPacket.ItemType.to);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("erin@acme.test"))
                    .ofType(Message.Type.chat).setBody("kept across the restart").build());
            org.jivesoftware.smackx.ping.PingManager.getInstanceFor(alice).pingMyServer(true, 10_000);
            alice.disconnect();
            bob.disconnect();
        }
        try (TestServer server = TestServer.startKeeping(state, storage)) {
            XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "after");
            Roster.getInstanceFor(alice).reloadAndWait();
            assertEquals(RosterPacket.ItemType.to, entryType(alice, "bob@acme.test"));
            alice.disconnect();
            XMPPTCPConnection erin = SmackClients.connection(server, "erin@acme.test", "erin", "after", b -> { });
            StanzaCollector inbox = erin.createStanzaCollector(new StanzaTypeFilter(Message.class));
            erin.connect().login();
            Message m = inbox.nextResult(10_000);
            erin.disconnect();
            assertNotNull(m, "the offline message was lost in the restart");
            assertEquals("kept across the restart", m.getBody());
            assertNotNull(DelayInformation.from(m));
        }
    }

    private static RosterPacket.ItemType entryType(XMPPTCPConnection c, String contact) {
        RosterEntry e = Roster.getInstanceFor(c).getEntry(JidCreate.bareFromOrThrowUnchecked(contact));
        return e == null ? null : e.getType();
    }

    private static void awaitPresence(StanzaCollector c, Presence.Type type) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            Presence p = c.nextResult(Math.max(1, end - System.currentTimeMillis()));
            if (p != null && p.getType() == type) {
                return;
            }
        }
        throw new AssertionError("no " + type + " presence");
    }
}
