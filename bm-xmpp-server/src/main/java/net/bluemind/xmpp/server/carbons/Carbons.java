package net.bluemind.xmpp.server.carbons;

import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.hooks.StanzaHooks;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionKey;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;

/**
 * XEP-0280 message carbons: copies of a user's instant messages, wrapped in XEP-0297 {@code <forwarded/>},
 * for the user's other resources that enabled carbons: {@code <received/>} for what the user got on
 * another resource, {@code <sent/>} for what it sent from one.
 */
public final class Carbons {

    public static final String NS = "urn:xmpp:carbons:2";
    public static final String FORWARD_NS = "urn:xmpp:forward:0";
    private static final String HINTS_NS = "urn:xmpp:hints";
    private static final String MUC_USER_NS = "http://jabber.org/protocol/muc#user";
    /** Set on a resource that enabled carbons. */
    static final SessionKey<Boolean> ENABLED = new SessionKey<>("carbons.enabled");

    /** Before the other handlers: copies go out as the original does. */
    static final int PRIORITY = 50;

    private final SessionManager sessions;

    public Carbons(SessionManager sessions) {
        this.sessions = sessions;
    }

    /**
     * Sent copies when a resource sends, received copies when a message reaches some of the recipient's resources (or
     * none, for those with a negative priority), and no {@code <private/>} in what the recipient gets.
     */
    public void attach(StanzaHooks hooks) {
        hooks.messageSent.add(PRIORITY, "carbons", m -> {
            sent(m.sender(), m.message(), m.to());
            return false;
        });
        hooks.messageToLocal.add(PRIORITY, "carbons", m -> {
            m.stanza(withoutPrivate(m.stanza()));
            return false;
        });
        hooks.messageDelivered.add(PRIORITY, "carbons", m -> {
            if (!m.redelivery()) {
                received(m.recipient(), m.sent(), m.stanza(), m.receivers());
            }
            return false;
        });
        hooks.messageUndelivered.add(PRIORITY, "carbons", m -> {
            if (!m.redelivery()) {
                received(m.recipient(), m.sent(), m.stanza(), List.of());
            }
            return false;
        });
    }

    /**
     * Which messages are copied (XEP-0280 §6, the suggested rules): chat, and normal with a body;
     * not errors (the server keeps no track of what they answer), groupchat, headlines, anything from a
     * room; not what the sender marked {@code <private/>} or {@code <no-copy/>} (XEP-0334), and never a
     * copy or a forwarded message itself.
     */
    public static boolean eligible(Element message) {
        String type = message.attribute("type");
        boolean im = "chat".equals(type)
                || (type == null || "normal".equals(type)) && message.firstChild("body", Namespaces.CLIENT) != null;
        if (!im) {
            return false;
        }
        for (Element child : message.childElements()) {
            String ns = child.namespace();
            if (ns.equals(NS) || ns.equals(FORWARD_NS) || ns.equals(MUC_USER_NS)
                    || child.is("no-copy", HINTS_NS)) {
                return false; // <private/>, <sent/>, <received/>; <forwarded/>; a room's private message; no-copy
            }
        }
        return true;
    }

    /** A resource sent a message to {@code to}: each other resource of the sender with carbons gets a sent copy. */
    public void sent(ClientSession sender, Element message, Jid to) {
        ClientSession[] all = sessions.sessions(sender.bareJid());
        if (all.length < 2) {
            return; // no other resource to copy to: the common case costs nothing more
        }
        boolean checked = false;
        for (ClientSession s : all) {
            if (s != sender && wantsCopies(s)) {
                if (!checked) {
                    if (to.asBareJid().equals(sender.bareJid()) || !eligible(message)) {
                        return; // to one's own account, the received copies already tell every resource
                    }
                    checked = true;
                }
                s.deliver(copy("sent", message, s));
            }
        }
    }

    /**
     * A message was delivered to {@code receivers} of {@code recipient}: each other resource of the recipient
     * with carbons gets a received copy (the sending resource itself, for a message to one's own account, aside).
     * Whether it is copied is decided on the message as sent ({@code <private/>} is removed from what the recipient
     * gets, §7), the copy wraps the message as delivered.
     */
    public void received(EntityBareJid recipient, Element asSent, Element message, List<ClientSession> receivers) {
        ClientSession[] all = sessions.sessions(recipient);
        if (all.length <= receivers.size()) {
            return; // every resource had the original: the common case costs nothing more
        }
        String from = message.attribute("from");
        boolean checked = false;
        for (ClientSession s : all) {
            if (!receivers.contains(s) && wantsCopies(s) && !s.fullJidString().equals(from)) {
                if (!checked) {
                    if (!eligible(asSent)) {
                        return;
                    }
                    checked = true;
                }
                s.deliver(copy("received", message, s));
            }
        }
    }

    /** The message as its recipient gets it: without the sender's {@code <private/>} (XEP-0280 §9 says the server should remove it). */
    public static Element withoutPrivate(Element message) {
        if (message.firstChild("private", NS) == null) {
            return message;
        }
        Element.Builder b = Element.builder(message.name(), message.namespace());
        for (int i = 0; i < message.attributeCount(); i++) {
            b.attribute(message.attributeName(i), message.attributeValue(i));
        }
        for (int i = 0; i < message.childCount(); i++) {
            Object c = message.child(i);
            if (c instanceof Element e) {
                if (!e.is("private", NS)) {
                    b.child(e);
                }
            } else {
                b.text((String) c);
            }
        }
        return b.build();
    }

    private static boolean wantsCopies(ClientSession s) {
        return s.isAvailable() && Boolean.TRUE.equals(s.get(ENABLED));
    }

    /** The wrapper of XEP-0280 §7/§8: from the user's bare JID to the resource, of the original's type. */
    private static Element copy(String direction, Element message, ClientSession to) {
        Element forwarded = Element.builder("forwarded", FORWARD_NS).child(message).build();
        return Element.builder("message", Namespaces.CLIENT)
                .attribute("from", to.bareJid().toString())
                .attribute("to", to.fullJidString())
                .attribute("type", message.attribute("type"))
                .child(Element.builder(direction, NS).child(forwarded).build())
                .build();
    }
}
