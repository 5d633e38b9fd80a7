package net.bluemind.xmpp.server.s2s;

import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlWriter;

/** The non-stanza pieces of a server stream: header (with the dialback namespace), dialback elements, errors. */
final class S2sFrames {

    static final String DIALBACK = "jabber:server:dialback";
    static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    static final String CLOSE = "</stream:stream>";

    private S2sFrames() {
    }

    static String header(String from, String to, String id) {
        StringBuilder sb = new StringBuilder(260);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.SERVER)
                .append("' xmlns:stream='").append(Namespaces.STREAMS).append("' xmlns:db='").append(DIALBACK)
                .append("' version='1.0'");
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        return sb.append('>').toString();
    }

    /** {@code <db:result>} or {@code <db:verify>}; a key as text, or a type for an answer. */
    static String dialback(String name, String from, String to, String id, String type, String key) {
        StringBuilder sb = new StringBuilder(200).append("<db:").append(name);
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        attribute(sb, "type", type);
        if (key == null) {
            return sb.append("/>").toString();
        }
        return sb.append('>').append(XmlWriter.escape(key, false)).append("</db:").append(name).append('>').toString();
    }

    static String error(StreamErrorCondition condition, String text) {
        StringBuilder sb = new StringBuilder(200).append("<stream:error><").append(condition.xml())
                .append(" xmlns='").append(Namespaces.STREAM_ERRORS).append("'/>");
        if (text != null) {
            sb.append("<text xmlns='").append(Namespaces.STREAM_ERRORS).append("' xml:lang='en'>")
                    .append(XmlWriter.escape(text, false)).append("</text>");
        }
        return sb.append("</stream:error>").append(CLOSE).toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='").append(XmlWriter.escape(value, true)).append('\'');
        }
    }
}
