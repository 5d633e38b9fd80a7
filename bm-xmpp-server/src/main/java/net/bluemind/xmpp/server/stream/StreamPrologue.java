package net.bluemind.xmpp.server.stream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.netty.buffer.ByteBuf;

/**
 * The first bytes of a stream, before its header: where another encoding than UTF-8 shows (a UTF-16 or
 * UTF-32 byte order mark or zero bytes around ASCII, an XML declaration naming another encoding), so a
 * stream that fails to parse gets {@code unsupported-encoding} instead of {@code not-well-formed}
 * (RFC 6120 §11.6: XMPP is UTF-8 only; §4.9.3.22). A UTF-8 byte order mark, which XML 1.0 §4.3.3
 * allows, is skipped. One per parser.
 */
final class StreamPrologue {

    private static final int KEPT = 128;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final byte[] first = new byte[KEPT];
    private int length;
    private int bomMatched;
    private boolean bomDone;

    void reset() {
        length = 0;
        bomMatched = 0;
        bomDone = false;
    }

    /**
     * Keeps the first bytes of the stream and consumes a leading UTF-8 byte order mark (even split over
     * reads). A partial mark followed by something else is left to fail as what it is.
     */
    void read(ByteBuf buf) {
        while (!bomDone && buf.isReadable()) {
            byte b = buf.getByte(buf.readerIndex());
            if (b != UTF8_BOM[bomMatched]) {
                bomDone = true;
                break;
            }
            buf.skipBytes(1);
            bomDone = ++bomMatched == UTF8_BOM.length;
        }
        int n = Math.min(KEPT - length, buf.readableBytes());
        buf.getBytes(buf.readerIndex(), first, length, n);
        length += n;
    }

    /** What the first bytes say about the encoding when it is not UTF-8, else null. */
    String encodingProblem() {
        return encodingProblem(first, length);
    }

    static String encodingProblem(byte[] b, int len) {
        if (len >= 2 && (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF || b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)) {
            return "UTF-16 or UTF-32 (byte order mark): XMPP streams are UTF-8";
        }
        if (len >= 2 && (b[0] == 0 && (b[1] == '<' || b[1] == 0) || b[0] == '<' && b[1] == 0)) {
            // XML 1.0 Appendix F: '<' as UTF-16 or UTF-32 without a byte order mark.
            return "'<' with zero bytes around it (UTF-16 or UTF-32): XMPP streams are UTF-8";
        }
        if (len >= 4 && (b[0] & 0xFF) == 0x4C && (b[1] & 0xFF) == 0x6F && (b[2] & 0xFF) == 0xA7 && (b[3] & 0xFF) == 0x94) {
            return "EBCDIC: XMPP streams are UTF-8";
        }
        String declared = declaredEncoding(new String(b, 0, len, StandardCharsets.ISO_8859_1));
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            return "encoding '" + net.bluemind.xmpp.xml.XmlChars.quote(declared) + "' declared: XMPP streams are UTF-8";
        }
        return null;
    }

    /** XML 1.0 §2.8 and §4.3.3: the EncName of {@code <?xml version='1.0' encoding='...'?>}, or null. */
    static String declaredEncoding(String prologue) {
        if (!prologue.startsWith("<?xml")) {
            return null;
        }
        int end = prologue.indexOf("?>");
        String decl = end < 0 ? prologue : prologue.substring(0, end);
        int at = decl.indexOf("encoding");
        if (at < 0) {
            return null;
        }
        int i = skipSpaces(decl, at + "encoding".length());
        if (i >= decl.length() || decl.charAt(i) != '=') {
            return null;
        }
        i = skipSpaces(decl, i + 1);
        if (i >= decl.length() || decl.charAt(i) != '\'' && decl.charAt(i) != '"') {
            return null;
        }
        int close = decl.indexOf(decl.charAt(i), i + 1);
        return close < 0 ? null : decl.substring(i + 1, close).trim().toLowerCase(Locale.ROOT);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }
}
