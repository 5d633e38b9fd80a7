package net.bluemind.xmpp.server.stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

/** RFC 3629 §4's table and XML 1.0's Char production, byte by byte and split anywhere. */
class Utf8GuardTest {

    private static String check(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        Utf8Guard whole = new Utf8Guard();
        String once = whole.check(Unpooled.wrappedBuffer(b));
        Utf8Guard split = new Utf8Guard();
        String bytewise = null;
        for (int i = 0; i < b.length && bytewise == null; i++) {
            bytewise = split.check(Unpooled.wrappedBuffer(b, i, 1));
        }
        if ((once == null) != (bytewise == null)) {
            throw new AssertionError("the split changed the verdict");
        }
        return once;
    }

    @Test
    void acceptsUtf8OfXmlCharacters() {
        String text = "plain ASCII long enough for the eight-byte path\t\r\n é ☺ \uD83D\uDE00 \uFFFD \uD7FF \uE000";
        assertNull(new Utf8Guard().check(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        assertNull(check(0xF4, 0x8F, 0xBF, 0xBF)); // U+10FFFF
        assertNull(check(0xEF, 0xBF, 0xBD)); // U+FFFD
        assertNull(check(0x7F));
    }

    @Test
    void refusesOverlongFormsSurrogatesAndWhatIsAboveUnicode() {
        assertNotNull(check(0xC0, 0xAF));
        assertNotNull(check(0xC1, 0xBF));
        assertNotNull(check(0xE0, 0x80, 0xAF));
        assertNotNull(check(0xE0, 0x9F, 0xBF));
        assertNotNull(check(0xF0, 0x80, 0x80, 0xAF));
        assertNotNull(check(0xF0, 0x8F, 0xBF, 0xBF));
        assertNotNull(check(0xED, 0xA0, 0x80));
        assertNotNull(check(0xED, 0xBF, 0xBF));
        assertNotNull(check(0xF4, 0x90, 0x80, 0x80));
        assertNotNull(check(0xF5, 0x80, 0x80, 0x80));
        assertNotNull(check(0xF8, 0x88, 0x80, 0x80, 0x80));
        assertNotNull(check(0xFE));
        assertNotNull(check(0x80));
        assertNotNull(check(0xC3, 0x41));
    }

    @Test
    void refusesWhatXmlForbids() {
        assertNotNull(check(0x00));
        assertNotNull(check('a', 0x01, 'b'));
        assertNotNull(check(0x1F));
        assertNotNull(check(0xEF, 0xBF, 0xBE)); // U+FFFE
        assertNotNull(check(0xEF, 0xBF, 0xBF)); // U+FFFF
        byte[] eight = "abcdefg\u0000".getBytes(StandardCharsets.UTF_8);
        assertNotNull(new Utf8Guard().check(Unpooled.wrappedBuffer(eight)), "a control character at the end of an eight-byte word");
    }
}
