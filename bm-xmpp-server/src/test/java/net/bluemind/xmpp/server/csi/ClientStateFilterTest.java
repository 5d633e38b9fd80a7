package net.bluemind.xmpp.server.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.XmlParser;

/** XEP-0352 filtering, row by row: what an inactive client is sent at once, what waits, and in which order it comes. */
class ClientStateFilterTest {

    private final List<String> sent = new ArrayList<>();
    private final ClientStateFilter filter = new ClientStateFilter();

    private void deliver(String xml) {
        Element e = XmlParser.parse(xml, "jabber:client");
        filter.deliver(e, s -> sent.add(s.attribute("id")));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "<presence id='x' from='bob@acme.test/a'/>                                       | true  | available presence waits",
            "<presence id='x' from='bob@acme.test/a' type='unavailable'/>                    | true  | unavailable presence waits",
            "<presence id='x' from='bob@acme.test' type='subscribe'/>                        | false | a subscription request goes at once",
            "<presence id='x' from='bob@acme.test' type='subscribed'/>                       | false | a subscription answer goes at once",
            "<presence id='x' from='bob@acme.test/a' type='error'/>                          | false | a presence error goes at once",
            "<message id='x' from='bob@acme.test/a' type='chat'><body>hi</body></message>    | false | a message goes at once",
            "<iq id='x' from='acme.test' type='get'><ping xmlns='urn:xmpp:ping'/></iq>       | false | an iq goes at once",
    })
    void whileInactive(String xml, boolean held, String what) {
        filter.setActive(false, s -> sent.add(s.attribute("id")));
        deliver(xml);
        assertEquals(held ? List.of() : List.of("x"), sent, what);
        assertEquals(held ? 1 : 0, filter.held());
    }

    @Test
    void onlyTheNewestPresenceOfEachSenderIsKeptAndAllComeBeforeWhatIsUrgent() {
        filter.setActive(false, s -> sent.add(s.attribute("id")));
        deliver("<presence id='bob1' from='bob@acme.test/a'/>");
        deliver("<presence id='carol1' from='carol@acme.test/b'/>");
        deliver("<presence id='bob2' from='bob@acme.test/a' type='unavailable'/>");
        assertEquals(2, filter.held());
        deliver("<message id='urgent' from='dave@acme.test/c' type='chat'><body>now</body></message>");
        assertEquals(List.of("carol1", "bob2", "urgent"), sent, "in the order of their last update, then the message");
        assertEquals(0, filter.held());
    }

    @Test
    void becomingActiveSendsWhatWasHeld() {
        filter.setActive(false, s -> sent.add(s.attribute("id")));
        deliver("<presence id='p1' from='bob@acme.test/a'/>");
        filter.setActive(true, s -> sent.add(s.attribute("id")));
        assertEquals(List.of("p1"), sent);
        deliver("<presence id='p2' from='bob@acme.test/a'/>");
        assertEquals(List.of("p1", "p2"), sent, "an active client gets presence at once");
    }
}
