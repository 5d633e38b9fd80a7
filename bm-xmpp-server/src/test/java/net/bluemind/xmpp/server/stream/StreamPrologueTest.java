package net.bluemind.xmpp.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class StreamPrologueTest {

    private static String problem(byte[] b) {
        return StreamPrologue.encodingProblem(b, b.length);
    }

    @Test
    void readsTheDeclaredEncoding() {
        assertEquals("iso-8859-1", StreamPrologue.declaredEncoding("<?xml version='1.0' encoding = \"ISO-8859-1\" ?>"));
        assertEquals("utf-8", StreamPrologue.declaredEncoding("<?xml version='1.0' encoding='utf-8'?><stream:stream>"));
        assertNull(StreamPrologue.declaredEncoding("<?xml version='1.0'?><stream:stream encoding='x'>"));
        assertNull(StreamPrologue.declaredEncoding("<stream:stream>"));
        assertNull(StreamPrologue.declaredEncoding("<?xml version='1.0' encoding='unfinished"));
    }

    @Test
    void recognisesOtherEncodings() {
        assertNotNull(problem(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '<'}));
        assertNotNull(problem(new byte[] {(byte) 0xFF, (byte) 0xFE, '<', 0}));
        assertNotNull(problem("<?xml".getBytes(StandardCharsets.UTF_16BE)));
        assertNotNull(problem("<?xml".getBytes(StandardCharsets.UTF_16LE)));
        assertNotNull(problem(new byte[] {0, 0, 0, '<'}));
        assertNotNull(problem(new byte[] {0x4C, 0x6F, (byte) 0xA7, (byte) 0x94}));
        assertNotNull(problem("<?xml version='1.0' encoding='UTF-16'?>".getBytes(StandardCharsets.US_ASCII)));
        assertNull(problem("<?xml version='1.0' encoding='UTF-8'?><stream:stream>".getBytes(StandardCharsets.US_ASCII)));
        assertNull(problem("<stream:stream>".getBytes(StandardCharsets.US_ASCII)));
        assertNull(problem(new byte[] {0, 'x'}), "a NUL before anything that looks like '<' is just not XML");
    }

    @Test
    void skipsAUtf8ByteOrderMarkEvenSplit() {
        StreamPrologue p = new StreamPrologue();
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {(byte) 0xEF, (byte) 0xBB});
        p.read(first);
        assertEquals(0, first.readableBytes());
        ByteBuf rest = Unpooled.wrappedBuffer(new byte[] {(byte) 0xBF, '<', 'a'});
        p.read(rest);
        assertEquals('<', rest.getByte(rest.readerIndex()));
        ByteBuf later = Unpooled.wrappedBuffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        p.read(later);
        assertEquals(3, later.readableBytes(), "only at the very start");
    }
}
