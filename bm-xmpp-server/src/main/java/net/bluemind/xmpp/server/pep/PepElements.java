package net.bluemind.xmpp.server.pep;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.spi.PepStore.PepItem;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.XmlParser;

/** The elements PEP sends: items (stored payloads parsed back), event notifications. */
final class PepElements {

    private static final Logger log = LoggerFactory.getLogger(PepElements.class);
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();

    private PepElements() {
    }

    /** {@code <item id>payload</item>} in the pubsub or the event namespace, or null when the stored payload is unreadable. */
    static Element item(String namespace, PepItem item) {
        Element.Builder b = Element.builder("item", namespace).attribute("id", item.id());
        if (item.payload() != null && !item.payload().isEmpty()) {
            try {
                b.child(XmlParser.parse(item.payload(), Namespaces.CLIENT));
            } catch (IllegalArgumentException e) {
                log.warn("PEP item {} of {} is unreadable: {}", item.id(), item.publisher(), e.getMessage());
                return null;
            }
        }
        return b.build();
    }

    /** The event of a published item (XEP-0060 §7.1.2.1). */
    static Element published(String node, Element eventItem) {
        return Element.builder("items", Pubsub.EVENT).attribute("node", node).child(eventItem).build();
    }

    /** The event of a retracted item (XEP-0060 §7.2.2.1). */
    static Element retracted(String node, String itemId) {
        return Element.builder("items", Pubsub.EVENT).attribute("node", node)
                .child(Element.builder("retract", Pubsub.EVENT).attribute("id", itemId).build()).build();
    }

    /** The event of a deleted node (XEP-0060 §8.4.2). */
    static Element deleted(String node) {
        return Element.builder("delete", Pubsub.EVENT).attribute("node", node).build();
    }

    /** A headline notification from the owner's bare JID (XEP-0163 §4.3.1). */
    static Element notification(String owner, String to, Element eventChild) {
        return Element.builder("message", Namespaces.CLIENT)
                .attribute("from", owner).attribute("to", to).attribute("type", "headline")
                .attribute("id", "pep-" + Long.toString(MESSAGE_IDS.incrementAndGet(), 36))
                .child(Element.builder("event", Pubsub.EVENT).child(eventChild).build())
                .build();
    }

    /** A last published item, sent late: stamped with when it was published (XEP-0060 §12.20, XEP-0203). */
    static Element withDelay(Element notification, String owner, long published) {
        return notification.toBuilder()
                .child(Element.builder("delay", Pubsub.DELAY).attribute("from", owner)
                        .attribute("stamp", Instant.ofEpochMilli(published).toString()).build())
                .build();
    }
}
