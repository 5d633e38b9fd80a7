package net.bluemind.xmpp.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.bluemind.xmpp.server.engine.InMemoryEngine;
import net.bluemind.xmpp.server.engine.InMemoryEngine.Client;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * RFC 6121 §8.5, the server's rules for a message to a local user, row by row, on the in-memory engine (routing is
 * synchronous there: what a client did not get right after a send, it will not get). The rows of §8.5.3.2.1 for chat,
 * normal and headline messages to an unavailable full JID are not pinned here: issue 19 revisits them.
 */
class MessageRoutingRulesTest {

    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private InMemoryEngine engine;
    private Client alice;

    @BeforeEach
    void start() {
        engine = new InMemoryEngine("acme.test").accounts("alice@acme.test", "bob@acme.test");
        alice = engine.online("alice@acme.test/phone", 0);
    }

    private static String message(String to, String type, String body) {
        return "<message to='" + to + "'" + (type == null ? "" : " type='" + type + "'") + "><body>" + body + "</body></message>";
    }

    private static List<String> bodies(List<Element> stanzas) {
        return stanzas.stream().filter(e -> e.is("message", Namespaces.CLIENT)).map(e -> e.childText("body", Namespaces.CLIENT)).toList();
    }

    /** The defined condition of the one error alice got back, or a failure naming what she got. */
    private String errorBack() {
        List<Element> back = alice.take();
        assertEquals(1, back.size(), "one error back: " + back);
        Element m = back.get(0);
        assertEquals("error", m.attribute("type"), m.toString());
        Element error = m.firstChild("error", Namespaces.CLIENT);
        assertNotNull(error, m.toString());
        for (Element c : error.childElements()) {
            if (STANZAS.equals(c.namespace()) && !"text".equals(c.name())) {
                return c.name();
            }
        }
        throw new AssertionError("no defined condition in " + m);
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(strings = {"chat", "normal", ""})
    void toTheBareJidChatAndNormalGoToTheHighestNonNegativePriorityOnly(String type) {
        Client desktop = engine.online("bob@acme.test/desktop", 5);
        Client phone = engine.online("bob@acme.test/phone", 1);
        Client watch = engine.online("bob@acme.test/watch", -1);
        engine.forgetReceived();
        alice.send(message("bob@acme.test", type.isEmpty() ? null : type, "hello"));
        assertEquals(List.of("hello"), bodies(desktop.take()));
        assertEquals(List.of(), phone.take(), "§8.5.2.1.1: lower priority");
        assertEquals(List.of(), watch.take(), "§8.5.2.1.1: negative priority");
        assertEquals(List.of(), alice.take(), "no error");
    }

    @Test
    void toTheBareJidResourcesSharingTheHighestPriorityAllGetIt() {
        Client desktop = engine.online("bob@acme.test/desktop", 5);
        Client laptop = engine.online("bob@acme.test/laptop", 5);
        engine.forgetReceived();
        alice.send(message("bob@acme.test", "chat", "both"));
        assertEquals(List.of("both"), bodies(desktop.take()));
        assertEquals(List.of("both"), bodies(laptop.take()));
    }

    @Test
    void aHeadlineToTheBareJidGoesToEveryNonNegativeResource() {
        Client desktop = engine.online("bob@acme.test/desktop", 5);
        Client phone = engine.online("bob@acme.test/phone", 0);
        Client watch = engine.online("bob@acme.test/watch", -1);
        engine.forgetReceived();
        alice.send(message("bob@acme.test", "headline", "news"));
        assertEquals(List.of("news"), bodies(desktop.take()));
        assertEquals(List.of("news"), bodies(phone.take()));
        assertEquals(List.of(), watch.take());
    }

    @Test
    void groupchatToAUserIsRefusedWithServiceUnavailable() {
        Client desktop = engine.online("bob@acme.test/desktop", 5);
        engine.forgetReceived();
        alice.send(message("bob@acme.test", "groupchat", "room?"));
        assertEquals("service-unavailable", errorBack());
        assertEquals(List.of(), desktop.take());
        alice.send(message("bob@acme.test/nowhere", "groupchat", "room?"));
        assertEquals("service-unavailable", errorBack(), "§8.5.3.2.1: no such resource");
    }

    @Test
    void anErrorMessageNobodyCanTakeIsDroppedWithoutAWord() {
        engine.forgetReceived();
        alice.send(message("bob@acme.test", "error", "lost"));
        alice.send(message("bob@acme.test/nowhere", "error", "lost"));
        assertEquals(List.of(), alice.take(), "no error answers an error");
        Client desktop = engine.online("bob@acme.test/desktop", 0);
        assertEquals(List.of(), desktop.take(), "and nothing was kept offline");
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(strings = {"chat", "normal"})
    void withoutAvailableResourcesChatAndNormalAreKeptOffline(String type) {
        Client watch = engine.online("bob@acme.test/watch", -1); // §8.5.2.1.1: only negative priorities = none available
        engine.forgetReceived();
        alice.send(message("bob@acme.test", type, "later"));
        assertEquals(List.of(), alice.take(), "kept, not refused");
        assertEquals(List.of(), watch.take());
        Client desktop = engine.bound("bob@acme.test/desktop");
        desktop.send("<presence/>");
        List<Element> flushed = desktop.take().stream().filter(e -> e.is("message", Namespaces.CLIENT)).toList();
        assertEquals(List.of("later"), bodies(flushed), "delivered from offline storage on the initial presence");
        assertNotNull(flushed.get(0).firstChild("delay", "urn:xmpp:delay"), "with its XEP-0203 delay");
    }

    @Test
    void aHeadlineNobodyCanSeeIsDropped() {
        alice.send(message("bob@acme.test", "headline", "stale news"));
        assertEquals(List.of(), alice.take());
        Client desktop = engine.bound("bob@acme.test/desktop");
        desktop.send("<presence/>");
        assertEquals(List.of(), bodies(desktop.take()), "§8.5.2.2.1: not stored");
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(strings = {"chat", "normal", "headline", "groupchat"})
    void toAnAvailableFullJidOnlyThatResourceGetsIt(String type) {
        Client desktop = engine.online("bob@acme.test/desktop", 5);
        Client watch = engine.online("bob@acme.test/watch", -1);
        engine.forgetReceived();
        alice.send(message("bob@acme.test/watch", type, "wrist"));
        assertEquals(List.of("wrist"), bodies(watch.take()), "§8.5.3.1, whatever its priority");
        assertEquals(List.of(), desktop.take());
        assertEquals(List.of(), alice.take());
    }

    @Test
    void aMessageToAUserThatDoesNotExistIsRefused() {
        alice.send(message("nobody@acme.test", "chat", "hello?"));
        assertEquals("service-unavailable", errorBack(), "§8.5.2.2.1 / §8.5.1");
    }

    @Test
    void theRecipientSeesTheSendersFullJidAndTheServersStanzaId() {
        Client desktop = engine.online("bob@acme.test/desktop", 0);
        engine.forgetReceived();
        alice.send(message("bob@acme.test", "chat", "stamped"));
        Element got = desktop.take().get(0);
        assertEquals("alice@acme.test/phone", got.attribute("from"));
        Element id = got.firstChild("stanza-id", "urn:xmpp:sid:0");
        assertNotNull(id, "XEP-0359 stanza id: " + got);
        assertEquals("bob@acme.test", id.attribute("by"));
        assertTrue(!id.attribute("id").isEmpty());
    }
}
