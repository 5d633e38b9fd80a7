package net.bluemind.xmpp.xml;

/**
 * The characters XML 1.0 allows (§2.2, production [2] Char): tab, CR, LF, U+0020–U+D7FF,
 * U+E000–U+FFFD and U+10000–U+10FFFF. Everything the server writes is made of these only, and text
 * quoted from a peer (in an error, in a log line) is cut short and cleaned first.
 */
public final class XmlChars {

    /** What stands in for a character that may not be written (U+FFFD REPLACEMENT CHARACTER). */
    public static final char REPLACEMENT = '\uFFFD';

    /** How much of a peer's input an error text or a log line quotes. */
    public static final int QUOTE_LIMIT = 64;

    private XmlChars() {
    }

    /** Whether a code point is an XML 1.0 Char. */
    public static boolean allowed(int cp) {
        if (cp < 0x20) {
            return cp == '\t' || cp == '\n' || cp == '\r';
        }
        return cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
    }

    /** Whether {@code cp} may start an XML name (XML 1.0 fifth edition, NameStartChar, without the colon). */
    public static boolean nameStart(int cp) {
        return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp == '_'
                || cp >= 0xC0 && cp <= 0xD6 || cp >= 0xD8 && cp <= 0xF6 || cp >= 0xF8 && cp <= 0x2FF
                || cp >= 0x370 && cp <= 0x37D || cp >= 0x37F && cp <= 0x1FFF || cp >= 0x200C && cp <= 0x200D
                || cp >= 0x2070 && cp <= 0x218F || cp >= 0x2C00 && cp <= 0x2FEF || cp >= 0x3001 && cp <= 0xD7FF
                || cp >= 0xF900 && cp <= 0xFDCF || cp >= 0xFDF0 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0xEFFFF;
    }

    /** The first index in {@code s} of a character XML forbids (a lone surrogate counts), or -1. */
    public static int firstForbidden(CharSequence s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (!allowed(c) || Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A peer's text as an error message or a log line may quote it: at most {@link #QUOTE_LIMIT}
     * characters (an ellipsis marks the cut), every control character (CR and LF too, so a log line
     * stays one line) and every character XML forbids replaced by U+FFFD.
     */
    public static String quote(CharSequence s) {
        return quote(s, QUOTE_LIMIT);
    }

    /** {@link #quote(CharSequence)} with another length limit. */
    public static String quote(CharSequence s, int limit) {
        if (s == null) {
            return "null";
        }
        int end = Math.min(s.length(), limit);
        if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never cut a pair in two
        }
        StringBuilder sb = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(c >= 0x20 && c != 0x7F && allowed(c) && !Character.isSurrogate(c) ? c : REPLACEMENT);
            }
        }
        return end < s.length() ? sb.append('\u2026').toString() : sb.toString();
    }
}
