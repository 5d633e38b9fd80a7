package net.bluemind.xmpp.server.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.LiveServerTest;
import net.bluemind.xmpp.server.testkit.RawClient;

/** RFC 7622 on the wire: an address that is not a JID gets jid-malformed (RFC 6120 §8.3.3.8), never a lookup. */
class JidValidationTest extends LiveServerTest {

    /** The reply to the message with this id. */
    private static String replyTo(RawClient c, String id) throws Exception {
        String upTo = c.await("\"" + id + "\"");
        return upTo.substring(upTo.lastIndexOf("<message")) + c.await("</message>");
    }

    @Test
    void aToWithTwoAtSignsIsMalformed() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "jids");
            for (String bad : new String[] {"a@b@c", "bob@acme.test@evil.test", "x@exa mple.test", "x@-bad.test", "x@a..test",
                    "a@b:c", "@acme.test", "bob@acme.test/"}) {
                String id = "m" + Integer.toHexString(bad.hashCode());
                c.send("<message to='" + bad + "' id='" + id + "' type='chat'><body>hi</body></message>");
                String reply = replyTo(c, id);
                assertTrue(reply.contains("type=\"error\""), bad + ": " + reply);
                assertTrue(reply.contains("<jid-malformed"), bad + ": " + reply);
            }
            c.send("<iq type='get' id='q1' to='alice@acme.test@globex.test'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            String reply = c.await("</iq>");
            assertTrue(reply.contains("\"q1\""), reply);
            assertTrue(reply.contains("<jid-malformed"), reply);
            c.send("<iq type='get' id='ping1'><ping xmlns='urn:xmpp:ping'/></iq>");
            String after = c.await("\"ping1\"");
            assertTrue(after.contains("\"ping1\"") && !after.contains("<jid-malformed"), "nothing else came before the ping's answer: " + after);
        }
    }

    @Test
    void validAddressesStillWork() throws Exception {
        try (RawClient c = RawClient.plain(server)) {
            c.login("acme.test", "erin", "erin", "valid");
            c.send("<iq type='get' id='v1' to='ACME.test'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            String reply = c.await("</iq>");
            assertTrue(reply.contains("result"), reply);
            c.send("<iq type='get' id='v2' to='Erin@acme.test'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            String own = c.await("</iq>");
            assertTrue(own.contains("result"), own);
        }
    }
}
