package net.bluemind.xmpp.jmh;

import java.nio.charset.StandardCharsets;

import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlParser;

/**
 * What the benchmarks feed the engine: stanzas shaped like what today's clients (Conversations, Gajim,
 * Dino) send, with the extensions they add to every message.
 */
final class Stanzas {

    static final String DOMAIN = "example.com";
    static final String ALICE = "alice@example.com";
    static final String ALICE_PHONE = "alice@example.com/phone";
    static final String BOB = "bob@example.com";
    static final String BOB_DESKTOP = "bob@example.com/desktop";

    /** The opening a client sends after authentication; the decoder wants a stream before stanzas. */
    static final String STREAM_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";

    /** A chat message to a full JID: body, receipt request, chat marker, origin-id, chat state. */
    static final String MESSAGE = "<message to='" + BOB_DESKTOP + "' type='chat' id='5f0c8e2a-4b1d-4c7e-9a3f-2d6e8b1c0a97'"
            + " xml:lang='en'><body>Hi Bob! Are we still on for the review at 3pm? I've pushed the last fixes &amp; the notes.</body>"
            + "<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>"
            + "<origin-id xmlns='urn:xmpp:sid:0' id='5f0c8e2a-4b1d-4c7e-9a3f-2d6e8b1c0a97'/>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";

    /** The same message to the bare JID (delivered to the highest-priority resource). */
    static final String MESSAGE_BARE = MESSAGE.replace("to='" + BOB_DESKTOP + "'", "to='" + BOB + "'");

    /** A presence update with entity capabilities (XEP-0115). */
    static final String PRESENCE = "<presence id='c1d2e3f4'><show>away</show><status>In a meeting</status><priority>5</priority>"
            + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im'"
            + " ver='Fv1+Y9Ngz5rVd5wy8aqKHHOHxbw='/></presence>";

    /** A ping to the server (XEP-0199), the commonest iq of an idle client. */
    static final String IQ = "<iq type='get' id='ping-7c41' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>";

    private Stanzas() {
    }

    static String xml(String kind) {
        return switch (kind) {
            case "message" -> MESSAGE;
            case "presence" -> PRESENCE;
            case "iq" -> IQ;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** The stanza as the stream decoder hands it on (jabber:client, no xmlns attribute). */
    static Element element(String xml) {
        return XmlParser.parse(xml, Namespaces.CLIENT);
    }
}
