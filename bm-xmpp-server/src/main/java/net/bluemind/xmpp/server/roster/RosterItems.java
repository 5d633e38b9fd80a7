package net.bluemind.xmpp.server.roster;

import java.util.Locale;

import net.bluemind.xmpp.spi.RosterStore.RosterItem;
import net.bluemind.xmpp.spi.RosterStore.Subscription;
import net.bluemind.xmpp.xml.Element;

/** Roster items as XML (RFC 6121 §2.1), and which stored items the user sees. */
public final class RosterItems {

    public static final String NS = "jabber:iq:roster";

    private RosterItems() {
    }

    /**
     * Whether the user sees the item. An inbound request from someone not in the roster is kept as an
     * item with no name (null), no group and no subscription, only to remember the request
     * (RFC 6121 §3.1.3): it is not shown. Items the user added always have a name, "" if none was given.
     */
    public static boolean visible(RosterItem item) {
        return item != null && (item.subscription() != Subscription.NONE || item.askOut() || item.name() != null
                || !item.groups().isEmpty());
    }

    public static Element toElement(RosterItem item) {
        Element.Builder b = Element.builder("item", NS)
                .attribute("jid", item.contact())
                .attribute("subscription", item.subscription().name().toLowerCase(Locale.ROOT));
        if (item.name() != null && !item.name().isEmpty()) {
            b.attribute("name", item.name());
        }
        if (item.askOut()) {
            b.attribute("ask", "subscribe");
        }
        if (item.preApproved()) {
            b.attribute("approved", "true");
        }
        for (String g : item.groups()) {
            b.textChild("group", NS, g);
        }
        return b.build();
    }

    public static Element removal(String contact) {
        return Element.builder("item", NS).attribute("jid", contact).attribute("subscription", "remove").build();
    }

    /** A fresh, visible item for a contact the user names (roster set or outbound subscription). */
    public static RosterItem added(String contact) {
        return new RosterItem(contact, "", Subscription.NONE, false, false, false, java.util.List.of());
    }
}
