package net.bluemind.xmpp.server.privatexml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import net.bluemind.xmpp.server.testkit.RawClient;
import net.bluemind.xmpp.server.testkit.SmackClients;
import net.bluemind.xmpp.server.testkit.TestServer;

/** XEP-0049 private XML storage, and XEP-0048 bookmarks kept in it, over real sockets. */
class PrivateXmlTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static DefaultPrivateData prefs(String nick) {
        DefaultPrivateData d = new DefaultPrivateData("prefs", "urn:test:prefs");
        d.setValue("defaultnick", nick);
        return d;
    }

    @Test
    void storesReturnsAndReplacesAnElementPerNamespace() throws Exception {
        XMPPTCPConnection alice = SmackClients.login(server, "alice@acme.test", "private");
        XMPPTCPConnection alice2 = SmackClients.login(server, "alice@acme.test", "private2");
        try {
            PrivateDataManager store = PrivateDataManager.getInstanceFor(alice);
            assertTrue(store.isSupported());
            DefaultPrivateData nothing = (DefaultPrivateData) store.getPrivateData("prefs", "urn:test:prefs");
            assertTrue(nothing.getNames().isEmpty(), "nothing stored yet: the empty element");

            store.setPrivateData(prefs("Hamlet"));
            DefaultPrivateData read = (DefaultPrivateData) PrivateDataManager.getInstanceFor(alice2).getPrivateData("prefs", "urn:test:prefs");
            assertEquals("Hamlet", read.getValue("defaultnick"));

            store.setPrivateData(prefs("Macbeth"));
            read = (DefaultPrivateData) store.getPrivateData("prefs", "urn:test:prefs");
            assertEquals("Macbeth", read.getValue("defaultnick"), "a set replaces the element");

            DefaultPrivateData other = (DefaultPrivateData) store.getPrivateData("prefs", "urn:test:other");
            assertTrue(other.getNames().isEmpty(), "keyed by namespace too");
        } finally {
            alice.disconnect();
            alice2.disconnect();
        }
        XMPPTCPConnection bob = SmackClients.login(server, "bob@acme.test", "private");
        try {
            DefaultPrivateData bobs = (DefaultPrivateData) PrivateDataManager.getInstanceFor(bob).getPrivateData("prefs", "urn:test:prefs");
            assertTrue(bobs.getNames().isEmpty(), "each account has its own storage");
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void refusesReservedNamespacesOtherAccountsAndEmptyQueries() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "raw");
            c.send("<iq type='set' id='p1'><query xmlns='jabber:iq:private'><x xmlns='jabber:iq:roster'/></query></iq>");
            String jabber = c.await("</iq>");
            assertTrue(jabber.contains("<not-acceptable"), jabber);
            c.send("<iq type='get' id='p2'><query xmlns='jabber:iq:private'><vCard xmlns='vcard-temp'/></query></iq>");
            String vcard = c.await("</iq>");
            assertTrue(vcard.contains("<not-acceptable"), vcard);
            c.send("<iq type='get' id='p3' to='bob@acme.test'><query xmlns='jabber:iq:private'><prefs xmlns='urn:test:prefs'/></query></iq>");
            String other = c.await("</iq>");
            assertTrue(other.contains("<forbidden"), other);
            c.send("<iq type='get' id='p4'><query xmlns='jabber:iq:private'/></iq>");
            String emptyGet = c.await("</iq>");
            assertTrue(emptyGet.contains("<bad-request"), emptyGet);
            c.send("<iq type='set' id='p5'><query xmlns='jabber:iq:private'/></iq>");
            String emptySet = c.await("</iq>");
            assertTrue(emptySet.contains("<not-acceptable"), emptySet);
            c.send("<iq type='set' id='p6' to='erin@acme.test'><query xmlns='jabber:iq:private'><a xmlns='urn:test:a'>1</a>"
                    + "<b xmlns='urn:test:a'>2</b></query></iq>");
            String two = c.await("id=\"p6\"");
            assertTrue(c.await(">").contains("type=\"result\""), two);
            c.send("<iq type='get' id='p7'><query xmlns='jabber:iq:private'><b xmlns='urn:test:a'/></query></iq>");
            String b = c.await("</iq>");
            assertTrue(b.contains(">2</b>"), b);
        }
    }

    @Test
    void legacyBookmarksAreKeptInPrivateStorage() throws Exception {
        XMPPTCPConnection carol = SmackClients.login(server, "carol@globex.test", "bookmarks");
        XMPPTCPConnection carol2 = SmackClients.login(server, "carol@globex.test", "bookmarks2");
        try {
            BookmarkManager bookmarks = BookmarkManager.getBookmarkManager(carol);
            assertTrue(bookmarks.isSupported());
            bookmarks.addBookmarkedConference("The Play", JidCreate.entityBareFrom("play@conference.globex.test"), true,
                    Resourcepart.from("carol"), null);
            bookmarks.addBookmarkedConference("Orchard", JidCreate.entityBareFrom("orchard@conference.globex.test"), false,
                    Resourcepart.from("c"), null);
            List<BookmarkedConference> seen = BookmarkManager.getBookmarkManager(carol2).getBookmarkedConferences();
            assertEquals(List.of("play@conference.globex.test", "orchard@conference.globex.test"),
                    seen.stream().map(b -> b.getJid().toString()).toList());
            assertTrue(seen.get(0).isAutoJoin());
            assertEquals("carol", seen.get(0).getNickname().toString());
        } finally {
            carol.disconnect();
            carol2.disconnect();
        }
    }
}
