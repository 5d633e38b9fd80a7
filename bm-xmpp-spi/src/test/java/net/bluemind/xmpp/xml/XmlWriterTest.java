package net.bluemind.xmpp.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class XmlWriterTest {

    @Test
    void escapesTextAndAttributes() {
        Element e = Element.builder("message", Namespaces.CLIENT)
                .attribute("to", "a'b\"c@x")
                .textChild("body", Namespaces.CLIENT, "1 < 2 & 3 > 2 \"q\" 'a'")
                .build();
        assertEquals("<message to=\"a&apos;b&quot;c@x\"><body>1 &lt; 2 &amp; 3 &gt; 2 \"q\" 'a'</body></message>",
                XmlWriter.toXml(e, Namespaces.CLIENT));
    }

    @Test
    void declaresANamespaceOnlyWhereItChanges() {
        Element e = Element.builder("iq", Namespaces.CLIENT)
                .child(Element.builder("query", "urn:x").child(Element.empty("item", "urn:x")).build())
                .build();
        assertEquals("<iq><query xmlns=\"urn:x\"><item/></query></iq>", XmlWriter.toXml(e, Namespaces.CLIENT));
        assertEquals("<iq xmlns=\"jabber:client\"><query xmlns=\"urn:x\"><item/></query></iq>", XmlWriter.toXml(e));
    }

    @Test
    void writesTheSameBytesIntoABufferAsIntoAString() {
        Element e = Element.builder("message", Namespaces.CLIENT).attribute("xml:lang", "fr")
                .textChild("body", Namespaces.CLIENT, "été ☺ \uD83D\uDE00 <&>").build();
        ByteBuf buf = Unpooled.buffer();
        XmlWriter.write(e, Namespaces.CLIENT, buf);
        assertEquals(XmlWriter.toXml(e, Namespaces.CLIENT), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void copiesShareChildrenAndChangeOnlyWhatIsAsked() {
        Element e = Element.builder("message", Namespaces.CLIENT).attribute("to", "b@x").textChild("body", Namespaces.CLIENT, "hi").build();
        Element stamped = e.withAttribute("from", "a@x/r");
        assertEquals("a@x/r", stamped.attribute("from"));
        assertEquals(null, e.attribute("from"));
        assertEquals(e.child(0), stamped.child(0));
        assertEquals(e, stamped.withAttribute("from", null));
    }
    @Test
    void writesTheSameBytesIntoDirectAndHeapBuffersWhateverTheText() {
        String all = "a<b>c&d\"e'f\rg\nh\ti ]]> é ☺ \uD83D\uDE00 end";
        Element e = Element.builder("méssage", "urn:ünï").attribute("tó", all).attribute("{urn:x}k", "v é")
                .attribute("xml:lang", "fr")
                .textChild("body", "urn:ünï", all + " " + "x".repeat(2000))
                .text(all)
                .child(Element.empty("ü", "urn:other"))
                .build();
        String expected = XmlWriter.toXml(e, Namespaces.CLIENT);
        for (ByteBuf buf : new ByteBuf[] {Unpooled.buffer(16), Unpooled.directBuffer(16),
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(16)}) {
            try {
                buf.writeByte('!');
                XmlWriter.write(e, Namespaces.CLIENT, buf);
                assertEquals("!" + expected, buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void neverWritesACharacterXmlForbids() {
        // XML 1.0 §2.2: these have no escape either (&#0; is not well-formed); U+FFFD stands in for them.
        String bad = "a\u0000b\u0001c\u001Fd\uFFFEe\uFFFFf\uD800g\uDC00h\uD83D";
        Element e = Element.builder("message", Namespaces.CLIENT).attribute("id", bad).textChild("body", Namespaces.CLIENT, bad).build();
        String xml = XmlWriter.toXml(e, Namespaces.CLIENT);
        String clean = "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFD";
        assertEquals("<message id=\"" + clean + "\"><body>" + clean + "</body></message>", xml);
        ByteBuf buf = Unpooled.buffer();
        XmlWriter.write(e, Namespaces.CLIENT, buf);
        assertEquals(xml, buf.toString(StandardCharsets.UTF_8));
        assertEquals(-1, XmlChars.firstForbidden(xml));
        assertEquals(e.toString(), XmlParser.parse(e.toString(), Namespaces.CLIENT).toString(), "what is written parses back");
    }

    @Test
    void keepsPairedSurrogatesAndTheCharactersAboveThem() {
        String ok = "\uD83D\uDE00 \uE000 \uFFFD \uFF21";
        assertEquals("<body>" + ok + "</body>", XmlWriter.toXml(Element.builder("body", "x").text(ok).build(), "x"));
    }

    @Test
    void whatIsWrittenParsesBackToTheSameElementEvenInNoNamespace() {
        // Found by XmppStreamDecoderFuzzTest: an element in no namespace is written with xmlns="" and was read back in jabber:client.
        Element e = Element.builder("message", "").child(Element.builder("x", "").text("t").build())
                .child(Element.empty("y", Namespaces.CLIENT)).build();
        assertEquals(e, XmlParser.parse(XmlWriter.toXml(e, Namespaces.CLIENT), Namespaces.CLIENT));
        Element stanza = Element.builder("message", Namespaces.CLIENT).child(Element.builder("body", Namespaces.CLIENT).text("b").build())
                .child(Element.empty("x", "urn:x")).build();
        assertEquals(stanza, XmlParser.parse(XmlWriter.toXml(stanza, Namespaces.CLIENT), Namespaces.CLIENT));
        assertEquals(stanza, XmlParser.parse(" " + XmlWriter.toXml(stanza) + " ", Namespaces.CLIENT));
    }

    @Test
    void writesAnAttributeWhoseNamespaceHoldsABrace() {
        // Found by XmppStreamDecoderFuzzTest: '{ns}local' was split at the first '}'.
        Element e = Element.builder("x", "urn:x").attribute("{urn{a}b}k", "v").build();
        String xml = XmlWriter.toXml(e, "urn:x");
        assertEquals("<x xmlns:a0=\"urn{a}b\" a0:k=\"v\"/>", xml);
        assertEquals(e, XmlParser.parse(xml, "urn:x"));
    }
}
