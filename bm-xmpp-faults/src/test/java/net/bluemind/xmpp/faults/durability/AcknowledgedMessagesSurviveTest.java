package net.bluemind.xmpp.faults.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.Databases;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * A client with stream management floods a user who is offline; at a random moment the server is stopped
 * (SIGTERM) or killed (SIGKILL). Every message the client got acknowledged must be in the recipient's offline
 * storage and in both parties' archives after a restart, on H2 and on PostgreSQL.
 *
 * <p>Before acknowledgements waited for durability, a SIGTERM after 500 acknowledged messages kept 1 of them
 * and a kill -9 0 to 164. The load lasts {@code faults.loadSeconds} (10 s by default; the figure is
 * 60: {@code -Dfaults.loadSeconds=60}); the stop comes at a random point in its second half.
 */
class AcknowledgedMessagesSurviveTest {

    private static final String SM = "urn:xmpp:sm:3";
    private static final Pattern BODY = Pattern.compile("<body>m-(\\d+)</body>");
    private static final int BATCH = 50;

    @TempDir
    Path state;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"h2, SIGTERM", "h2, SIGKILL", "postgresql, SIGTERM", "postgresql, SIGKILL"})
    void everyAcknowledgedMessageIsStored(String storage, String stop) throws Exception {
        String pg = "postgresql".equals(storage) ? Databases.createPostgres("bmxmpp_faults") : null;
        try {
            // Unshaped, so that one client saturates the storage (the shaper would hold it to 100 stanzas a second).
            String config = Configs.standalone(storageSection(pg), """
                    limits:
                      memory: { max-session-bytes: 268435456 }
                      inbound-rate: { bytes-per-second: 0, stanzas-per-second: 0 }
                    """);
            long acknowledged = floodThenStop(config, stop);
            // A restart replays the archive spool; the stop after it is clean.
            try (ServerProcess again = ServerProcess.start(state, config, List.of("-Xmx512m"))) {
                again.awaitEmptyArchiveSpool(Duration.ofSeconds(120));
                assertEquals(0, again.terminate(Duration.ofSeconds(90)) % 143, "a clean stop");
            }
            try (Connection db = Databases.open(state, pg)) {
                BitSet offline = numbers(Databases.strings(db,
                        "SELECT stanza FROM xmpp_offline_message WHERE user_jid = ?", "erin@acme.test"));
                BitSet erinsArchive = numbers(Databases.strings(db, "SELECT stanza FROM xmpp_archive WHERE owner_jid = ?", "erin@acme.test"));
                BitSet alicesArchive = numbers(Databases.strings(db, "SELECT stanza FROM xmpp_archive WHERE owner_jid = ?", "alice@acme.test"));
                for (int i = 1; i <= acknowledged; i++) {
                    assertTrue(offline.get(i), "message " + i + " of " + acknowledged + " acknowledged is not in erin's offline storage ("
                            + offline.cardinality() + " there)");
                    assertTrue(erinsArchive.get(i), "message " + i + " acknowledged is not in erin's archive");
                    assertTrue(alicesArchive.get(i), "message " + i + " acknowledged is not in alice's archive");
                }
                System.out.printf("%s %s: %d acknowledged, %d stored offline, 0 lost%n", storage, stop, acknowledged, offline.cardinality());
            }
        } finally {
            if (pg != null) {
                Databases.dropPostgres(pg);
            }
        }
    }

    private static String storageSection(String pg) {
        String common = "  max-offline-per-user: 10000000\n  max-offline-bytes-per-user: 134217728\n";
        return pg == null ? "storage:\n  type: h2\n" + common
                : "storage:\n  type: postgresql\n  url: " + Databases.POSTGRES + pg + "\n  username: postgres\n" + common;
    }

    /** Alice floods erin (offline) with stream management on; returns the last h alice was told before the stop. */
    private long floodThenStop(String config, String stop) throws Exception {
        long loadMillis = Long.getLong("faults.loadSeconds", 10) * 1000;
        long stopAfter = ThreadLocalRandom.current().nextLong(loadMillis / 2, loadMillis);
        try (ServerProcess server = ServerProcess.start(state, config, List.of("-Xmx512m"));
             TestClient alice = TestClient.login("127.0.0.1", server.directTlsPort(), "alice@acme.test", "alice", "flood")) {
            alice.enableStreamManagement();
            AtomicInteger errors = new AtomicInteger();
            AtomicReference<String> firstError = new AtomicReference<>();
            alice.listen(e -> {
                if ("error".equals(e.attribute("type"))) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            });
            Thread sender = new Thread(() -> send(alice), "flood");
            sender.start();
            long end = System.nanoTime() + stopAfter * 1_000_000;
            // The load runs until the chosen moment, with acknowledgements coming in.
            Await.until("the flood acknowledged for " + stopAfter + " ms", Duration.ofMillis(stopAfter).plusSeconds(60), () -> {
                assertTrue(sender.isAlive() && !alice.closed(), "the flood stopped before the server did");
                return System.nanoTime() >= end && alice.acknowledged() > 100;
            });
            long acknowledged = alice.acknowledged();
            if ("SIGKILL".equals(stop)) {
                server.kill();
            } else {
                server.terminate(Duration.ofSeconds(90));
            }
            sender.join(10_000);
            // After a SIGTERM the server acknowledges what it stored before closing the stream: read it all.
            long finalAck = Math.max(acknowledged, alice.acknowledged());
            assertEquals(0, errors.get(), "the server refused messages, first: " + firstError.get());
            assertTrue(finalAck > 100, "too few messages acknowledged for the test to mean anything: " + finalAck);
            System.out.printf("stopped with %s after %d ms: %d acknowledged%n", stop, stopAfter, finalAck);
            return finalAck;
        }
    }

    /** Messages m-1, m-2... in batches with an acknowledgement request each, as fast as the server reads them. */
    private static void send(TestClient alice) {
        StringBuilder batch = new StringBuilder();
        int n = 0;
        try {
            while (!alice.closed()) {
                batch.setLength(0);
                for (int i = 0; i < BATCH; i++) {
                    n++;
                    batch.append("<message to='erin@acme.test' type='chat' id='m").append(n).append("'><body>m-").append(n)
                            .append("</body></message>");
                }
                batch.append("<r xmlns='").append(SM).append("'/>");
                alice.send(batch.toString());
            }
        } catch (java.io.IOException e) {
            // the server went away: the end of the flood
        }
    }

    private static BitSet numbers(List<String> stanzas) {
        BitSet out = new BitSet();
        for (String s : stanzas) {
            Matcher m = BODY.matcher(s);
            if (m.find()) {
                out.set(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }
}
