package net.bluemind.xmpp.server.limits;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.LongValues;
import net.bluemind.xmpp.server.testkit.RawClient;

/**
 * Issue 14, over a real socket with the user data in the embedded database: a value longer than the
 * server stores is answered with {@code not-acceptable} (modify) before anything is written, instead of a
 * {@code wait} error for a write that can never succeed, or a silent acceptance; the longest value
 * accepted is stored and read back.
 */
class StoredValueLimitsEdgeTest extends LiveServerTest {

    private static RawClient alice() throws IOException {
        return RawClient.plain(server).login("acme.test", "alice", "alice", "limits");
    }

    /** Sends an iq and returns its answer, from its id to its end. */
    private static String iq(RawClient c, String id, String type, String payload) throws IOException {
        c.send("<iq type='" + type + "' id='" + id + "'>" + payload + "</iq>");
        c.await("id=\"" + id + "\"");
        String head = c.await(">");
        return head.endsWith("/>") ? head : head + c.await("</iq>");
    }

    private static void assertNotAcceptable(String answer) {
        String shown = answer.length() > 300 ? answer.substring(0, 150) + "..." + answer.substring(answer.length() - 150) : answer;
        assertTrue(answer.contains("type=\"error\"") && answer.contains("<not-acceptable") && answer.contains("type=\"modify\""),
                "not-acceptable, to be changed: " + shown);
    }

    private static void assertResult(String answer) {
        assertTrue(answer.contains("type=\"result\""), answer.length() > 300 ? answer.substring(0, 300) : answer);
    }

    @Test
    void rosterNamesAndGroupsOverTheLimitAreNotAcceptable() throws Exception {
        try (RawClient c = alice()) {
            String group = LongValues.utf8(1024, 1).replace('<', 'a');
            assertNotAcceptable(iq(c, "g1", "set", "<query xmlns='jabber:iq:roster'><item jid='long-group@acme.test'><group>" + group
                    + "</group></item></query>"));
            // 300 characters, 1200 bytes: the limit is in bytes, as the storage measures it
            assertNotAcceptable(iq(c, "n1", "set", "<query xmlns='jabber:iq:roster'><item jid='long-name@acme.test' name='"
                    + "😀".repeat(300) + "'/></query>"));
            String longestGroup = LongValues.utf8(1023, 2);
            assertResult(iq(c, "g2", "set", "<query xmlns='jabber:iq:roster'><item jid='fits@acme.test' name='" + LongValues.utf8(1023, 3)
                    + "'><group>" + longestGroup + "</group></item></query>"));
            assertTrue(iq(c, "r1", "get", "<query xmlns='jabber:iq:roster'/>").contains(longestGroup), "the longest group stored");
        }
    }

    @Test
    void privateXmlNamesOverTheLimitAreNotAcceptable() throws Exception {
        try (RawClient c = alice()) {
            String name = "n" + "a".repeat(1_100);
            assertNotAcceptable(iq(c, "p1", "set", "<query xmlns='jabber:iq:private'><" + name + " xmlns='urn:test:long'/></query>"));
            assertNotAcceptable(iq(c, "p2", "set", "<query xmlns='jabber:iq:private'><n xmlns='urn:test:" + "b".repeat(1_100)
                    + "'/></query>"));
            String longest = "n" + "c".repeat(1_022);
            assertResult(iq(c, "p3", "set", "<query xmlns='jabber:iq:private'><" + longest + " xmlns='urn:test:" + "d".repeat(1_014)
                    + "'>kept</" + longest + "></query>"));
            assertTrue(iq(c, "p4", "get", "<query xmlns='jabber:iq:private'><" + longest + " xmlns='urn:test:" + "d".repeat(1_014)
                    + "'/></query>").contains(">kept</"));
        }
    }

    @Test
    void pepNodesAndItemIdsOverTheLimitAreNotAcceptable() throws Exception {
        try (RawClient c = alice()) {
            String payload = "<entry xmlns='urn:test:pep'>x</entry>";
            assertNotAcceptable(iq(c, "e1", "set", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:test:pep'><item id='"
                    + "i".repeat(1_100) + "'>" + payload + "</item></publish></pubsub>"));
            assertNotAcceptable(iq(c, "e2", "set", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='"
                    + "urn:test:" + "n".repeat(1_100) + "'><item id='1'>" + payload + "</item></publish></pubsub>"));
            assertNotAcceptable(iq(c, "e3", "set", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='"
                    + "urn:test:" + "m".repeat(1_100) + "'/></pubsub>"));
            String longestId = LongValues.utf8(1023, 4).replace('<', 'a');
            assertResult(iq(c, "e4", "set", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:test:pep'><item id='"
                    + longestId + "'>" + payload + "</item></publish></pubsub>"));
        }
    }

    @Test
    void blockingAJidTooLongToStoreIsNotAcceptable() throws Exception {
        try (RawClient c = alice()) {
            // a valid full JID (1023-byte local part, domain and resource: RFC 7622's longest)
            String longest = "a".repeat(1_023) + "@" + LongValues.domain(1_023, 5) + "/" + "r".repeat(1_023);
            assertNotAcceptable(iq(c, "b1", "set", "<block xmlns='urn:xmpp:blocking'><item jid='" + longest + "'/></block>"));
            String bare = "a".repeat(1_023) + "@" + LongValues.domain(1_023, 5);
            assertResult(iq(c, "b2", "set", "<block xmlns='urn:xmpp:blocking'><item jid='" + bare + "'/></block>"));
            assertTrue(iq(c, "b3", "get", "<blocklist xmlns='urn:xmpp:blocking'/>").contains(bare), "the longest bare JID stored");
        }
    }
}
