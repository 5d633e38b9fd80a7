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

    /**
     * @param defaultNamespace the namespace of unqualified elements (jabber:client for stanzas), as if
     *                         declared around the element: an element that undeclares it ({@code xmlns=""},
     *                         as {@link XmlWriter} writes an element in no namespace) stays in no namespace
     */
    public static Element parse(String xml, String defaultNamespace) {
        try {
            String wrapped = "<w xmlns=\"" + XmlWriter.escape(defaultNamespace, true) + "\">" + xml + "</w>";
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(wrapped));
            try {
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Element read(XMLStreamReader r) throws XMLStreamException {
        Deque<Element.Builder> open = new ArrayDeque<>();
        boolean inWrapper = false;
        while (r.hasNext()) {
            int event = r.next();
            if (!inWrapper) {
                inWrapper = event == XMLStreamConstants.START_ELEMENT;
                continue;
            }
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String ns = r.getNamespaceURI();
                    Element.Builder b = Element.builder(r.getLocalName(), ns == null ? "" : ns);
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        String name = ans == null || ans.isEmpty() ? r.getAttributeLocalName(i)
                                : Namespaces.XML.equals(ans) ? "xml:" + r.getAttributeLocalName(i) : "{" + ans + "}" + r.getAttributeLocalName(i);
                        b.attribute(name, r.getAttributeValue(i));
                    }
                    open.push(b);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (open.isEmpty()) {
                        throw new IllegalArgumentException("no element");
                    }
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
