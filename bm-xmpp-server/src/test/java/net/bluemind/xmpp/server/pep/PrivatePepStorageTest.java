package net.bluemind.xmpp.server.pep;

import static net.bluemind.xmpp.server.pep.PepClients.assertNothingBefore;
import static net.bluemind.xmpp.server.pep.PepClients.events;
import static net.bluemind.xmpp.server.pep.PepClients.nextEvent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.TestServer;

/**
 * XEP-0223 private PEP nodes and the bookmarks kept in them: XEP-0402 (one item per room) and XEP-0048
 * on PEP (one "current" item). The publications are raw XML, since they carry publish-options.
 */
class PrivatePepStorageTest {

    private static final String ALICE = "alice@acme.test";
    private static final String BOOKMARKS = "urn:xmpp:bookmarks:1";
    private static TestServer server;
    private PepClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (PepClients setup = new PepClients(server)) {
            PepClients.subscribe(setup.login("bob@acme.test", "setup"), setup.login(ALICE, "setup"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void disconnect() {
        if (clients != null) {
            clients.close();
        }
    }

    private static String options(String... fields) {
        StringBuilder b = new StringBuilder("<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>");
        for (int i = 0; i < fields.length; i += 2) {
            b.append("<field var='pubsub#").append(fields[i]).append("'><value>").append(fields[i + 1]).append("</value></field>");
        }
        return b.append("</x></publish-options>").toString();
    }

    private static final String PRIVATE = options("persist_items", "true", "access_model", "whitelist");
    private static final String BOOKMARK_OPTIONS = options("persist_items", "true", "max_items", "max",
            "send_last_published_item", "never", "access_model", "whitelist");

    /** Sends an iq and returns the whole answer (up to its end, whatever its form). */
    private static String iq(RawClient c, String id, String to, String payload) throws IOException {
        c.send("<iq type='" + (payload.contains("<publish") || payload.contains("<retract") ? "set" : "get") + "' id='" + id + "'"
                + (to == null ? "" : " to='" + to + "'") + ">" + payload + "</iq>");
        c.await("id=\"" + id + "\"");
        String head = c.await(">");
        return head.endsWith("/>") ? head : head + c.await("</iq>");
    }

    private static String publish(String node, String itemId, String item, String publishOptions) {
        return "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='" + node + "'><item"
                + (itemId == null ? "" : " id='" + itemId + "'") + ">" + item + "</item></publish>" + publishOptions + "</pubsub>";
    }

    private static String items(String node) {
        return "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" + node + "'/></pubsub>";
    }

    @Test
    void aWhitelistNodeIsSeenAndHeardByItsOwnerOnly() throws Exception {
        String node = "urn:test:private";
        clients = new PepClients(server);
        XMPPTCPConnection alice2 = clients.login(ALICE, "two", node);
        XMPPTCPConnection bob = clients.login("bob@acme.test", "desk", node);
        StanzaCollector toAlice2 = events(alice2, ALICE);
        StanzaCollector toBob = events(bob, ALICE);
        try (RawClient alice = RawClient.plain(server); RawClient bobRaw = RawClient.plain(server)) {
            alice.login("acme.test", "alice", "alice", "raw");
            String published = iq(alice, "w1", null, publish(node, "secret", "<note xmlns='urn:test:note'>s3cret</note>", PRIVATE));
            assertTrue(published.contains("type=\"result\"") && published.contains("id=\"secret\""), published);

            nextEvent(toAlice2, node, "s3cret");
            assertNothingBefore(toBob, alice2, bob, "whitelist: not for contacts");

            bobRaw.login("acme.test", "bob", "bob", "raw");
            String denied = iq(bobRaw, "w2", ALICE, items(node));
            assertTrue(denied.contains("<not-allowed") && denied.contains("closed-node"), denied);
            String disco = iq(bobRaw, "w3", ALICE, "<query xmlns='http://jabber.org/protocol/disco#items'/>");
            assertFalse(disco.contains(node), disco);

            String mismatch = iq(alice, "w4", null, publish(node, "x", "<note xmlns='urn:test:note'/>", options("access_model", "presence")));
            assertTrue(mismatch.contains("<conflict") && mismatch.contains("precondition-not-met"), mismatch);
            String again = iq(alice, "w5", null, publish(node, "secret", "<note xmlns='urn:test:note'>v2</note>", PRIVATE));
            assertTrue(again.contains("type=\"result\""), again);
            String own = iq(alice, "w6", null, items(node));
            assertTrue(own.contains(">v2</note>") && !own.contains("s3cret"), own);
        }
    }

    @Test
    void bookmarksOfXep0402AreOneItemPerRoom() throws Exception {
        clients = new PepClients(server);
        XMPPTCPConnection alice2 = clients.login(ALICE, "client", BOOKMARKS);
        StanzaCollector toAlice2 = events(alice2, ALICE);
        try (RawClient alice = RawClient.plain(server)) {
            alice.login("acme.test", "alice", "alice", "raw");
            String first = iq(alice, "b1", null, publish(BOOKMARKS, "play@conference.acme.test",
                    "<conference xmlns='urn:xmpp:bookmarks:1' name='The Play' autojoin='true'><nick>JC</nick></conference>", BOOKMARK_OPTIONS));
            assertTrue(first.contains("type=\"result\""), first);
            String second = iq(alice, "b2", null, publish(BOOKMARKS, "orchard@conference.acme.test",
                    "<conference xmlns='urn:xmpp:bookmarks:1' name='The Orchard'/>", BOOKMARK_OPTIONS));
            assertTrue(second.contains("type=\"result\""), second);
            nextEvent(toAlice2, BOOKMARKS, "orchard@conference.acme.test", "The Orchard");

            String all = iq(alice, "b3", null, items(BOOKMARKS));
            assertTrue(all.indexOf("play@conference.acme.test") < all.indexOf("orchard@conference.acme.test")
                    && all.contains("<nick>JC</nick>"), all);

            XMPPTCPConnection alice3 = clients.prepare(ALICE, "later", BOOKMARKS);
            StanzaCollector toAlice3 = events(alice3, ALICE);
            clients.connect(alice3, BOOKMARKS);
            assertNothingBefore(toAlice3, alice2, alice3, "no last item for a collection");

            String removed = iq(alice, "b4", null, "<pubsub xmlns='http://jabber.org/protocol/pubsub'><retract node='" + BOOKMARKS
                    + "' notify='true'><item id='play@conference.acme.test'/></retract></pubsub>");
            assertTrue(removed.contains("type=\"result\""), removed);
            nextEvent(toAlice2, BOOKMARKS, "retract", "play@conference.acme.test");
            String left = iq(alice, "b5", null, items(BOOKMARKS));
            assertTrue(!left.contains("play@") && left.contains("orchard@"), left);
        }
        try (RawClient bob = RawClient.plain(server)) {
            bob.login("acme.test", "bob", "bob", "raw");
            String denied = iq(bob, "b6", ALICE, items(BOOKMARKS));
            assertTrue(denied.contains("<not-allowed"), denied);
        }
    }

    @Test
    void legacyBookmarksLiveInAPrivateStorageBookmarksNode() throws Exception {
        try (RawClient alice = RawClient.plain(server)) {
            alice.login("acme.test", "alice", "alice", "raw");
            String storage = "<storage xmlns='storage:bookmarks'><conference jid='council@conference.acme.test' autojoin='true' "
                    + "name='Council'><nick>Alice</nick></conference></storage>";
            String stored = iq(alice, "l1", null, publish("storage:bookmarks", "current", storage, PRIVATE));
            assertTrue(stored.contains("type=\"result\""), stored);
            String read = iq(alice, "l2", null, items("storage:bookmarks"));
            assertTrue(read.contains("id=\"current\"") && read.contains("council@conference.acme.test"), read);
            String replaced = iq(alice, "l3", null, publish("storage:bookmarks", "current",
                    "<storage xmlns='storage:bookmarks'/>", PRIVATE));
            assertTrue(replaced.contains("type=\"result\""), replaced);
            String empty = iq(alice, "l4", null, items("storage:bookmarks"));
            assertTrue(!empty.contains("council@") && empty.contains("id=\"current\""), empty);
        }
    }
}
