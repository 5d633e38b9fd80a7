package net.bluemind.xmpp.xml;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Serializes elements straight into a Netty buffer (UTF-8) or a string.
 *
 * <p>Namespaces are written as default-namespace declarations wherever an element's namespace differs
 * from its parent's, which is how every XMPP server writes stanzas; the namespace the stream declared
 * ({@code jabber:client}) is passed in as the inherited one so stanzas carry no redundant xmlns.
 */
public final class XmlWriter {

    private XmlWriter() {
    }

    public static void write(Element e, String inheritedNamespace, ByteBuf out) {
        Sink sink = new ByteBufSink(out);
        writeElement(e, inheritedNamespace, sink);
    }

    public static String toXml(Element e) {
        return toXml(e, null);
    }

    public static String toXml(Element e, String inheritedNamespace) {
        StringBuilder sb = new StringBuilder(128);
        writeElement(e, inheritedNamespace, new StringSink(sb));
        return sb.toString();
    }

    /** Escapes text for element content, or for an attribute value (either quote). */
    public static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        new StringSink(sb).escaped(s, attribute);
        return sb.toString();
    }

    private static void writeElement(Element e, String inherited, Sink out) {
        out.raw('<');
        out.raw(e.name());
        if (!e.namespace().equals(inherited)) {
            out.raw(" xmlns=\"");
            out.escaped(e.namespace(), true);
            out.raw('"');
        }
        int prefixes = 0;
        for (int i = 0; i < e.attributeCount(); i++) {
            String name = e.attributeName(i);
            String value = e.attributeValue(i);
            if (name.charAt(0) == '{') {
                int close = name.lastIndexOf('}'); // a namespace may hold '}', a local name may not
                String prefix = "a" + prefixes++;
                out.raw(" xmlns:");
                out.raw(prefix);
                out.raw("=\"");
                out.escaped(name.substring(1, close), true);
                out.raw("\" ");
                out.raw(prefix);
                out.raw(':');
                out.raw(name.substring(close + 1));
            } else {
                out.raw(' ');
                out.raw(name);
            }
            out.raw("=\"");
            out.escaped(value, true);
            out.raw('"');
        }
        int n = e.childCount();
        if (n == 0) {
            out.raw("/>");
            return;
        }
        out.raw('>');
        for (int i = 0; i < n; i++) {
            Object c = e.child(i);
            if (c instanceof Element child) {
                writeElement(child, e.namespace(), out);
            } else {
                out.escaped((String) c, false);
            }
        }
        out.raw("</");
        out.raw(e.name());
        out.raw('>');
    }

    /** Where serialized text goes; escaping is shared so both sinks escape identically. */
    private abstract static class Sink {
        private static final String REPLACEMENT = String.valueOf(XmlChars.REPLACEMENT);

        abstract void raw(CharSequence s);

        abstract void raw(char c);

        abstract void rawRange(String s, int from, int to);

        void escaped(String s, boolean attribute) {
            escapedFrom(s, 0, attribute);
        }

        /**
         * Writes {@code s} from {@code from} on, escaped. A character XML 1.0 forbids (a control
         * character, U+FFFE, U+FFFF, a lone surrogate) has no escape either ({@code &#0;} is not
         * well-formed): it is written as U+FFFD, so the server's output stays well-formed whatever
         * a processor or a peer put in an element.
         */
        final void escapedFrom(String s, int from, boolean attribute) {
            int start = from;
            int len = s.length();
            for (int i = from; i < len; i++) {
                char c = s.charAt(i);
                // Every character that needs escaping is at most '>' or from the surrogates up: ordinary text skips the switch.
                if (c > '>' && c < 0xD800) {
                    continue;
                }
                String replacement = switch (c) {
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '&' -> "&amp;";
                    case '"' -> attribute ? "&quot;" : null;
                    case '\'' -> attribute ? "&apos;" : null;
                    case '\r' -> "&#13;";
                    case '\n' -> attribute ? "&#10;" : null;
                    case '\t' -> attribute ? "&#9;" : null;
                    default -> forbidden(s, i, c) ? REPLACEMENT : null;
                };
                if (replacement == null) {
                    if (Character.isHighSurrogate(c)) {
                        i++; // a well-formed pair, checked by forbidden()
                    }
                    continue;
                }
                if (i > start) {
                    rawRange(s, start, i);
                }
                raw(replacement);
                start = i + 1;
            }
            if (start == 0) {
                raw(s);
            } else if (start < len) {
                rawRange(s, start, len);
            }
        }

        private static boolean forbidden(String s, int i, char c) {
            if (c < 0x20) {
                return true; // tab, CR and LF were handled by the caller
            }
            if (Character.isHighSurrogate(c)) {
                return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
            }
            return Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
        }
    }

    /**
     * Netty's UTF-8 encoder writes straight to the buffer's memory (one unchecked store per ASCII
     * character), where a {@code setByte} per character paid the buffer's index and reference checks.
     */
    private static final class ByteBufSink extends Sink {
        private final ByteBuf out;

        ByteBufSink(ByteBuf out) {
            this.out = out;
        }

        @Override
        void raw(CharSequence s) {
            ByteBufUtil.writeUtf8(out, s);
        }

        @Override
        void raw(char c) {
            if (c < 0x80) {
                out.writeByte(c);
            } else {
                ByteBufUtil.writeUtf8(out, String.valueOf(c));
            }
        }

        @Override
        void rawRange(String s, int from, int to) {
            ByteBufUtil.writeUtf8(out, s, from, to);
        }
    }

    private static final class StringSink extends Sink {
        private final StringBuilder out;

        StringSink(StringBuilder out) {
            this.out = out;
        }

        @Override
        void raw(CharSequence s) {
            out.append(s);
        }

        @Override
        void raw(char c) {
            out.append(c);
        }

        @Override
        void rawRange(String s, int from, int to) {
            out.append(s, from, to);
        }
    }
}
