package net.bluemind.xmpp.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import net.bluemind.xmpp.server.testkit.FuzzBudget;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlChars;
import net.bluemind.xmpp.xml.XmlParser;
import net.bluemind.xmpp.xml.XmlWriter;

/**
 * Random bytes into the stream decoder, as a peer would send them: the decoder emits stream events or
 * fails once with a {@link StreamErrorException}, never anything else, and what it emits stays within
 * the limits and serializes back to well-formed XML. Seeds (and every crash found, kept as a
 * regression) are in {@code src/test/resources/.../XmppStreamDecoderFuzzTestInputs}; see
 * docs/developer-guide.md for fuzzing runs.
 *
 * <p>Input layout, so seeds can be written by hand: the first byte chooses the read size
 * ({@code (b & 0x3F) + 1} bytes per read) and, with bit 6, whether the peer is authenticated after
 * its stream header; the rest is the stream. An element named {@code restart} restarts the stream,
 * as STARTTLS and SASL success do.
 */
class XmppStreamDecoderFuzzTest {

    /** Jazzer's own driver (scripts/fuzz.sh, long sessions) calls this; the build calls the @FuzzTest. */
    public static void fuzzerTestOneInput(byte[] input) {
        new XmppStreamDecoderFuzzTest().emitsEventsOrOneStreamError(input);
    }

    private static final StreamLimits LIMITS = new StreamLimits(2048, 8192, 6, 6, 12);

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void emitsEventsOrOneStreamError(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int readSize = (input[0] & 0x3F) + 1;
        boolean authenticate = (input[0] & 0x40) != 0;
        XmppStreamDecoder decoder = new XmppStreamDecoder(LIMITS);
        Recorder recorder = new Recorder(decoder, authenticate);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, recorder);
        for (int at = 1; at < input.length && recorder.errors.isEmpty(); at += readSize) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, at, Math.min(readSize, input.length - at)));
        }
        assertTrue(recorder.errors.size() <= 1, "one stream error at most");
        for (Throwable t : recorder.errors) {
            StreamErrorException e = assertInstanceOf(StreamErrorException.class, t);
            assertEquals(-1, XmlChars.firstForbidden(e.text()), "the error text can be written");
        }
        for (Object event : recorder.events) {
            if (event instanceof Element e) {
                checkStanza(e);
            }
        }
        ch.finishAndReleaseAll();
    }

    private static void checkStanza(Element e) {
        assertTrue(depth(e) <= LIMITS.maxDepth(), "depth");
        String xml = XmlWriter.toXml(e);
        assertEquals(-1, XmlChars.firstForbidden(xml), "only XML characters are written");
        assertTrue(xml.length() <= 16 * LIMITS.maxStanzaBytes(), "bounded size");
        assertEquals(xml, XmlParser.parse(xml, Namespaces.CLIENT).toString(), "what is written parses back");
    }

    private static int depth(Element e) {
        assertTrue(e.attributeCount() <= LIMITS.maxAttributes(), "attributes");
        assertTrue(e.childCount() <= LIMITS.maxChildren(), "children");
        int max = 0;
        for (Element c : e.childElements()) {
            max = Math.max(max, depth(c));
        }
        return max + 1;
    }

    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        private final XmppStreamDecoder decoder;
        private final boolean authenticate;

        Recorder(XmppStreamDecoder decoder, boolean authenticate) {
            this.decoder = decoder;
            this.authenticate = authenticate;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            assertTrue(errors.isEmpty(), "no event after the stream error");
            events.add(msg);
            if (msg instanceof StreamOpen && authenticate) {
                decoder.authenticated();
            }
            if (msg instanceof Element e && e.name().equals("restart")) {
                decoder.reset();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }
}
