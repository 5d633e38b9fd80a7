package net.bluemind.xmpp.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

class XmppStreamDecoderTest {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='acme.test' version='1.0' xml:lang='fr'>";

    private final List<Object> events = new ArrayList<>();
    private Throwable error;

    private EmbeddedChannel channel(StreamLimits limits) {
        return new EmbeddedChannel(new XmppStreamDecoder(limits), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                events.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                error = cause;
            }
        });
    }

    private static StreamLimits limits() {
        return new StreamLimits(4096, 100_000, 8, 8, 16);
    }

    private void feed(EmbeddedChannel ch, String xml) {
        ch.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheSameStanzasWhateverTheChunking() {
        String input = HEADER + " <message to='bob@acme.test' type='chat' xml:lang='en'><body>héllo &amp; &#x263A;</body>"
                + "<x xmlns='urn:example:x' a='1'/></message>\n<presence/></stream:stream>";
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = channel(limits());
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        List<Object> byteByByte = new ArrayList<>(events);
        events.clear();
        EmbeddedChannel whole = channel(limits());
        feed(whole, input);
        assertEquals(byteByByte.size(), events.size());
        assertEquals(4, events.size());
        StreamOpen open = assertInstanceOf(StreamOpen.class, events.get(0));
        assertEquals("acme.test", open.to());
        assertEquals("fr", open.lang());
        assertEquals(Namespaces.CLIENT, open.contentNamespace());
        Element m = assertInstanceOf(Element.class, events.get(1));
        assertEquals(byteByByte.get(1), m);
        assertEquals("héllo & \u263A", m.childText("body", Namespaces.CLIENT));
        assertEquals("en", m.attribute("xml:lang"));
        assertEquals("1", m.firstChild("x", "urn:example:x").attribute("a"));
        assertEquals("presence", ((Element) events.get(2)).name());
        assertTrue(events.get(3) instanceof StreamClose);
        assertNull(error);
    }

    @Test
    void serverNamespaceStanzasAreHandledAsClientOnes() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><message><body>x</body></message>");
        Element m = (Element) events.get(1);
        assertEquals(Namespaces.CLIENT, m.namespace());
        assertEquals("x", m.childText("body", Namespaces.CLIENT));
    }

    @Test
    void refusesOverlongStanzasEvenBeforeTheyEnd() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<message><body>" + "x".repeat(5000));
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesAnEndlessStartTag() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<message " + "a".repeat(5000));
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesTooManyAttributes() {
        EmbeddedChannel ch = channel(limits());
        StringBuilder sb = new StringBuilder("<message");
        for (int i = 0; i < 9; i++) {
            sb.append(" a").append(i).append("='v'");
        }
        feed(ch, HEADER + sb + "/>");
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesTooManyChildren() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<message>" + "<a/>".repeat(17) + "</message>");
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesTooManyBytesBeforeAuthenticationButNotAfter() {
        StreamLimits l = new StreamLimits(4096, 1000, 8, 8, 16);
        XmppStreamDecoder decoder = new XmppStreamDecoder(l);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.copiedBuffer(HEADER, StandardCharsets.UTF_8));
        decoder.authenticated();
        for (int i = 0; i < 10; i++) {
            ch.writeInbound(Unpooled.copiedBuffer("<presence/>" + " ".repeat(200), StandardCharsets.UTF_8));
        }
        assertEquals(11, ch.inboundMessages().size(), "after authentication the budget no longer applies");

        EmbeddedChannel fresh = channel(l);
        feed(fresh, HEADER);
        for (int i = 0; i < 10; i++) {
            feed(fresh, "<presence/>" + " ".repeat(200));
        }
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesProcessingInstructions() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<?evil stuff?>");
        assertStreamError(StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesTextBetweenStanzas() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "hello");
        assertStreamError(StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void ignoresInputAfterAnError() {
        EmbeddedChannel ch = channel(limits());
        // Aalto sees a wrong end tag once the next markup arrives, as a live stream provides.
        feed(ch, HEADER + "<a></b><x/>");
        assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
        int before = events.size();
        feed(ch, "<presence/>");
        assertEquals(before, events.size());
    }

    @Test
    void resetStartsANewStream() {
        XmppStreamDecoder decoder = new XmppStreamDecoder(limits());
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.copiedBuffer(HEADER + "<presence/>", StandardCharsets.UTF_8));
        decoder.reset();
        ch.writeInbound(Unpooled.copiedBuffer(HEADER + "<message/>", StandardCharsets.UTF_8));
        List<Object> out = new ArrayList<>(ch.inboundMessages());
        assertEquals(4, out.size());
        assertInstanceOf(StreamOpen.class, out.get(2));
        assertEquals("message", ((Element) out.get(3)).name());
    }

    private void assertStreamError(StreamErrorCondition condition) {
        StreamErrorException e = assertInstanceOf(StreamErrorException.class, error);
        assertEquals(condition, e.condition(), e.text());
    }
}
