package net.bluemind.xmpp.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder hands its arrays to the elements it builds: what was built must never change after. */
class ElementTest {

    @Test
    void buildsAttributesAndChildrenInOrder() {
        Element e = Element.builder("message", Namespaces.CLIENT)
                .attribute("to", "a@x").attribute("type", "chat").attribute("id", "1").attribute("from", "b@x")
                .attribute("xml:lang", "en").attribute("skipped", null)
                .textChild("body", Namespaces.CLIENT, "hi")
                .child(Element.empty("active", "http://jabber.org/protocol/chatstates"))
                .text("a").text("b")
                .child(Element.empty("request", "urn:xmpp:receipts"))
                .child(Element.empty("markable", "urn:xmpp:chat-markers:0"))
                .build();
        assertEquals(5, e.attributeCount());
        assertEquals("from", e.attributeName(3));
        assertEquals("en", e.attribute("xml:lang"));
        assertNull(e.attribute("skipped"));
        assertEquals(5, e.childCount());
        assertEquals("ab", e.child(2));
        assertEquals("<message to=\"a@x\" type=\"chat\" id=\"1\" from=\"b@x\" xml:lang=\"en\"><body>hi</body>"
                + "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>ab<request xmlns=\"urn:xmpp:receipts\"/>"
                + "<markable xmlns=\"urn:xmpp:chat-markers:0\"/></message>", XmlWriter.toXml(e, Namespaces.CLIENT));
    }

    @Test
    void anAttributeSetTwiceKeepsItsPlaceAndTheLastValue() {
        Element e = Element.builder("iq", Namespaces.CLIENT).attribute("id", "1").attribute("type", "get").attribute("id", "2").build();
        assertEquals(2, e.attributeCount());
        assertEquals("id", e.attributeName(0));
        assertEquals("2", e.attribute("id"));
    }

    @Test
    void whatWasBuiltDoesNotChangeWhenTheBuilderGoesOn() {
        // Two attributes and four children fill the first arrays exactly: those are the ones handed over.
        Element.Builder b = Element.builder("x", "urn:x").attribute("a", "1").attribute("b", "2")
                .child(Element.empty("c1", "urn:x")).child(Element.empty("c2", "urn:x")).child(Element.empty("c3", "urn:x"))
                .text("t");
        Element first = b.build();
        String before = first.toString();
        b.attribute("a", "changed").text("more");
        Element second = b.build();
        b.attribute("c", "3").child(Element.empty("c4", "urn:x"));
        Element third = b.build();
        assertEquals(before, first.toString());
        assertEquals("<x xmlns=\"urn:x\" a=\"changed\" b=\"2\"><c1/><c2/><c3/>tmore</x>", second.toString());
        assertEquals("<x xmlns=\"urn:x\" a=\"changed\" b=\"2\" c=\"3\"><c1/><c2/><c3/>tmore<c4/></x>", third.toString());
    }

    @Test
    void toBuilderLeavesTheOriginalAlone() {
        Element original = Element.builder("message", Namespaces.CLIENT).attribute("to", "a@x").attribute("id", "1")
                .textChild("body", Namespaces.CLIENT, "hi").text("tail").build();
        String before = original.toString();
        Element copy = original.toBuilder().attribute("id", "2").text(" more").child(Element.empty("x", "urn:x")).build();
        assertEquals(before, original.toString());
        assertEquals("<message to=\"a@x\" id=\"2\"><body>hi</body>tail more<x xmlns=\"urn:x\"/></message>",
                XmlWriter.toXml(copy, Namespaces.CLIENT));
        Element same = original.toBuilder().build();
        assertEquals(original, same);
    }

    @Test
    void anElementWithNothingShareTheEmptyArrays() {
        Element a = Element.builder("a", "urn:x").build();
        assertEquals(Element.empty("a", "urn:x"), a);
        assertEquals(0, a.attributeCount());
        assertEquals(0, a.childCount());
        assertSame(a, a.withAttribute("missing", null));
    }

    @Test
    void nullChildIsRefused() {
        assertThrows(NullPointerException.class, () -> Element.builder("a", "urn:x").child(null));
    }

    @Test
    void textInManyPiecesIsJoinedOnceAndKeepsItsPlaceAmongChildren() {
        Element.Builder b = Element.builder("body", "urn:x");
        for (int i = 0; i < 100_000; i++) {
            b.text("ab");
        }
        b.child(Element.empty("mark", "urn:x")).text("t").text("ail");
        Element e = b.build();
        assertEquals(3, e.childCount(), "the run of text, the child, the text after it");
        assertEquals(200_000, ((String) e.child(0)).length());
        assertEquals("tail", e.child(2));
        assertEquals("ab".repeat(100_000) + "tail", e.text());
        Element more = e.toBuilder().text("!").build();
        assertEquals("tail!", more.child(2), "a copy's builder joins text to the last piece without touching the original");
        assertEquals("tail", e.child(2));
        assertTrue(e.footprint() > 200_000, "the footprint counts the text");
    }
}
