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
    void textInManyPiecesIsOneChildAndMoreElementsThanTheLimitAreNot() {
        // limits(): 16 children at most. A body of 100 characters fed one byte a read is 100 pieces of one text node.
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<message><body>");
        for (int i = 0; i < 100; i++) {
            feed(ch, "x");
        }
        feed(ch, "</body></message>");
        assertNull(error, "a text node cut in many reads is one child");
        assertEquals("x".repeat(100), ((Element) events.get(1)).childText("body", Namespaces.CLIENT));
        EmbeddedChannel many = channel(limits());
        feed(many, HEADER + "<message>" + "<x/>t".repeat(9) + "</message>");
        assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
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

    private void feedBytes(EmbeddedChannel ch, byte[]... parts) {
        for (byte[] p : parts) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh stream with {@code afterHeader} after its header ends with that condition and emits no message. */
    private void assertRefused(String afterHeader, StreamErrorCondition condition) {
        error = null;
        events.clear();
        feed(channel(limits()), HEADER + afterHeader + "<presence/>");
        assertStreamError(condition);
        assertTrue(events.stream().noneMatch(e -> e instanceof Element el && el.name().equals("message")), afterHeader);
    }

    @Test
    void refusesWhatNamespacesInXmlForbidsAndTheServerCouldNotWriteBack() {
        // Namespaces in XML 1.0 §3: a prefix is never declared with an empty name; a prefixed name's local part is a name.
        assertRefused("<message><x xmlns:p='' p:a='1'/></message>", StreamErrorCondition.NOT_WELL_FORMED);
        assertRefused("<message><x xmlns:p='urn:x' p:1='a'/></message>", StreamErrorCondition.NOT_WELL_FORMED);
        assertRefused("<message><p:1 xmlns:p='urn:x'/></message>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesControlCharactersInTextAsNotWellFormed() {
        // XML 1.0 §2.2: NUL and the C0 controls other than tab, CR and LF are not characters at all.
        for (String bad : new String[] {"\u0000", "\u0001", "\u0008", "\u000B", "\u001F"}) {
            assertRefused("<message><body>a" + bad + "b</body></message>", StreamErrorCondition.NOT_WELL_FORMED);
        }
    }

    @Test
    void refusesControlCharactersBetweenStanzasAndInAttributes() {
        assertRefused("\u0000", StreamErrorCondition.NOT_WELL_FORMED);
        assertRefused("<message to='a\u0001b'/>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesTheCdataEndInText() {
        // XML 1.0 §2.4: ']]>' must not appear in character data.
        assertRefused("<message><body>a]]>b</body></message>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void refusesNoncharactersAsNotWellFormed() {
        // U+FFFE and U+FFFF are outside XML 1.0's Char production, in text, attributes and names alike.
        for (String xml : new String[] {"<message><body>a\uFFFEb</body></message>", "<message to='\uFFFF'/>",
                "<mess\uFFFEage/>", "<message><body>&#xFFFE;</body></message>", "<message to='&#xFFFF;'/>",
                "<message><body>&#0;</body></message>", "<message to='&#x1;'/>", "<message><body>&#xD800;</body></message>",
                "<message><body>&#x110000;</body></message>"}) {
            assertRefused(xml, StreamErrorCondition.NOT_WELL_FORMED);
        }
    }

    @Test
    void refusesAnElementNamedLikeANamespaceDeclaration() {
        for (String xml : new String[] {"<xmlns:foo/>", "<message><xmlns:foo/></message>", "<xmlns:foo xmlns:xmlns='x'/>",
                "<foo:bar/>", "<message a:b='1'/>"}) {
            error = null;
            EmbeddedChannel ch = channel(limits());
            feed(ch, HEADER + xml + "<presence/>");
            StreamErrorException e = assertInstanceOf(StreamErrorException.class, error, xml);
            assertTrue(e.condition() == StreamErrorCondition.NOT_WELL_FORMED || e.condition() == StreamErrorCondition.BAD_NAMESPACE_PREFIX,
                    xml + ": " + e.condition());
        }
    }

    @Test
    void refusesElementsInTheXmlNamespace() {
        assertRefused("<message><xml:lang>fr</xml:lang></message>", StreamErrorCondition.BAD_NAMESPACE_PREFIX);
    }

    @Test
    void refusesOverlongUtf8() {
        // RFC 3629 §3: an overlong form (0xC0 0xAF for '/') is not UTF-8; decoding it would smuggle markup.
        byte[][] overlong = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0xAF}};
        for (byte[] bad : overlong) {
            for (String where : new String[] {"text", "attribute"}) {
                error = null;
                events.clear();
                EmbeddedChannel ch = channel(limits());
                String before = where.equals("text") ? "<message><body>a" : "<message to='a";
                String after = where.equals("text") ? "b</body></message><presence/>" : "b'/><presence/>";
                feedBytes(ch, utf8(HEADER + before), bad, utf8(after));
                assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
                assertTrue(events.stream().noneMatch(e -> e instanceof Element), java.util.Arrays.toString(bad) + " in " + where);
            }
        }
    }

    @Test
    void refusesOtherEncodingsWithUnsupportedEncoding() {
        for (String decl : new String[] {"<?xml version='1.0' encoding='ISO-8859-1'?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
                "<?xml version='1.0' encoding='US-ASCII'?>"}) {
            error = null;
            EmbeddedChannel ch = channel(limits());
            feed(ch, decl + HEADER.substring(HEADER.indexOf("?>") + 2));
            assertStreamError(StreamErrorCondition.UNSUPPORTED_ENCODING);
        }
        for (String bom : new String[] {"\uFEFF"}) {
            for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE}) {
                error = null;
                EmbeddedChannel ch = channel(limits());
                ch.writeInbound(Unpooled.copiedBuffer(bom + HEADER, cs));
                assertStreamError(StreamErrorCondition.UNSUPPORTED_ENCODING);
            }
        }
        error = null;
        EmbeddedChannel noBom = channel(limits());
        noBom.writeInbound(Unpooled.copiedBuffer(HEADER, StandardCharsets.UTF_16BE));
        assertStreamError(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void acceptsUtf8DeclaredOrWithItsByteOrderMark() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, "\uFEFF<?xml version='1.0' encoding='utf-8'?>" + HEADER.substring(HEADER.indexOf("?>") + 2) + "<presence/>");
        assertNull(error);
        assertEquals(2, events.size());
    }

    @Test
    void errorTextsQuoteNoForbiddenCharacterAndOnlyAShortPrefix() {
        EmbeddedChannel ch = channel(limits());
        feed(ch, HEADER + "<a></b" + "x".repeat(300) + "><x/>");
        StreamErrorException e = assertInstanceOf(StreamErrorException.class, error);
        assertTrue(e.text().length() <= 200, e.text());
    }

    private void assertStreamError(StreamErrorCondition condition) {
        StreamErrorException e = assertInstanceOf(StreamErrorException.class, error);
        assertEquals(condition, e.condition(), e.text());
    }
}
