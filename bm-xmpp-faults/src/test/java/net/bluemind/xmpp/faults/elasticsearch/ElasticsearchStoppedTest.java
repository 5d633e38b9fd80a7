package net.bluemind.xmpp.faults.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.bluemind.xmpp.archive.elasticsearch.ElasticsearchProcess;
import net.bluemind.xmpp.archive.elasticsearch.RestCalls;
import net.bluemind.xmpp.faults.kit.Configs;
import net.bluemind.xmpp.faults.kit.MessageLoad;
import net.bluemind.xmpp.faults.kit.ServerProcess;
import net.bluemind.xmpp.faults.kit.TestClient;
import net.bluemind.xmpp.server.testkit.Await;

/**
 * The archive's Elasticsearch (a private one) stopped for {@code faults.esOutageSeconds} (10 by default) while
 * two conversations go on, then started again; the server is not restarted. Every message is delivered during
 * the outage, waits in the spool, and once Elasticsearch is back the index holds exactly one document per
 * message: counted by query, none lost, none twice. The process-level companion of bm-xmpp-archive's
 * in-process ElasticsearchOutageTest.
 */
class ElasticsearchStoppedTest {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.esOutageSeconds", 10));

    @TempDir
    Path state;

    @Test
    void everyMessageIsDeliveredDuringTheOutageAndIndexedOnceAfterIt() throws Exception {
        try (ElasticsearchProcess es = ElasticsearchProcess.startPrivate();
             ServerProcess server = ServerProcess.start(state, Configs.standalone("", """
                     archive:
                       type: elasticsearch
                       retry-seconds: 1
                       settings: { url: "%s", request-timeout-seconds: 5 }
                     """.formatted(es.url())), List.of("-Xmx512m"));
             TestClient alice = server.online("alice@acme.test");
             TestClient bob = server.online("bob@acme.test");
             TestClient carol = server.online("carol@globex.test");
             TestClient erin = server.online("erin@acme.test")) {
            RestCalls rest = new RestCalls(es.url());
            MessageLoad ab = MessageLoad.steady("ab", alice, "bob@acme.test", Duration.ofMillis(20)).watch(bob).start();
            MessageLoad ce = MessageLoad.steady("ce", carol, "erin@acme.test", Duration.ofMillis(20)).watch(erin).start();
            Await.until("both conversations archived", Duration.ofSeconds(60),
                    () -> indexedFrom(rest, "alice@acme.test") >= 50 && indexedFrom(rest, "carol@globex.test") >= 50);

            es.stop();
            long down = System.nanoTime();
            int abAtStop = ab.delivered();
            int ceAtStop = ce.delivered();
            // The fault lasts OUTAGE, and both conversations go on through it.
            Await.until("both conversations delivering for " + OUTAGE.toSeconds() + " s with Elasticsearch down",
                    OUTAGE.plusSeconds(60), () -> System.nanoTime() - down >= OUTAGE.toNanos()
                            && ab.delivered() >= abAtStop + 50 && ce.delivered() >= ceAtStop + 50);
            long up = System.nanoTime();
            es.start();

            ab.stop();
            ce.stop();
            ab.awaitAcknowledged(Duration.ofSeconds(60));
            ce.awaitAcknowledged(Duration.ofSeconds(60));
            Await.until("every message delivered", Duration.ofSeconds(30),
                    () -> ab.delivered() >= ab.sent() && ce.delivered() >= ce.sent());
            // Once all arrived: a window taken at the restart would miss what was on its way then.
            MessageLoad.Window abDuring = ab.window(down, up);
            MessageLoad.Window ceDuring = ce.window(down, up);
            server.awaitEmptyArchiveSpool(Duration.ofSeconds(120));
            Await.until("every message indexed", Duration.ofSeconds(60),
                    () -> indexedFrom(rest, "alice@acme.test") >= ab.sent() && indexedFrom(rest, "carol@globex.test") >= ce.sent());

            MessageLoad.Tally abIndexed = ab.tally(stanzasFrom(rest, "alice@acme.test"));
            MessageLoad.Tally ceIndexed = ce.tally(stanzasFrom(rest, "carol@globex.test"));
            System.out.printf("Elasticsearch down %d s (back in %d ms): alice->bob %d sent, %d delivered, %d acknowledged, %d indexed"
                            + " (%d twice); carol->erin %d sent, %d delivered, %d indexed (%d twice); during the outage %d + %d sent,"
                            + " %d + %d delivered, slowest %d / %d ms; replays: %s%n",
                    OUTAGE.toSeconds(), es.lastStart().toMillis(), ab.sent(), ab.delivered(), ab.acknowledged(),
                    abIndexed.numbers().cardinality(), abIndexed.duplicates(), ce.sent(), ce.delivered(), ceIndexed.numbers().cardinality(),
                    ceIndexed.duplicates(), abDuring.sent(), ceDuring.sent(), abDuring.delivered(), ceDuring.delivered(),
                    abDuring.slowestMillis(), ceDuring.slowestMillis(), server.logLines("spooled messages replayed"));

            ab.assertExact();
            ce.assertExact();
            abDuring.assertAllDelivered("alice->bob while Elasticsearch was down", Duration.ofSeconds(2));
            ceDuring.assertAllDelivered("carol->erin while Elasticsearch was down", Duration.ofSeconds(2));
            assertEquals(ab.sent(), abIndexed.numbers().cardinality(), "alice->bob documents");
            assertEquals(0, abIndexed.duplicates(), "alice->bob messages indexed twice");
            assertEquals(ce.sent(), ceIndexed.numbers().cardinality(), "carol->erin documents");
            assertEquals(0, ceIndexed.duplicates(), "carol->erin messages indexed twice");
            assertEquals(ab.sent() + ce.sent(), count(rest, "{\"match_all\":{}}"), "documents in the index, in all");
            assertFalse(server.logLines("spooled messages replayed").isEmpty(), "the spool was replayed");
            assertTrue(server.alive());
            assertEquals(List.of(), server.stackTraceLines(), "stack traces in the server log");
        }
    }

    /** Documents from {@code jid}, as BlueMind's reader would count them (-1 while the index does not answer). */
    private static long indexedFrom(RestCalls rest, String jid) {
        return count(rest, "{\"term\":{\"from\":\"" + jid + "\"}}");
    }

    private static long count(RestCalls rest, String query) {
        try {
            rest.post("/im_read_alias/_refresh", "{}");
            RestCalls.Answer a = rest.post("/im_read_alias/_count", "{\"query\":" + query + "}");
            return a.status() == 200 ? a.body().get("count").asLong() : -1;
        } catch (AssertionError e) {
            return -1; // not answering yet
        }
    }

    /** The stored stanza of every document from {@code jid}. */
    private static List<String> stanzasFrom(RestCalls rest, String jid) {
        RestCalls.Answer a = rest.post("/im_read_alias/_search", "{\"size\":10000,\"_source\":[\"stanza\"],\"query\":{\"term\":{\"from\":\""
                + jid + "\"}}}");
        assertEquals(200, a.status(), "search: " + a.body());
        List<String> out = new ArrayList<>();
        for (JsonNode hit : a.body().path("hits").path("hits")) {
            out.add(hit.path("_source").path("stanza").asText());
        }
        return out;
    }
}
