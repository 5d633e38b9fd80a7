package net.bluemind.xmpp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tiny, read-only element tree for one top-level stanza or stream element.
 *
 * <p>
 * The client only looks at a handful of attributes and children, so the tree is deliberately minimal: local names,
 * namespace, attributes as a flat name/value array, concatenated text. It lives only while the stanza is handled,
 * so nothing of it stays attached to an idle connection.
 */
final class XmlElement {

    private static final String[] NO_ATTRIBUTES = new String[0];

    private final String name;
    private final String namespace;
    private final String[] attributes;
    private final XmlElement parent;
    private List<XmlElement> children;
    private String text;

    XmlElement(String name, String namespace, String[] attributes, XmlElement parent) {
        this.name = name;
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = attributes == null ? NO_ATTRIBUTES : attributes;
        this.parent = parent;
    }

    String name() {
        return name;
    }

    String namespace() {
        return namespace;
    }

    XmlElement parent() {
        return parent;
    }

    boolean is(String localName, String ns) {
        return name.equals(localName) && namespace.equals(ns);
    }

    /** Attribute by local name, or null. */
    String attr(String localName) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equals(localName)) {
                return attributes[i + 1];
            }
        }
        return null;
    }

    /** Character data directly inside this element ("" when none). */
    String text() {
        return text == null ? "" : text;
    }

    List<XmlElement> children() {
        return children == null ? Collections.emptyList() : children;
    }

    /** First child with this local name, whatever its namespace, or null. */
    XmlElement child(String localName) {
        for (XmlElement c : children()) {
            if (c.name.equals(localName)) {
                return c;
            }
        }
        return null;
    }

    /** First child with this local name and namespace, or null. */
    XmlElement child(String localName, String ns) {
        for (XmlElement c : children()) {
            if (c.is(localName, ns)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The defined condition of an error-carrying element, as {@code <not-authorized/>}: the first child that is not
     * {@code <text/>}, looked up in {@code <error/>} for stanzas and directly in SASL/TLS failures and stream errors.
     */
    String condition() {
        XmlElement error = child("error");
        XmlElement carrier = error != null && !is("error", Ns.STREAMS) ? error : this;
        for (XmlElement c : carrier.children()) {
            if (!c.name.equals("text")) {
                return "<" + c.name + "/>";
            }
        }
        return "(no condition)";
    }

    void addChild(XmlElement child) {
        if (children == null) {
            children = new ArrayList<>(2);
        }
        children.add(child);
    }

    void appendText(String more) {
        // Text usually comes in one piece; concatenating the rare split pieces is cheaper than a builder per element.
        text = text == null ? more : text + more;
    }

    /** Serialises back to XML, for failure messages that show what the server actually sent. */
    String toXml() {
        StringBuilder sb = new StringBuilder(64);
        writeTo(sb, null);
        return sb.toString();
    }

    private void writeTo(StringBuilder sb, String inheritedNs) {
        sb.append('<').append(name);
        if (!namespace.equals(inheritedNs) && !namespace.isEmpty()) {
            sb.append(" xmlns='").append(ClientStanzas.escape(namespace)).append('\'');
        }
        for (int i = 0; i < attributes.length; i += 2) {
            sb.append(' ').append(attributes[i]).append("='").append(ClientStanzas.escape(attributes[i + 1])).append('\'');
        }
        if (children == null && text == null) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (text != null) {
            sb.append(ClientStanzas.escape(text));
        }
        for (XmlElement c : children()) {
            c.writeTo(sb, namespace);
        }
        sb.append("</").append(name).append('>');
    }

    @Override
    public String toString() {
        return toXml();
    }
}
