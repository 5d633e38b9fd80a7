package net.bluemind.xmpp.server.router;

import java.util.concurrent.Executor;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.SessionManager;
import net.bluemind.xmpp.spi.Route;
import net.bluemind.xmpp.spi.StanzaProcessor;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * An iq from another server (RFC 6120 §8.2.3, RFC 6121 §8.5): to a local full JID it goes to that
 * resource; a request to a local account or to the domain is answered by the server's processors,
 * the answer routed back over federation.
 */
final class RemoteIq {

    private static final String PING = "urn:xmpp:ping";

    private final Router router;
    private final SessionManager sessions;
    private final ProcessorRegistry processors;
    private final Executor background;

    RemoteIq(Router router, SessionManager sessions, ProcessorRegistry processors, Executor background) {
        this.router = router;
        this.sessions = sessions;
        this.processors = processors;
        this.background = background;
    }

    void route(Element iq, Jid from, Jid to, String type) {
        boolean request = "get".equals(type) || "set".equals(type);
        if (!request && !"result".equals(type) && !"error".equals(type) || iq.attribute("id") == null) {
            router.bounceRemote(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "iq needs an id and a type"));
            return;
        }
        EntityFullJid full = to.asEntityFullJidIfPossible();
        if (full != null) {
            ClientSession target = sessions.find(full);
            if (target != null) {
                target.deliver(iq.withAttribute("to", full.toString()));
            } else if (request) {
                router.bounceRemote(iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            }
            return;
        }
        if (!request) {
            return; // the server asks remote entities nothing yet: stray answers are dropped
        }
        if (request && iq.childElementCount() != 1) {
            router.bounceRemote(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "an iq get/set has exactly one child"));
            return;
        }
        Element payload = iq.firstChildElement();
        EntityFullJid sender = from.asEntityFullJidIfPossible();
        if (sender == null) {
            // Processors answer people; a server (or a bare JID) may still ping us (XEP-0199).
            if (to.isDomainBareJid() && payload.is("ping", PING)) {
                router.remote().route(Element.builder("iq", iq.namespace()).attribute("from", to.toString())
                        .attribute("to", from.toString()).attribute("id", iq.attribute("id")).attribute("type", "result").build());
            } else {
                router.bounceRemote(iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            }
            return;
        }
        Route.Target target = to.isDomainBareJid() ? Route.Target.SERVER : Route.Target.ACCOUNT;
        StanzaProcessor p = processors.find("iq", payload, target);
        if (p == null) {
            router.bounceRemote(iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return;
        }
        Router.process(p, new RemoteStanzaContext(router, iq, sender, to, target, background));
    }
}
