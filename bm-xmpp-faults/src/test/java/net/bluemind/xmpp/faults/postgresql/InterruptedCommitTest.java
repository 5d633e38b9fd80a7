package net.bluemind.xmpp.faults.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.Databases;
import net.bluemind.xmpp.faults.kit.PrivatePostgres;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * The connection dies while PostgreSQL commits: the transaction is committed, yet the driver reports an error
 * (what {@link PostgresqlRestartTest} meets by chance when the database stops under load: a commit being
 * flushed when the shutdown comes). The server must find out that the message is stored, and acknowledge it
 * without an error; an error would make the client send it again, and the recipient get it twice.
 *
 * <p>Made deterministic with a synchronous standby that does not exist: the commit is written locally, then
 * waits for the standby; terminating that backend ends the wait with the transaction committed.
 */
class InterruptedCommitTest {

    private static final String SM = "urn:xmpp:sm:3";

    @TempDir
    Path state;

    @Test
    void aCommitWhoseAnswerIsLostIsFoundCommittedAndAcknowledgedWithoutError() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            String db = pg.createDatabase("bmxmpp");
            try (ServerProcess server = ServerProcess.start(state, Configs.standalone(Configs.postgresqlStorage(pg.url(db), ""),
                    "archive: { type: none }"), List.of("-Xmx256m"));
                 TestClient alice = TestClient.login("127.0.0.1", server.directTlsPort(), "alice@acme.test", "alice", "commit");
                 Connection admin = pg.connect("postgres")) {
                alice.enableStreamManagement();
                List<String> errors = new CopyOnWriteArrayList<>();
                alice.listen(e -> {
                    if ("error".equals(e.attribute("type"))) {
                        errors.add(e.toString());
                    }
                });
                sendToErin(alice, 1);
                Await.until("the first message acknowledged", Duration.ofSeconds(30), () -> alice.acknowledged() == 1);

                execute(admin, "ALTER SYSTEM SET synchronous_standby_names = 'nobody'");
                execute(admin, "SELECT pg_reload_conf()");
                sendToErin(alice, 2);
                long[] waiting = new long[1];
                Await.until("the commit of message 2 waiting for the standby", Duration.ofSeconds(30),
                        () -> (waiting[0] = backendWaitingForStandby(admin)) > 0);
                execute(admin, "SELECT pg_terminate_backend(" + waiting[0] + ")");
                execute(admin, "ALTER SYSTEM RESET synchronous_standby_names");
                execute(admin, "SELECT pg_reload_conf()");

                Await.until("message 2 acknowledged", Duration.ofSeconds(60), () -> alice.acknowledged() == 2 || alice.closed());
                try (Connection c = pg.connect(db)) {
                    List<String> stored = Databases.strings(c, "SELECT stanza FROM xmpp_offline_message WHERE user_jid = ? ORDER BY id",
                            "erin@acme.test");
                    assertEquals(2, stored.size(), "both messages stored, once each: " + stored);
                }
                assertEquals(List.of(), errors, "a stored message was reported as failed");
                assertEquals(2, alice.acknowledged());
            }
        }
    }

    private static void sendToErin(TestClient alice, int n) throws Exception {
        alice.send("<message to='erin@acme.test' type='chat' id='m-" + n + "'><body>m-" + n + "</body></message><r xmlns='" + SM + "'/>");
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The pid of the server's backend waiting for synchronous replication, or 0. */
    private static long backendWaitingForStandby(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'bm-xmpp' AND wait_event = 'SyncRep'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
