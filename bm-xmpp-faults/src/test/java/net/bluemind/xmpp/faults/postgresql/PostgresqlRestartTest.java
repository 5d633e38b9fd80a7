package net.bluemind.xmpp.faults.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.Databases;
import net.bluemind.xmpp.faults.kit.MessageLoad;
import net.bluemind.xmpp.faults.kit.PrivatePostgres;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * The storage database (PostgreSQL, holding the offline messages and the jdbc archive) stopped for
 * {@code faults.pgOutageSeconds} (12 by default, longer than the pool's 10 s wait for a connection) while alice
 * floods two offline users and bob chats with carol, then started again; the server is not restarted.
 *
 * <p>What must hold: every message alice sent is either stored offline or bounced back to her with an error,
 * never both, never neither, and she was acknowledged all of them; messages to online users are delivered
 * during the outage; the archive ends up with every delivered or stored message exactly once per owner; the
 * storage serves again after the restart; the server stays up and prints no stack trace.
 */
class PostgresqlRestartTest {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.pgOutageSeconds", 12));
    private static final List<String> OFFLINE = List.of("erin@acme.test", "admin@acme.test");

    @TempDir
    Path state;

    @Test
    void noAcknowledgedMessageIsLostAndChatGoesOnWhileTheDatabaseRestarts() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            String db = pg.createDatabase("bmxmpp");
            try (ServerProcess server = ServerProcess.start(state, Configs.standalone(Configs.postgresqlStorage(pg.url(db), """
                      max-offline-per-user: 10000000
                      max-offline-bytes-per-user: 134217728
                    """), """
                    archive: { retry-seconds: 1 }
                    limits:
                      memory: { max-session-bytes: 268435456 }
                    """), List.of("-Xmx512m"));
                 TestClient alice = server.online("alice@acme.test");
                 TestClient bob = server.online("bob@acme.test");
                 TestClient carol = server.online("carol@globex.test")) {
                MessageLoad flood = MessageLoad.flood("m", alice, OFFLINE).start();
                MessageLoad chat = MessageLoad.steady("c", bob, "carol@globex.test", Duration.ofMillis(20)).watch(carol).start();
                Await.until("the load running", Duration.ofSeconds(60), () -> flood.acknowledged() >= 1000 && chat.delivered() >= 50);

                pg.stop();
                long down = System.nanoTime();
                long floodSentAtStop = flood.sent();
                int chatAtStop = chat.delivered();
                // The fault lasts OUTAGE, and the chat between online users goes on through it.
                Await.until("the chat delivering for " + OUTAGE.toSeconds() + " s with PostgreSQL down", OUTAGE.plusSeconds(60),
                        () -> System.nanoTime() - down >= OUTAGE.toNanos() && chat.delivered() >= chatAtStop + 50);
                assertTrue(server.alive(), "the server died while the database was down");
                pg.startAgain();
                long up = System.nanoTime();
                int floodSentAtRestart = flood.sent();
                long ackedAtRestart = flood.acknowledged();

                System.out.printf("restarted after %d s: flood %d sent, %d acknowledged, %d errors; chat %d sent, %d delivered, %d acknowledged%n",
                        OUTAGE.toSeconds(), floodSentAtRestart, ackedAtRestart, flood.errors().cardinality(), chat.sent(), chat.delivered(),
                        chat.acknowledged());
                // Storage serves again without a server restart: messages written after the restart are handled.
                Await.until("messages sent after the restart acknowledged", Duration.ofSeconds(120),
                        () -> flood.acknowledged() > floodSentAtRestart + MessageLoad.FLOOD_WINDOW);
                assertTrue(flood.running() && chat.running(), "a client was disconnected");
                flood.stop();
                chat.stop();
                flood.awaitAcknowledged(Duration.ofSeconds(120));
                chat.awaitAcknowledged(Duration.ofSeconds(120));
                Await.until("every chat message delivered", Duration.ofSeconds(30),
                        () -> chat.delivered() + chat.errors().cardinality() >= chat.sent());
                // Once all arrived: a window taken at the restart would miss what was on its way then.
                MessageLoad.Window duringOutage = chat.window(down, up);
                server.awaitEmptyArchiveSpool(Duration.ofSeconds(120));

                try (Connection c = pg.connect(db)) {
                    MessageLoad.Tally stored = flood.tally(offlineRows(c));
                    BitSet errors = flood.errors();
                    System.out.printf("PostgreSQL down %d s: flood %d sent (%d at the stop, %d at the restart, %d acknowledged then),"
                                    + " %d acknowledged, %d stored offline, %d errors (first: %s); chat %d sent, %d delivered,"
                                    + " during the outage %d sent, %d delivered, slowest %d ms%n",
                            OUTAGE.toSeconds(), flood.sent(), floodSentAtStop, floodSentAtRestart, ackedAtRestart, flood.acknowledged(),
                            stored.numbers().cardinality(), errors.cardinality(), flood.firstError(), chat.sent(), chat.delivered(),
                            duringOutage.sent(), duringOutage.delivered(), duringOutage.slowestMillis());

                    assertEquals(0, stored.duplicates(), "offline messages stored twice");
                    BitSet both = (BitSet) stored.numbers().clone();
                    both.and(errors);
                    assertTrue(both.isEmpty(), "stored and yet bounced with an error: " + both);
                    BitSet decided = (BitSet) stored.numbers().clone();
                    decided.or(errors);
                    assertEquals(flood.sent(), decided.cardinality(), "every message is stored or bounced; missing: " + missing(decided, flood.sent()));
                    assertEquals(flood.sent(), decided.length() - 1, "nothing stored that was not sent");
                    assertTrue(stored.numbers().get(flood.sent()), "the last message, sent well after the restart, is stored");

                    chat.assertExact();
                    duringOutage.assertAllDelivered("while PostgreSQL was down", Duration.ofSeconds(2));

                    assertArchived(c, flood, stored.numbers(), "alice@acme.test");
                    assertArchived(c, chat, all(chat.sent()), "bob@acme.test");
                    assertArchived(c, chat, all(chat.sent()), "carol@globex.test");
                }
                assertTrue(server.alive(), "the server is up");
                assertEquals(List.of(), server.stackTraceLines(), "stack traces in the server log");
                assertEquals(List.of(), server.logLines("<body>"), "message bodies in the server log");
            }
        }
    }

    private static List<String> offlineRows(Connection c) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String user : OFFLINE) {
            rows.addAll(Databases.strings(c, "SELECT stanza FROM xmpp_offline_message WHERE user_jid = ?", user));
        }
        return rows;
    }

    /** The owner's archive holds exactly {@code expected} of the load's messages, each once. */
    private static void assertArchived(Connection c, MessageLoad load, BitSet expected, String owner) throws Exception {
        MessageLoad.Tally archived = load.tally(Databases.strings(c, "SELECT stanza FROM xmpp_archive WHERE owner_jid = ?", owner));
        assertEquals(0, archived.duplicates(), owner + "'s archive holds messages twice");
        BitSet extra = (BitSet) archived.numbers().clone();
        extra.andNot(expected);
        BitSet absent = (BitSet) expected.clone();
        absent.andNot(archived.numbers());
        assertTrue(extra.isEmpty() && absent.isEmpty(), owner + "'s archive: " + absent.cardinality() + " missing (" + first(absent)
                + "), " + extra.cardinality() + " that should not be there (" + first(extra) + ")");
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(1, n + 1);
        return b;
    }

    private static String missing(BitSet decided, int sent) {
        BitSet m = all(sent);
        m.andNot(decided);
        return first(m);
    }

    private static String first(BitSet b) {
        return b.stream().limit(10).boxed().toList() + (b.cardinality() > 10 ? "..." : "");
    }
}
