package net.bluemind.xmpp.server.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import net.bluemind.xmpp.server.router.IqRequests;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlParser;

/** Resolution of announced caps: one question per unknown ver, verified answers shared, others not. */
class EntityCapsServiceTest {

    /** The XEP-0115 simple example, whose ver is QgayPKawpkPSDYmwT/WM94uAlu0=. */
    private static final String FEATURES = "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
            + "<feature var='http://jabber.org/protocol/caps'/>"
            + "<feature var='http://jabber.org/protocol/disco#info'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/>"
            + "<feature var='http://jabber.org/protocol/muc'/>";
    private static final String VER = "QgayPKawpkPSDYmwT/WM94uAlu0=";

    private final IqRequests requests = new IqRequests();
    private final List<String> changes = new ArrayList<>();
    private final EntityCapsService service = new EntityCapsService(requests,
            List.of((session, before, after) -> changes.add(session.fullJidString() + " " + after.size())));

    private static final class Client implements StanzaSink {
        final List<Element> received = new ArrayList<>();
        final ClientSession session;

        Client(String jid) {
            session = new ClientSession(JidCreate.entityFullFromOrThrowUnchecked(jid), this, "test", false);
        }

        @Override
        public void deliver(Element stanza) {
            received.add(stanza);
        }

        @Override
        public void closeWithError(StreamErrorCondition condition, String text) {
        }
    }

    private static Element presence(String ver) {
        return XmlParser.parse("<presence xmlns='jabber:client'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
                + "node='http://exodus.example/caps' ver='" + ver + "'/></presence>", Namespaces.CLIENT);
    }

    private void answer(Client c, String features) {
        Element q = c.received.get(c.received.size() - 1);
        assertEquals("http://exodus.example/caps#" + q.firstChildElement().attribute("node").split("#")[1],
                q.firstChildElement().attribute("node"));
        Element result = XmlParser.parse("<iq xmlns='jabber:client' type='result' id='" + q.attribute("id") + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'>" + features + "</query></iq>", Namespaces.CLIENT);
        assertTrue(requests.answer(c.session, result));
    }

    @Test
    void asksOnceAndSharesAVerifiedAnswer() {
        Client first = new Client("alice@acme.test/one");
        Client second = new Client("bob@acme.test/two");
        service.available(first.session, presence(VER));
        service.available(second.session, presence(VER));
        assertEquals(1, first.received.size(), "the first resource is asked");
        assertEquals(0, second.received.size(), "the second waits for the same answer");
        assertEquals("acme.test", first.received.get(0).attribute("from"));

        answer(first, FEATURES);

        assertTrue(SessionCaps.featuresOf(first.session).contains("http://jabber.org/protocol/muc"));
        assertTrue(SessionCaps.featuresOf(second.session).contains("http://jabber.org/protocol/muc"));
        assertNotNull(service.cached(Caps.of(presence(VER))));
        assertEquals(Set.of("alice@acme.test/one 4", "bob@acme.test/two 4"), Set.copyOf(changes), "each heard of once");
        assertEquals(2, changes.size());

        Client third = new Client("erin@acme.test/three");
        service.available(third.session, presence(VER));
        assertEquals(0, third.received.size(), "a cached ver needs no question");
        assertEquals(4, SessionCaps.featuresOf(third.session).size());
    }

    @Test
    void anAnswerThatDoesNotMatchItsHashServesOnlyItsResource() {
        Client liar = new Client("alice@acme.test/liar");
        service.available(liar.session, presence("bogus="));
        answer(liar, "<feature var='urn:example:x+notify'/>");
        assertEquals(Set.of("urn:example:x+notify"), SessionCaps.featuresOf(liar.session));
        assertNull(service.cached(Caps.of(presence("bogus="))));

        Client other = new Client("bob@acme.test/other");
        service.available(other.session, presence("bogus="));
        assertEquals(1, other.received.size(), "nobody else relies on an unverified answer");
    }

    @Test
    void aPresenceWithoutCapsOrAnAnswerFromSomeoneElseChangesNothing() {
        Client c = new Client("alice@acme.test/plain");
        service.available(c.session, XmlParser.parse("<presence xmlns='jabber:client'/>", Namespaces.CLIENT));
        assertEquals(0, c.received.size());
        assertEquals(Set.of(), SessionCaps.featuresOf(c.session));

        service.available(c.session, presence(VER + "x"));
        Element q = c.received.get(0);
        Client intruder = new Client("erin@acme.test/x");
        Element forged = XmlParser.parse("<iq xmlns='jabber:client' type='result' id='" + q.attribute("id") + "'/>", Namespaces.CLIENT);
        assertFalse(requests.answer(intruder.session, forged), "only the asked resource answers");
    }
}
