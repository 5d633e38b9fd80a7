package net.bluemind.xmpp.server.stream;

import io.netty.buffer.ByteBuf;

/**
 * Checks, as bytes arrive, that a stream is UTF-8 as RFC 3629 §4 defines it and that every character
 * is one XML 1.0 allows (§2.2). Aalto decodes overlong forms (0xC0 0xAF for '/'), which a filter
 * working on bytes would not see as markup; it also lets some forbidden characters through to places
 * where the server would quote them back. Refusing them here, before the parser, closes both doors.
 *
 * <p>Keeps the state of a character split between two reads. One per parser: {@link #reset()} with it.
 */
final class Utf8Guard {

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;

    /** Continuation bytes still expected, the range the next one must be in, the code point so far. */
    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;
    private int cp;

    void reset() {
        need = 0;
        cp = 0;
    }

    /** Null when the bytes are fine so far, else what is wrong (for the stream error's text). */
    String check(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            if (need == 0 && i + 8 <= end) {
                long w = buf.getLong(i);
                // Eight printable ASCII bytes at once: none has its high bit set, none is below 0x20.
                if (((w | (w - SPACES)) & HIGH_BITS) == 0) {
                    i += 8;
                    continue;
                }
            }
            String problem = next(buf.getByte(i) & 0xFF);
            if (problem != null) {
                return problem;
            }
            i++;
        }
        return null;
    }

    private String next(int b) {
        if (need > 0) {
            if (b < lo || b > hi) {
                return "byte 0x" + Integer.toHexString(b) + " breaks a UTF-8 sequence (RFC 3629: no overlong form, no surrogate)";
            }
            lo = 0x80;
            hi = 0xBF;
            cp = cp << 6 | b & 0x3F;
            if (--need == 0 && (cp == 0xFFFE || cp == 0xFFFF)) {
                return "U+" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT) + " is not an XML character";
            }
            return null;
        }
        if (b < 0x80) {
            return b >= 0x20 || b == '\t' || b == '\n' || b == '\r' ? null
                    : "control character U+" + String.format("%04X", b) + " is not an XML character";
        }
        return lead(b);
    }

    /** RFC 3629 §4: which lead bytes exist, and the range of the byte after each. */
    private String lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return "byte 0x" + Integer.toHexString(b) + " is not UTF-8 (RFC 3629: no overlong form, nothing above U+10FFFF)";
        }
        cp = b & (0x3F >> need);
        return null;
    }
}
