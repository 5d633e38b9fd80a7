package net.bluemind.xmpp.archive.elasticsearch;

import static net.bluemind.xmpp.server.archive.QuerySpec.archiveOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.bluemind.xmpp.server.archive.MessageArchiveContract;
import net.bluemind.xmpp.server.plugins.PluginHost;
import net.bluemind.xmpp.spi.ArchiveRejectedException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;
import net.bluemind.xmpp.spi.MessageArchiveProvider;

/** The archive contract against a real Elasticsearch, and what only this backend promises: BlueMind's view. */
class ElasticsearchArchiveTest extends MessageArchiveContract {

    private static ElasticsearchProcess elasticsearch;
    private static RestCalls rest;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startElasticsearch() {
        elasticsearch = ElasticsearchProcess.shared();
        rest = new RestCalls(elasticsearch.url());
    }

    @Override
    protected void reset() {
        rest.deleteArchiveIndices();
    }

    @Override
    protected MessageArchive newArchive() {
        return open(Map.of("url", elasticsearch.url()));
    }

    @Test
    void theProviderIsFoundByItsName() {
        List<String> names = ServiceLoader.load(MessageArchiveProvider.class).stream().map(p -> p.get().name()).toList();
        assertTrue(names.contains("elasticsearch"), names.toString());
        assertEquals("elasticsearch at " + elasticsearch.url() + " (alias im_write_alias)", archive.describe());
    }

    @Test
    void theIndexIsCreatedOnFirstUseBehindBothAliasesWithItsMapping() {
        assertEquals(404, rest.get("/_alias/im_write_alias").status(), "nothing before the first call");
        storeConversation(1);

        JsonNode aliases = rest.get("/_alias/im_write_alias,im_read_alias").body();
        assertEquals(1, aliases.size(), "one index: " + aliases);
        String index = aliases.fieldNames().next();
        assertTrue(index.matches("im_\\d+"), index);
        assertTrue(aliases.get(index).get("aliases").get("im_write_alias").get("is_write_index").asBoolean());
        assertTrue(aliases.get(index).get("aliases").has("im_read_alias"));

        JsonNode mapping = rest.get("/" + index + "/_mapping").body().get(index).get("mappings");
        assertEquals("false", mapping.get("dynamic").asText());
        JsonNode fields = mapping.get("properties");
        for (String keyword : new String[] { "id", "from", "to", "owner", "with", "stanzaId", "originId", "type" }) {
            assertEquals("keyword", fields.get(keyword).get("type").asText(), keyword);
        }
        assertEquals("text", fields.get("message").get("type").asText());
        assertEquals("long", fields.get("timecreate").get("type").asText());
        assertEquals("long", fields.get("timestamp").get("type").asText());
        assertFalse(fields.get("stanza").get("index").asBoolean(), "stanza is stored, not indexed");
        JsonNode settings = rest.get("/" + index + "/_settings").body().get(index).get("settings").get("index");
        assertEquals("1", settings.get("number_of_shards").asText());
        assertEquals("0", settings.get("number_of_replicas").asText());
    }

    @Test
    void oneDocumentPerMessageHowManyTimesItIsStored() {
        List<ArchivedMessage> batch = messages.conversation(ALICE, BOB, 30);
        store(batch);
        store(batch);
        assertEquals(30, rest.get("/im_read_alias/_count").body().get("count").asLong());
        JsonNode doc = rest.get("/im_read_alias/_doc/" + batch.get(0).stanzaId()).body().get("_source");
        assertEquals(batch.get(0).stanzaId(), doc.get("id").asText());
        assertEquals(ALICE, doc.get("from").asText());
        assertEquals(BOB, doc.get("to").asText());
        assertEquals("message 0", doc.get("message").asText());
        assertEquals(batch.get(0).timeCreate(), doc.get("timecreate").asLong());
        assertEquals(2, doc.get("owner").size());
        assertEquals(List.of(ALICE, BOB), query(archiveOf(BOB)).messages().get(0).owners(), "as stored, for both");
    }

    @Test
    void blueMindsOwnQueryReturnsEachMessageOnceInOrder() {
        List<ArchivedMessage> conversation = storeConversation(40);
        store(List.of(messages.chat(ALICE, CAROL, "someone else")));
        String query = """
                {"query": {"query_string": {"query": "((from:\\"bob@acme.test\\" AND to:\\"alice@acme.test\\") OR (to:\\"bob@acme.test\\" AND from:\\"alice@acme.test\\"))"}},
                 "sort": [{"timecreate": "asc"}], "size": 100}""";
        RestCalls.Answer answer = rest.post("/im_read_alias/_search", query);
        assertEquals(200, answer.status(), answer.toString());
        List<String> ids = new ArrayList<>();
        answer.body().get("hits").get("hits").forEach(hit -> ids.add(hit.get("_source").get("id").asText()));
        assertEquals(ids(conversation), ids);
    }

    @Test
    void anOlderBlueMindIndexGetsTheMissingFields() {
        String blueMindIndex = """
                {"mappings": {"properties": {"id": {"type": "keyword"}, "from": {"type": "keyword"},
                  "to": {"type": "keyword"}, "message": {"type": "text"}, "timecreate": {"type": "long"}}},
                 "aliases": {"im_write_alias": {"is_write_index": true}, "im_read_alias": {}}}""";
        assertEquals(200, rest.put("/im", blueMindIndex).status());

        List<ArchivedMessage> conversation = storeConversation(5);

        JsonNode fields = rest.get("/im/_mapping").body().get("im").get("mappings").get("properties");
        assertEquals("keyword", fields.get("owner").get("type").asText());
        assertEquals("long", fields.get("timestamp").get("type").asText());
        assertEquals(ids(conversation), ids(query(archiveOf(ALICE)).messages()));
    }

    /** An index made by an earlier bm-xmpp (thread without ignore_above) takes an immense thread once its mapping is updated. */
    @Test
    void anIndexOfAnEarlierVersionGetsIgnoreAboveOnItsStoredOnlyFields() {
        String earlierIndex = """
                {"mappings": {"dynamic": false, "properties": {"id": {"type": "keyword"}, "from": {"type": "keyword"},
                  "to": {"type": "keyword"}, "thread": {"type": "keyword"}, "originId": {"type": "keyword"}}},
                 "aliases": {"im_write_alias": {"is_write_index": true}, "im_read_alias": {}}}""";
        assertEquals(200, rest.put("/im", earlierIndex).status());
        ArchivedMessage plain = messages.chat(ALICE, BOB, "long thread");
        ArchivedMessage immenseThread = new ArchivedMessage(plain.owners(), plain.from(), plain.fromResource(),
                plain.to(), plain.toResource(), plain.stanzaId(), plain.originId(), plain.type(),
                "t".repeat(40_000), plain.body(), plain.timestamp(), plain.stanza());

        store(List.of(immenseThread));

        JsonNode fields = rest.get("/im/_mapping").body().get("im").get("mappings").get("properties");
        assertEquals(8191, fields.get("thread").get("ignore_above").asInt());
        assertEquals(ids(List.of(immenseThread)), ids(query(archiveOf(ALICE)).messages()));
    }

    /** Issue 14: a thread longer than a keyword term holds is kept whole in _source, not indexed, and the message stored. */
    @Test
    void anImmenseThreadIsKeptWholeAndItsMessageStored() {
        ArchivedMessage good = messages.chat(ALICE, BOB, "fine");
        ArchivedMessage plain = messages.chat(ALICE, BOB, "a thread longer than Lucene takes in a term");
        ArchivedMessage immenseThread = new ArchivedMessage(plain.owners(), plain.from(), plain.fromResource(),
                plain.to(), plain.toResource(), plain.stanzaId(), "o".repeat(40_000), plain.type(),
                "t".repeat(40_000), plain.body(), plain.timestamp(), plain.stanza());
        ArchivedMessage alsoGood = messages.chat(BOB, ALICE, "fine too");

        store(List.of(good, immenseThread, alsoGood));

        List<ArchivedMessage> found = query(archiveOf(ALICE)).messages();
        assertEquals(ids(List.of(good, immenseThread, alsoGood)), ids(found));
        assertEquals(40_000, found.get(1).thread().length(), "read back whole");
        assertEquals(40_000, found.get(1).originId().length());
    }

    /** A per-item refusal (an immense term in an indexed field) names the message; the rest of the bulk is stored. */
    @Test
    void aMessageElasticsearchRefusesIsNamedAndTheRestStored() {
        ArchivedMessage good = messages.chat(ALICE, BOB, "fine");
        ArchivedMessage plain = messages.chat(ALICE, BOB, "a sender longer than Lucene takes in a term");
        ArchivedMessage immenseFrom = new ArchivedMessage(List.of(BOB), "x".repeat(40_000) + "@acme.test", plain.fromResource(),
                plain.to(), plain.toResource(), plain.stanzaId(), plain.originId(), plain.type(), plain.thread(), plain.body(),
                plain.timestamp(), plain.stanza());
        ArchivedMessage alsoGood = messages.chat(BOB, ALICE, "fine too");

        Throwable failure = failureOf(archive.store(List.of(good, immenseFrom, alsoGood)));

        ArchiveRejectedException refused = assertInstanceOf(ArchiveRejectedException.class, failure);
        assertEquals(List.of(immenseFrom.stanzaId()), refused.stanzaIds());
        assertTrue(refused.getMessage().contains("400"), refused.getMessage());
        assertFalse(refused.getMessage().contains("xxxxxxxxxx"), "no value in the reason: " + refused.getMessage());
        assertEquals(ids(List.of(good, alsoGood)), ids(query(archiveOf(ALICE)).messages()));
    }

    @Test
    void aStanzaIdElasticsearchCannotTakeIsNamedAndTheRestStored() {
        ArchivedMessage good = messages.chat(ALICE, BOB, "fine");
        ArchivedMessage refused = messages.chat(ALICE, BOB, "id too long for an _id");
        ArchivedMessage longId = new ArchivedMessage(refused.owners(), refused.from(), refused.fromResource(),
                refused.to(), refused.toResource(), "x".repeat(600), refused.originId(), refused.type(),
                refused.thread(), refused.body(), refused.timestamp(), refused.stanza());

        for (List<ArchivedMessage> batch : List.of(List.of(good, longId), List.of(longId))) {
            ArchiveRejectedException e = assertInstanceOf(ArchiveRejectedException.class, failureOf(archive.store(batch)));
            assertEquals(List.of(longId.stanzaId()), e.stanzaIds());
        }
        assertEquals(ids(List.of(good)), ids(query(archiveOf(ALICE)).messages()));
    }

    @Test
    void aBatchRefusedForAWhileFailsAndIsStoredWhenRetried() {
        storeConversation(1);
        List<ArchivedMessage> batch = messages.conversation(ALICE, BOB, 5);
        for (String block : new String[] { "read_only_allow_delete", "write" }) {
            setBlock(block, true);
            try {
                Throwable refused = failureOf(archive.store(batch));
                assertFalse(refused instanceof IllegalArgumentException, refused.toString());
            } finally {
                setBlock(block, false);
            }
        }
        store(batch);
        assertEquals(6, query(archiveOf(ALICE)).count());
    }

    @Test
    void opensWhileElasticsearchIsDownAndStoresOnceItIsBack() {
        ArchivedMessage message = messages.chat(ALICE, BOB, "spooled");
        elasticsearch.stop();
        try (MessageArchive opened = newArchive()) {
            assertTrue(failureOf(opened.store(List.of(message))) instanceof ConnectException, "store fails while down");
            assertTrue(failureOf(opened.query(archiveOf(ALICE).build())) instanceof ConnectException,
                    "query fails while down");

            elasticsearch.start();

            await(opened.store(List.of(message)));
            assertEquals(ids(List.of(message)), ids(await(opened.query(archiveOf(BOB).build())).messages()));
            assertEquals(200, rest.get("/_alias/im_write_alias").status(), "index created once reachable");
        } finally {
            elasticsearch.start();
        }
    }

    @Test
    void aServerThatNeverAnswersFailsTheStageWithinTheRequestTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             MessageArchive stuck = open(Map.of("url", "http://127.0.0.1:" + silent.getLocalPort(),
                     "request-timeout-seconds", 1))) {
            long began = System.nanoTime();
            Throwable failure = failureOf(stuck.store(List.of(messages.chat(ALICE, BOB, "lost in the void"))));
            Duration waited = Duration.ofNanos(System.nanoTime() - began);
            assertTrue(failure instanceof SocketTimeoutException, failure.toString());
            assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "failed after " + waited);
        }
    }

    @Test
    void wrongSettingsAreRefusedNamingTheSetting() {
        assertRefused(Map.of("url", "ftp://127.0.0.1:9200"), "archive.settings.url");
        assertRefused(Map.of("url", "http://127.0.0.1:9200, not a url"), "archive.settings.url");
        assertRefused(Map.of("shards", "zero"), "archive.settings.shards");
        assertRefused(Map.of("replicas", -1), "archive.settings.replicas");
        assertRefused(Map.of("request-timeout-seconds", 0), "archive.settings.request-timeout-seconds");
        assertRefused(Map.of("username", "elastic"), "archive.settings.password");
        assertRefused(Map.of("urls", "http://127.0.0.1:9200"), "archive.settings.urls");
    }

    @Test
    void severalUrlsAndCredentialsAreAccepted() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("url", elasticsearch.url() + ", http://127.0.0.1:9");
        settings.put("username", "elastic");
        settings.put("password", "changeme");
        settings.put("shards", 2);
        try (MessageArchive two = open(settings)) {
            assertEquals("elasticsearch at " + elasticsearch.url() + ",http://127.0.0.1:9 (alias im_write_alias)",
                    two.describe());
        }
    }

    private static void setBlock(String block, boolean on) {
        String settings = "{\"index.blocks." + block + "\": " + (on ? "true" : "null") + "}";
        RestCalls.Answer answer = rest.put("/im_write_alias/_settings", settings);
        assertEquals(200, answer.status(), answer.toString());
    }

    private MessageArchive open(Map<String, Object> settings) {
        Iterator<MessageArchiveProvider> providers = ServiceLoader.load(MessageArchiveProvider.class).iterator();
        while (providers.hasNext()) {
            MessageArchiveProvider provider = providers.next();
            if (provider.name().equals("elasticsearch")) {
                return provider.create(new PluginHost(stateDir).context(settings));
            }
        }
        throw new AssertionError("no elasticsearch provider registered");
    }

    private void assertRefused(Map<String, Object> settings, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(settings));
        assertTrue(e.getMessage().startsWith(key + ":"), "names " + key + ": " + e.getMessage());
    }
}
