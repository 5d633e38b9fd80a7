package net.bluemind.xmpp.server.carbons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.bluemind.xmpp.server.engine.InMemoryEngine;
import net.bluemind.xmpp.server.engine.InMemoryEngine.Client;
import net.bluemind.xmpp.xml.Element;

/** XEP-0280 §6: which messages the other resources get a copy of, row by row, on the in-memory engine. */
class CarbonsRulesTest {

    private InMemoryEngine engine;
    private Client bob;
    private Client alicePhone;
    private Client aliceLaptop;

    @BeforeEach
    void start() {
        engine = new InMemoryEngine("acme.test").accounts("alice@acme.test", "bob@acme.test");
        bob = engine.online("bob@acme.test/desktop", 0);
        alicePhone = engine.online("alice@acme.test/phone", 0);
        aliceLaptop = engine.online("alice@acme.test/laptop", 0);
        aliceLaptop.send("<iq type='set' id='c'><enable xmlns='" + Carbons.NS + "'/></iq>");
        assertEquals("result", aliceLaptop.take().get(0).attribute("type"));
        engine.forgetReceived();
    }

    /** The direction of each copy the laptop got ({@code sent}/{@code received}), in order. */
    private List<String> copies() {
        return aliceLaptop.take().stream().map(m -> {
            for (Element c : m.childElements()) {
                if (Carbons.NS.equals(c.namespace())) {
                    return c.name();
                }
            }
            return "original " + m;
        }).toList();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "<message type='chat' to='%s'><body>hi</body></message>                                   | true  | chat",
            "<message to='%s'><body>hi</body></message>                                               | true  | normal with a body",
            "<message type='normal' to='%s'><composing xmlns='http://jabber.org/protocol/chatstates'/></message> | false | normal without a body",
            "<message type='headline' to='%s'><body>hi</body></message>                               | false | headline",
            "<message type='chat' to='%s'><body>hi</body><private xmlns='urn:xmpp:carbons:2'/></message> | false | marked private",
            "<message type='chat' to='%s'><body>hi</body><no-copy xmlns='urn:xmpp:hints'/></message>  | false | no-copy hint",
            "<message type='chat' to='%s'><body>hi</body><x xmlns='http://jabber.org/protocol/muc#user'/></message> | false | a room's private message",
    })
    void aMessageBobSendsToAlicesPhoneIsCopiedToHerLaptopWhenEligible(String xml, boolean copied, String what) {
        bob.send(xml.formatted("alice@acme.test/phone"));
        assertEquals(1, alicePhone.take().size(), "the phone got it");
        assertEquals(copied ? List.of("received") : List.of(), copies(), what);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "<message type='chat' to='%s'><body>hi</body></message>                                   | true  | chat",
            "<message type='headline' to='%s'><body>hi</body></message>                               | false | headline",
            "<message type='chat' to='%s'><body>hi</body><private xmlns='urn:xmpp:carbons:2'/></message> | false | marked private",
    })
    void aMessageAliceSendsFromHerPhoneIsCopiedToHerLaptopWhenEligible(String xml, boolean copied, String what) {
        alicePhone.send(xml.formatted("bob@acme.test"));
        assertEquals(1, bob.take().size(), "bob got it");
        assertEquals(copied ? List.of("sent") : List.of(), copies(), what);
    }

    @Test
    void theRecipientNeverSeesTheSendersPrivateMark() {
        alicePhone.send("<message type='chat' to='bob@acme.test'><body>hi</body><private xmlns='urn:xmpp:carbons:2'/></message>");
        Element got = bob.take().get(0);
        assertEquals(null, got.firstChild("private", Carbons.NS), "§9: removed: " + got);
    }

    @Test
    void aResourceWithoutCarbonsGetsNoCopies() {
        aliceLaptop.send("<iq type='set' id='d'><disable xmlns='" + Carbons.NS + "'/></iq>");
        assertEquals("result", aliceLaptop.take().get(0).attribute("type"));
        bob.send("<message type='chat' to='alice@acme.test/phone'><body>hi</body></message>");
        assertEquals(List.of(), copies());
    }

    @Test
    void aReceivedCopyWrapsTheOriginalFromTheUsersBareJid() {
        bob.send("<message type='chat' to='alice@acme.test/phone' id='m1'><body>hi</body></message>");
        Element copy = aliceLaptop.take().get(0);
        assertEquals("alice@acme.test", copy.attribute("from"));
        assertEquals("alice@acme.test/laptop", copy.attribute("to"));
        Element forwarded = copy.firstChild("received", Carbons.NS).firstChild("forwarded", Carbons.FORWARD_NS);
        assertNotNull(forwarded);
        assertEquals("m1", forwarded.firstChild("message", "jabber:client").attribute("id"));
    }
}
