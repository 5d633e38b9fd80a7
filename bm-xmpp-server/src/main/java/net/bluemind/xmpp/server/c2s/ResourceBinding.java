package net.bluemind.xmpp.server.c2s;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

import net.bluemind.xmpp.server.memory.HeldBytes;
import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.Namespaces;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * Resource binding (RFC 6120 §7): the client's resource or one the server makes up. A resource
 * already bound elsewhere is taken over: the newest connection wins, the old one gets a
 * {@code conflict} stream error (the policy most clients expect after a reconnect).
 */
final class ResourceBinding {

    /** @param session the bound session, or null when binding failed; @param reply the iq answer */
    record Result(ClientSession session, Element reply) {
    }

    private static final int MAX_RESOURCE_BYTES = 1023;

    private ResourceBinding() {
    }

    static Result bind(Element iq, EntityBareJid user, String connectionId, StanzaSink sink, C2SServices services) {
        Element bind = iq.firstChild("bind", Namespaces.BIND);
        if (!"set".equals(iq.attribute("type")) || iq.attribute("id") == null || iq.childElementCount() != 1) {
            return new Result(null, error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "bind is an iq set with one child")));
        }
        String requested = bind.childText("resource", Namespaces.BIND);
        Resourcepart resource;
        try {
            resource = requested == null || requested.isBlank() ? generated() : Resourcepart.from(requested);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return new Result(null, error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "the resource is not valid")));
        }
        if (resource.toString().getBytes(StandardCharsets.UTF_8).length > MAX_RESOURCE_BYTES) {
            return new Result(null, error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "the resource is too long")));
        }
        EntityFullJid full = JidCreate.entityFullFrom(user, resource);
        ClientSession[] bound = new ClientSession[1];
        HeldBytes held = new HeldBytes(services.memory(), services.limits().memory().maxSessionBytes(),
                why -> bound[0].closeWithError(StreamErrorCondition.POLICY_VIOLATION, why));
        ClientSession session = new ClientSession(full, sink, connectionId, services.admins().contains(user.toString()), held);
        bound[0] = session;
        ClientSession displaced = services.sessions().bind(session);
        if (displaced != null) {
            displaced.closeWithError(StreamErrorCondition.CONFLICT, "replaced by a new connection for the same resource");
        }
        Element reply = Element.builder("iq", Namespaces.CLIENT)
                .attribute("id", iq.attribute("id"))
                .attribute("type", "result")
                .child(Element.builder("bind", Namespaces.BIND).textChild("jid", Namespaces.BIND, full.toString()).build())
                .build();
        return new Result(session, reply);
    }

    /** The obsolete session iq is answered with success; a second bind on the same stream is not allowed. */
    static Element afterBind(Element iq, ClientSession session) {
        if (iq.firstChild("session", Namespaces.SESSION) != null) {
            return Element.builder("iq", Namespaces.CLIENT)
                    .attribute("id", iq.attribute("id")).attribute("type", "result")
                    .attribute("to", session.fullJidString())
                    .build();
        }
        return error(iq, StanzaError.of(StanzaError.Condition.NOT_ALLOWED, "a resource is already bound on this stream"));
    }

    private static Resourcepart generated() throws XmppStringprepException {
        return Resourcepart.from("bm-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    private static Element error(Element iq, StanzaError e) {
        return e.replyTo(iq).withAttribute("from", null).withAttribute("to", null);
    }
}
