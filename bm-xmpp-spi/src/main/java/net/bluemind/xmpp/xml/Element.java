package net.bluemind.xmpp.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable XML element: a stanza or a piece of one.
 *
 * <p>Attributes are kept as a flat {@code name, value, name, value...} array (stanzas have a handful, a
 * linear scan beats a map); children are {@link Element}s and text {@link String}s in document order.
 * "Changing" an element (stamping {@code from}, say) copies the top level only: children are shared,
 * so routing never rebuilds a payload.
 */
public final class Element {

    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final Object[] NO_CHILDREN = new Object[0];
    /** A String's header and fields, for {@link #footprint()}. */
    private static final int STRING_OVERHEAD = 40;

    private final String name;
    private final String namespace;
    private final String[] attributes;
    private final Object[] children;
    /** {@link #footprint()} once computed (0 until then); a benign race: every thread computes the same value. */
    private int footprint;

    private Element(String name, String namespace, String[] attributes, Object[] children) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
        this.children = children;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** An element with no attribute and no child. */
    public static Element empty(String name, String namespace) {
        return new Element(name, namespace, NO_ATTRIBUTES, NO_CHILDREN);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    /** The attribute's value, or null. Namespaced attributes are named {@code {ns}local}, except {@code xml:lang}. */
    public String attribute(String attributeName) {
        String[] a = attributes;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(attributeName)) {
                return a[i + 1];
            }
        }
        return null;
    }

    public int attributeCount() {
        return attributes.length / 2;
    }

    public String attributeName(int index) {
        return attributes[index * 2];
    }

    public String attributeValue(int index) {
        return attributes[index * 2 + 1];
    }

    public int childCount() {
        return children.length;
    }

    /** Element or String. */
    public Object child(int index) {
        return children[index];
    }

    /** The first child element with that name and namespace, or null. */
    public Element firstChild(String childName, String childNamespace) {
        for (Object c : children) {
            if (c instanceof Element e && e.name.equals(childName) && e.namespace.equals(childNamespace)) {
                return e;
            }
        }
        return null;
    }

    /** The first child element whatever its name, or null. */
    public Element firstChildElement() {
        for (Object c : children) {
            if (c instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    public List<Element> childElements() {
        List<Element> out = new ArrayList<>(children.length);
        for (Object c : children) {
            if (c instanceof Element e) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public int childElementCount() {
        int n = 0;
        for (Object c : children) {
            if (c instanceof Element) {
                n++;
            }
        }
        return n;
    }

    /**
     * An estimate of the heap this element holds, descendants included, in bytes: what a queue holding it
     * costs. Children are shared between copies, so each element remembers its own figure and a stamped
     * copy costs a walk of its top level only.
     */
    public int footprint() {
        int f = footprint;
        if (f == 0) {
            f = measure();
            footprint = f;
        }
        return f;
    }

    private int measure() {
        // Object headers, the two arrays and their slots; strings as Latin-1 (one byte a char) plus their headers.
        long bytes = 32 + 16 + 16 + 4L * (attributes.length + children.length);
        for (String a : attributes) {
            bytes += STRING_OVERHEAD + a.length();
        }
        for (Object c : children) {
            bytes += c instanceof Element e ? e.footprint() : STRING_OVERHEAD + ((String) c).length();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** The concatenated text children (not descendants), or "" when there is none. */
    public String text() {
        if (children.length == 1 && children[0] instanceof String s) {
            return s;
        }
        StringBuilder sb = null;
        for (Object c : children) {
            if (c instanceof String s) {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s);
            }
        }
        return sb == null ? "" : sb.toString();
    }

    /** Text of the first child element with that name and namespace, or null when there is no such child. */
    public String childText(String childName, String childNamespace) {
        Element c = firstChild(childName, childNamespace);
        return c == null ? null : c.text();
    }

    /** A copy with one attribute set (null removes it); children are shared. */
    public Element withAttribute(String attributeName, String value) {
        String[] a = attributes;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(attributeName)) {
                if (Objects.equals(a[i + 1], value)) {
                    return this;
                }
                if (value == null) {
                    String[] copy = new String[a.length - 2];
                    System.arraycopy(a, 0, copy, 0, i);
                    System.arraycopy(a, i + 2, copy, i, a.length - i - 2);
                    return new Element(name, namespace, copy, children);
                }
                String[] copy = a.clone();
                copy[i + 1] = value;
                return new Element(name, namespace, copy, children);
            }
        }
        if (value == null) {
            return this;
        }
        String[] copy = new String[a.length + 2];
        System.arraycopy(a, 0, copy, 0, a.length);
        copy[a.length] = attributeName;
        copy[a.length + 1] = value;
        return new Element(name, namespace, copy, children);
    }

    /** A copy with one more child at the end; attributes and other children are shared. */
    public Element withChild(Element child) {
        Object[] c = java.util.Arrays.copyOf(children, children.length + 1);
        c[children.length] = java.util.Objects.requireNonNull(child);
        return new Element(name, namespace, attributes, c);
    }

    /** A copy without the child elements {@code drop} accepts (this very element when none matches). */
    public Element withoutChildren(java.util.function.Predicate<Element> drop) {
        int kept = 0;
        for (Object c : children) {
            if (!(c instanceof Element e && drop.test(e))) {
                kept++;
            }
        }
        if (kept == children.length) {
            return this;
        }
        Object[] out = new Object[kept];
        int i = 0;
        for (Object c : children) {
            if (!(c instanceof Element e && drop.test(e))) {
                out[i++] = c;
            }
        }
        return new Element(name, namespace, attributes, out);
    }

    /** A copy with {@code from} and {@code to} set in one step (null removes). */
    public Element withAddresses(String from, String to) {
        return withAttribute("from", from).withAttribute("to", to);
    }

    /** A builder holding this element's name, namespace, attributes and children, to add to or change. */
    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        // Shared until the builder changes them: a builder that only adds a child copies the attributes never.
        b.attributes = attributes;
        b.attributeSlots = attributes.length;
        b.attributesShared = true;
        b.children = children;
        b.childCount = children.length;
        b.childrenShared = true;
        return b;
    }

    @Override
    public String toString() {
        return XmlWriter.toXml(this);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Element other)) {
            return false;
        }
        return name.equals(other.name) && namespace.equals(other.namespace)
                && java.util.Arrays.equals(attributes, other.attributes)
                && java.util.Arrays.equals(children, other.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, java.util.Arrays.hashCode(attributes));
    }

    /**
     * Builds elements; also used by the stream parser, so it is allocation-lean: attributes and children
     * go straight into arrays, allocated only when there is something to hold, and an array that is
     * exactly full is handed to the element as it is. The builder stays usable after {@link #build()}:
     * an array an element holds is copied before the builder changes it.
     */
    public static final class Builder {
        private final String name;
        private final String namespace;
        /** {@code name, value, ...} in {@code [0, attributeSlots)}. */
        private String[] attributes = NO_ATTRIBUTES;
        private int attributeSlots;
        private Object[] children = NO_CHILDREN;
        private int childCount;
        /** Whether an element (or the element this builder was made from) holds the array: copy before writing. */
        private boolean attributesShared;
        private boolean childrenShared;
        /**
         * Text appended after the last child, when it came in more than one piece: the parser hands text over in
         * as many pieces as the network delivered it, and joining each piece to a growing string would copy the
         * text over and over (a 256 KiB body sent a byte at a time would cost gigabytes of copying).
         */
        private StringBuilder pendingText;

        private Builder(String name, String namespace) {
            this.name = Objects.requireNonNull(name, "name");
            this.namespace = Objects.requireNonNull(namespace, "namespace");
        }

        /** Sets an attribute; a null value is skipped, so optional attributes read naturally. */
        public Builder attribute(String attributeName, String value) {
            if (value == null) {
                return this;
            }
            for (int i = 0; i < attributeSlots; i += 2) {
                if (attributes[i].equals(attributeName)) {
                    if (attributesShared) {
                        attributes = attributes.clone();
                        attributesShared = false;
                    }
                    attributes[i + 1] = value;
                    return this;
                }
            }
            if (attributesShared || attributeSlots == attributes.length) {
                attributes = java.util.Arrays.copyOf(attributes, Math.max(4, attributeSlots * 2));
                attributesShared = false;
            }
            attributes[attributeSlots++] = attributeName;
            attributes[attributeSlots++] = value;
            return this;
        }

        public Builder child(Element child) {
            addChild(Objects.requireNonNull(child));
            return this;
        }

        private void addChild(Object child) {
            flushText();
            if (childrenShared || childCount == children.length) {
                children = java.util.Arrays.copyOf(children, Math.max(4, childCount * 2));
                childrenShared = false;
            }
            children[childCount++] = child;
        }

        public Builder children(Iterable<Element> elements) {
            for (Element e : elements) {
                child(e);
            }
            return this;
        }

        /** Adds a child element with only a text child (the common {@code <body>hi</body>} shape). */
        public Builder textChild(String childName, String childNamespace, String text) {
            Builder b = new Builder(childName, childNamespace);
            if (text != null && !text.isEmpty()) {
                b.text(text);
            }
            return child(b.build());
        }

        public Builder text(String text) {
            if (text == null || text.isEmpty()) {
                return this;
            }
            if (pendingText != null) {
                pendingText.append(text);
                return this;
            }
            int last = childCount - 1;
            if (last >= 0 && children[last] instanceof String s) {
                // A second piece of the same text: gather the pieces, joined once.
                pendingText = new StringBuilder(s.length() + text.length() * 2).append(s).append(text);
                childCount--;
                if (childrenShared) {
                    children = children.clone();
                    childrenShared = false;
                }
                children[childCount] = null;
            } else {
                addChild(text);
            }
            return this;
        }

        private void flushText() {
            if (pendingText != null) {
                String joined = pendingText.toString();
                pendingText = null;
                addChild(joined);
            }
        }

        public Element build() {
            flushText();
            String[] a;
            if (attributeSlots == 0) {
                a = NO_ATTRIBUTES;
            } else if (attributeSlots == attributes.length) {
                a = attributes;
                attributesShared = true;
            } else {
                a = java.util.Arrays.copyOf(attributes, attributeSlots);
            }
            Object[] c;
            if (childCount == 0) {
                c = NO_CHILDREN;
            } else if (childCount == children.length) {
                c = children;
                childrenShared = true;
            } else {
                c = java.util.Arrays.copyOf(children, childCount);
            }
            return new Element(name, namespace, a, c);
        }
    }
}
