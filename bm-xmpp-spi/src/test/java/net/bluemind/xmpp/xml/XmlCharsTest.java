package net.bluemind.xmpp.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class XmlCharsTest {

    @Test
    void allowsExactlyTheXml10Chars() {
        for (int cp : new int[] {'\t', '\n', '\r', 0x20, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF}) {
            assertTrue(XmlChars.allowed(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {0, 1, 0x08, 0x0B, 0x0C, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x110000}) {
            assertFalse(XmlChars.allowed(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void findsTheFirstForbiddenCharacter() {
        assertEquals(-1, XmlChars.firstForbidden("plain \uD83D\uDE00 text\n"));
        assertEquals(1, XmlChars.firstForbidden("a\u0000"));
        assertEquals(2, XmlChars.firstForbidden("ab\uFFFE"));
        assertEquals(0, XmlChars.firstForbidden("\uDE00x"));
        assertEquals(1, XmlChars.firstForbidden("x\uD83D"));
    }

    @Test
    void quotesAShortCleanPrefix() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd", XmlChars.quote("a\nb\uFFFEc\u0000d"));
        String longer = "x".repeat(100);
        assertEquals("x".repeat(XmlChars.QUOTE_LIMIT) + "\u2026", XmlChars.quote(longer));
        String pairAtTheCut = "x".repeat(XmlChars.QUOTE_LIMIT - 1) + "\uD83D\uDE00tail";
        assertEquals("x".repeat(XmlChars.QUOTE_LIMIT - 1) + "\u2026", XmlChars.quote(pairAtTheCut));
        assertEquals("\uD83D\uDE00", XmlChars.quote("\uD83D\uDE00"));
        assertEquals("null", XmlChars.quote(null));
    }
}
