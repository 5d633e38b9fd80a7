package net.bluemind.xmpp.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.aalto.stax.InputFactoryImpl;

/**
 * Parses one serialized element (a stored stanza, a stored PEP payload) back into an {@link Element}.
 * For trusted, stored XML only: the network goes through the stream decoder and its limits.
 */
public final class XmlParser {

    private static final XMLInputFactory FACTORY = createFactory();

    private XmlParser() {
    }

    private static XMLInputFactory createFactory() {
        InputFactoryImpl f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        return f;
    }

    /** @param defaultNamespace the namespace of unqualified elements (jabber:client for stanzas) */
    public static Element parse(String xml, String defaultNamespace) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return read(r, defaultNamespace);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Element read(XMLStreamReader r, String defaultNamespace) throws XMLStreamException {
        Deque<Element.Builder> open = new ArrayDeque<>();
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String ns = r.getNamespaceURI();
                    Element.Builder b = Element.builder(r.getLocalName(), ns == null || ns.isEmpty() ? defaultNamespace : ns);
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        String name = ans == null || ans.isEmpty() ? r.getAttributeLocalName(i)
                                : Namespaces.XML.equals(ans) ? "xml:" + r.getAttributeLocalName(i) : "{" + ans + "}" + r.getAttributeLocalName(i);
                        b.attribute(name, r.getAttributeValue(i));
                    }
                    open.push(b);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element e = open.pop().build();
                    if (open.isEmpty()) {
                        return e;
                    }
                    open.peek().child(e);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text(r.getText());
                    }
                }
                default -> {
                    // nothing else matters in stored XML
                }
            }
        }
        throw new IllegalArgumentException("no element");
    }
}
