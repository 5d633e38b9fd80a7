package net.bluemind.xmpp.server.c2s;

import java.util.List;

import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlWriter;

/** The pieces of a client stream that are not stanzas: header, features, errors, close. */
final class StreamFrames {

    static final String CLOSE = "</stream:stream>";

    private StreamFrames() {
    }

    static String header(String from, String id) {
        StringBuilder sb = new StringBuilder(220);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.CLIENT)
                .append("' xmlns:stream='").append(Namespaces.STREAMS).append("' version='1.0' xml:lang='en'");
        if (from != null) {
            sb.append(" from='").append(XmlWriter.escape(from, true)).append('\'');
        }
        if (id != null) {
            sb.append(" id='").append(id).append('\'');
        }
        return sb.append('>').toString();
    }

    static String features(List<Element> features) {
        StringBuilder sb = new StringBuilder(256).append("<stream:features>");
        for (Element f : features) {
            sb.append(XmlWriter.toXml(f, Namespaces.CLIENT));
        }
        return sb.append("</stream:features>").toString();
    }

    static String error(StreamErrorCondition condition, String text) {
        StringBuilder sb = new StringBuilder(200).append("<stream:error><").append(condition.xml())
                .append(" xmlns='").append(Namespaces.STREAM_ERRORS).append("'/>");
        if (text != null) {
            sb.append("<text xmlns='").append(Namespaces.STREAM_ERRORS).append("' xml:lang='en'>")
                    .append(XmlWriter.escape(text, false))
                    .append("</text>");
        }
        return sb.append("</stream:error>").append(CLOSE).toString();
    }

    static Element startTlsFeature() {
        return Element.builder("starttls", Namespaces.TLS).child(Element.empty("required", Namespaces.TLS)).build();
    }

    static Element mechanismsFeature(List<String> mechanisms) {
        Element.Builder b = Element.builder("mechanisms", Namespaces.SASL);
        for (String m : mechanisms) {
            b.textChild("mechanism", Namespaces.SASL, m);
        }
        return b.build();
    }

    static Element bindFeature() {
        return Element.empty("bind", Namespaces.BIND);
    }

    /** RFC 6121 session establishment is obsolete; advertised as optional for old clients (RFC 6121 Appendix E). */
    static Element sessionFeature() {
        return Element.builder("session", Namespaces.SESSION).child(Element.empty("optional", Namespaces.SESSION)).build();
    }
}
