package net.bluemind.xmpp.faults.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.Databases;
import net.bluemind.xmpp.faults.kit.MessageLoad;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * The jdbc archive refusing every write (a constraint the rows break: what a full disk, a permission or a
 * broken migration would also do): messages are delivered and spooled, every one is archived once the refusal
 * ends, and the server's log never shows a message body, although PostgreSQL's errors quote the rows they refuse.
 * Runs on the shared PostgreSQL (nothing is stopped), in a database of its own.
 */
class ArchiveWritesRefusedTest {

    private static final int MESSAGES = 200;

    @TempDir
    Path state;

    @Test
    void refusedWritesAreSpooledAndNoBodyReachesTheLog() throws Exception {
        String db = Databases.createPostgres("bmxmpp_faults");
        try (ServerProcess server = ServerProcess.start(state, Configs.standalone(Configs.postgresqlStorage(Databases.POSTGRES + db, ""),
                "archive: { retry-seconds: 1 }"), List.of("-Xmx256m"));
             TestClient alice = server.online("alice@acme.test");
             TestClient bob = server.online("bob@acme.test");
             Connection c = Databases.open(state, db)) {
            execute(c, "ALTER TABLE xmpp_archive ADD CONSTRAINT faults_refuse_writes CHECK (false) NOT VALID");

            MessageLoad chat = MessageLoad.steady("secret", alice, "bob@acme.test", Duration.ofMillis(5)).watch(bob).start();
            Await.until(MESSAGES + " messages delivered", Duration.ofSeconds(60), () -> chat.delivered() >= MESSAGES);
            chat.stop();
            chat.awaitAcknowledged(Duration.ofSeconds(60));
            Await.until("the refusal logged", Duration.ofSeconds(30), () -> !server.logLines("ArchiveWriter").isEmpty());
            execute(c, "ALTER TABLE xmpp_archive DROP CONSTRAINT faults_refuse_writes");
            server.awaitEmptyArchiveSpool(Duration.ofSeconds(60));

            for (String owner : List.of("alice@acme.test", "bob@acme.test")) {
                MessageLoad.Tally archived = chat.tally(Databases.strings(c, "SELECT stanza FROM xmpp_archive WHERE owner_jid = ?", owner));
                assertEquals(chat.sent(), archived.numbers().cardinality(), owner + "'s archive");
                assertEquals(0, archived.duplicates(), owner + "'s archive holds messages twice");
            }
            chat.assertExact();
            assertEquals(List.of(), server.logLines("secret-"), "message bodies in the server log");
            assertEquals(List.of(), server.stackTraceLines(), "stack traces in the server log");
            System.out.printf("archive refusing writes: %d messages sent, %d delivered, %d acknowledged, all archived after%n", chat.sent(),
                    chat.delivered(), chat.acknowledged());
        } finally {
            Databases.dropPostgres(db);
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
